"""The import: check every row, then write every household in one transaction, or nothing."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession, Village
from giamngheo.common.text import fold
from giamngheo.registry.bulk import households_bulk_create
from giamngheo.registry.imports.columns import _SHARED_KEYS, COLUMN_BY_KEY, COLUMNS, Column, _header_key, _header_lookup
from giamngheo.registry.imports.plans import _batches, _HouseholdPlan, _PersonPlan, _Row
from giamngheo.registry.imports.reading import _READERS, _CellError, _FileError, _is_blank, _table_read, cell_shown
from giamngheo.registry.imports.results import ImportResult, RowError
from giamngheo.registry.models import EventKind, Household, Person, Relation
from giamngheo.registry.services import (
    HOUSEHOLD_FACT_FIELDS,
    PERSON_FIELDS,
    citizen_id_conflict_message,
    household_set_head,
    household_update,
    person_add,
    person_clean,
    person_update,
)

_QUERY_CHUNK = 500  # below SQLite's limit on query parameters


def _same(key: str, first: Any, other: Any) -> bool:
    # A village is looked up by its folded name, so "thon hai" and "Thôn Hai" name the same one.
    return fold(first) == fold(other) if key == "village" else bool(first == other)


class _Rollback(Exception):
    pass


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _QUERY_CHUNK):
        yield items[start : start + _QUERY_CHUNK]


class _Importer:
    def __init__(self, *, actor: User | None, path: Path, commune: AdminUnit | None) -> None:
        self.actor, self.path, self.restrict = actor, path, commune
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    # -- messages

    def error(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.errors.append(RowError(row, header, cell_shown(value), message))

    def warn(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.warnings.append(RowError(row, header, cell_shown(value), message))

    def validation_error(self, row: int, error: ValidationError, cells: Mapping[str, Any]) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row, key if key in COLUMN_BY_KEY else "", message, cells.get(key, ""))
        else:
            for message in error.messages:
                self.error(row, "", message)

    # -- phase 1: rows

    def rows_read(self) -> list[_Row]:
        try:
            table = _table_read(self.path)
        except _FileError as error:
            self.errors.append(RowError(0, "", "", str(error)))
            return []
        table = [(n, cells) for n, cells in table if not all(_is_blank(c) for c in cells)]
        if not table:
            self.errors.append(
                RowError(0, "", "", "Tệp không có dữ liệu: dòng đầu là tiêu đề cột, mỗi dòng sau là một người.")
            )
            return []
        # The header is the first row naming the Mã hộ column, so a title above it (as many communes' lists have)
        # does no harm; without one, the first non-empty row is taken and its missing columns reported.
        code_column = COLUMN_BY_KEY["code"]
        lookup = _header_lookup()
        start = next(
            (
                index
                for index, (_, cells) in enumerate(table[:10])
                if any(not _is_blank(c) and lookup.get(_header_key(cell_shown(c))) is code_column for c in cells)
            ),
            0,
        )
        (header_number, header), data = table[start], table[start + 1 :]
        columns = self.header_read(header_number, header)
        if self.errors:
            return []
        if not data:
            self.errors.append(RowError(0, "", "", "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
        rows = []
        for number, cells in data:
            row = self.row_read(number, cells, columns)
            if row is not None:
                rows.append(row)
        return rows

    def header_read(self, number: int, header: Sequence[Any]) -> dict[int, Column]:
        lookup = _header_lookup()
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, cell in enumerate(header):
            if _is_blank(cell):
                continue
            column = lookup.get(_header_key(cell_shown(cell)))
            if column is None:
                self.warn(number, cell_shown(cell), "Cột không có trong mẫu; bỏ qua.", cell)
                continue
            if column.key in seen:
                self.error(
                    number,
                    column.key,
                    f"Cột “{column.header}” có hai lần (cột {seen[column.key] + 1} và cột {index + 1}).",
                    cell,
                )
                continue
            seen[column.key] = index
            columns[index] = column
        missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
        if missing:
            self.errors.append(
                RowError(
                    number,
                    ", ".join(missing),
                    "",
                    f"Thiếu cột bắt buộc: {', '.join(missing)}. Dùng tệp mẫu (import_template).",
                )
            )
        return columns

    def row_read(self, number: int, cells: Sequence[Any], columns: Mapping[int, Column]) -> _Row | None:
        row = _Row(number=number, code="", cells={}, values={})
        for index, column in columns.items():
            raw = cells[index] if index < len(cells) else None
            row.cells[column.key] = raw
            if _is_blank(raw):
                if column.required and column.scope == "person":
                    self.error(number, column.key, f"Chưa ghi {column.header}.")
                    row.bad.add(column.key)
                continue
            try:
                value = _READERS[column.kind](column, raw)
            except _CellError as error:
                self.error(number, column.key, str(error), raw)
                row.bad.add(column.key)
                continue
            if value != "":
                row.values[column.key] = value
        row.code = row.values.pop("code", "")
        if not row.code:
            if "code" not in row.bad:
                self.error(number, "code", "Chưa ghi Mã hộ: mỗi dòng phải có mã hộ của người đó.")
            return None
        return row

    # -- phase 2: households

    def households_group(self, rows: Sequence[_Row]) -> list[_HouseholdPlan]:
        plans: dict[str, _HouseholdPlan] = {}
        for row in rows:
            plan = plans.setdefault(row.code, _HouseholdPlan(code=row.code, rows=[]))
            plan.rows.append(row)
            for key in _SHARED_KEYS:
                if key not in row.values:
                    continue
                if key not in plan.values:
                    plan.values[key], plan.first_row[key] = row.values[key], row.number
                elif not _same(key, plan.values[key], row.values[key]):
                    self.error(
                        row.number,
                        key,
                        f"Hộ {row.code}: dòng {plan.row_of(key)} ghi “{cell_shown(plan.cell(key))}”, "
                        f"dòng {row.number} ghi “{cell_shown(row.cells[key])}”. Thông tin chung của hộ phải giống "
                        "nhau trên mọi dòng (hoặc chỉ ghi ở một dòng).",
                        row.cells[key],
                    )
        return list(plans.values())

    def units_resolve(self, plans: Sequence[_HouseholdPlan]) -> None:
        current_codes = sorted({p.values["commune_code"] for p in plans if "commune_code" in p.values})
        legacy_codes = sorted({p.values["legacy_commune_code"] for p in plans if "legacy_commune_code" in p.values})
        communes = AdminUnit.objects.current().communes()
        current = {u.code: u for chunk in _chunks(current_codes) for u in communes.filter(code__in=chunk)}
        legacy = {
            u.code: u
            for chunk in _chunks(legacy_codes)
            for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
        }
        successors: dict[int, list[UnitSuccession]] = defaultdict(list)
        for edge in UnitSuccession.objects.filter(old__in=list(legacy.values())).select_related("new"):
            successors[edge.old_id].append(edge)
        legacy_only = {
            u.code: u
            for chunk in _chunks([c for c in current_codes if c not in current])
            for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
        }
        for plan in plans:
            self.unit_resolve(plan, current, legacy, successors, legacy_only)
        self.villages_resolve(plans)

    def unit_resolve(
        self,
        plan: _HouseholdPlan,
        current: Mapping[str, AdminUnit],
        legacy: Mapping[str, AdminUnit],
        successors: Mapping[int, list[UnitSuccession]],
        legacy_only: Mapping[str, AdminUnit],
    ) -> None:
        commune_code = plan.values.get("commune_code")
        legacy_code = plan.values.get("legacy_commune_code")
        commune: AdminUnit | None = None
        if commune_code:
            commune = current.get(commune_code)
            if commune is None:
                hint = (
                    f" Mã này là {legacy_only[commune_code]} trước 01/07/2025: ghi vào cột Mã xã cũ."
                    if commune_code in legacy_only
                    else ""
                )
                self.error(
                    plan.row_of("commune_code"),
                    "commune_code",
                    f"Không có xã, phường, đặc khu hiện hành mã {commune_code}.{hint}",
                    commune_code,
                )
                return
        if legacy_code:
            old = legacy.get(legacy_code)
            if old is None:
                self.error(
                    plan.row_of("legacy_commune_code"),
                    "legacy_commune_code",
                    f"Không có xã, phường, thị trấn mã {legacy_code} trong danh mục trước 01/07/2025.",
                    legacy_code,
                )
                return
            edges = successors.get(old.pk, [])
            news = [e.new for e in edges]
            if commune is not None:
                if commune not in news:
                    names = ", ".join(f"{u} ({u.code})" for u in news) or "không có"
                    self.error(
                        plan.row_of("commune_code"),
                        "commune_code",
                        f"{old} ({old.code}) không được sắp xếp vào {commune} ({commune.code}). Xã mới nhận "
                        f"địa bàn xã cũ này: {names}.",
                        commune_code,
                    )
                    return
            else:
                defaults = [e.new for e in edges if e.is_default] or (news if len(news) == 1 else [])
                if len(defaults) != 1:
                    names = ", ".join(f"{u} ({u.code})" for u in news)
                    message = (
                        f"{old} ({old.code}) được chia cho nhiều xã mới ({names}); ghi thêm Mã xã hiện hành."
                        if news
                        else f"{old} ({old.code}) chưa có xã mới tương ứng trong bảng sắp xếp đơn vị hành chính."
                    )
                    self.error(plan.row_of("legacy_commune_code"), "legacy_commune_code", message, legacy_code)
                    return
                commune = defaults[0]
            plan.legacy_commune = old
        if commune is None:
            if self.restrict is None:
                self.error(
                    plan.row, "commune_code", f"Hộ {plan.code} chưa có Mã xã: ghi Mã xã (hiện hành) hoặc Mã xã cũ."
                )
                return
            commune = self.restrict
        if self.restrict is not None and commune.pk != self.restrict.pk:
            key = "commune_code" if commune_code else "legacy_commune_code"
            self.error(
                plan.row_of(key),
                key,
                f"Hộ {plan.code} thuộc {commune}; tệp này chỉ được nhập hộ của {self.restrict}.",
                plan.cell(key),
            )
            return
        plan.commune = commune

    def villages_resolve(self, plans: Sequence[_HouseholdPlan]) -> None:
        commune_ids = {p.commune.pk for p in plans if p.commune is not None}
        by_commune: dict[int, list[Village]] = defaultdict(list)
        for village in Village.objects.filter(commune_id__in=commune_ids):
            by_commune[village.commune_id].append(village)
        # A household already in a village that was later deactivated may stay there (re-importing the same file
        # changes nothing); only a new household, or a move, needs an active village.
        current_village = {
            code: village_id
            for chunk in _chunks(sorted({p.code for p in plans}))
            for code, village_id in Household.objects.filter(code__in=chunk).values_list("code", "village_id")
        }
        for plan in plans:
            if plan.commune is None:
                continue
            name = plan.values.get("village")
            if not name:
                if not any("village" in r.bad for r in plan.rows):
                    self.error(plan.row, "village", f"Hộ {plan.code} chưa ghi Thôn, tổ dân phố.")
                continue
            villages = by_commune[plan.commune.pk]
            found = [v for v in villages if v.name == name] or [
                v for v in villages if fold(name) in (fold(v.name), fold(str(v)))
            ]
            row = plan.row_of("village")
            if len(found) > 1:
                self.error(
                    row,
                    "village",
                    f"Tên này khớp nhiều thôn của {plan.commune}: "
                    f"{', '.join(v.name for v in found)}. Ghi đúng tên có dấu.",
                    name,
                )
            elif not found:
                self.error(
                    row,
                    "village",
                    f"{plan.commune} chưa có thôn, tổ dân phố “{name}”. Tạo thôn trong "
                    "hệ thống trước (trang Thôn, tổ dân phố của xã) rồi nhập lại.",
                    name,
                )
            elif not found[0].is_active and current_village.get(plan.code) != found[0].pk:
                self.error(
                    row, "village", f"Thôn “{found[0].name}” đã ngừng hoạt động; chọn thôn đang hoạt động.", name
                )
            else:
                plan.village = found[0]
            area_type = plan.values.get("area_type") or plan.commune.area_type
            if not area_type and "area_type" not in {k for r in plan.rows for k in r.bad}:
                self.error(
                    plan.row,
                    "area_type",
                    f"{plan.commune} chưa ghi khu vực thành thị/nông thôn: ghi cột Khu vực cho hộ {plan.code}.",
                )

    # -- phase 3: persons

    def heads_check(self, plans: Sequence[_HouseholdPlan]) -> None:
        for plan in plans:
            if any("relation" in r.bad for r in plan.rows):
                continue
            heads = [r for r in plan.rows if r.values.get("relation") == Relation.HEAD]
            if not heads:
                self.error(
                    plan.row, "relation", f"Hộ {plan.code} chưa có dòng nào là Chủ hộ; mỗi hộ có đúng một chủ hộ."
                )
            for extra in heads[1:]:
                self.error(
                    extra.number,
                    "relation",
                    f"Hộ {plan.code} có nhiều chủ hộ: dòng {heads[0].number} và "
                    f"dòng {extra.number}. Mỗi hộ có đúng một chủ hộ.",
                    extra.cells["relation"],
                )

    def citizen_ids_check(self, plans: Sequence[_HouseholdPlan]) -> dict[str, Person]:
        """Duplicates inside the file, then numbers already held in the register by a person of another household."""
        first: dict[str, _Row] = {}
        for plan in plans:
            for row in plan.rows:
                citizen_id = row.values.get("citizen_id")
                if not citizen_id:
                    continue
                if citizen_id in first:
                    other = first[citizen_id]
                    self.error(
                        row.number,
                        "citizen_id",
                        f"Số CCCD {citizen_id} đã ghi ở dòng {other.number} "
                        f"(hộ {other.code}). Một số CCCD chỉ thuộc một người.",
                        row.cells["citizen_id"],
                    )
                else:
                    first[citizen_id] = row
        holders = {
            p.citizen_id: p
            for chunk in _chunks(sorted(first))
            for p in Person.objects.select_related("household__village", "household__commune").filter(
                citizen_id__in=chunk
            )
            if p.citizen_id
        }
        for citizen_id, row in first.items():
            holder = holders.get(citizen_id)
            if holder is None:
                continue
            if holder.household.code != row.code:
                self.error(
                    row.number,
                    "citizen_id",
                    citizen_id_conflict_message(citizen_id, holder, actor=self.actor),
                    row.cells["citizen_id"],
                )
            elif holder.left_on is not None:
                self.error(
                    row.number,
                    "citizen_id",
                    f"Số CCCD {citizen_id} là của {holder.full_name}, người đã ra "
                    f"khỏi hộ {row.code} ngày {holder.left_on:%d/%m/%Y}. Người quay lại hộ được ghi nhận trên "
                    "trang của hộ.",
                    row.cells["citizen_id"],
                )
        return holders

    def existing_load(self, plans: Sequence[_HouseholdPlan]) -> dict[int, list[Person]]:
        codes = sorted(p.code for p in plans)
        existing = {
            h.code: h
            for chunk in _chunks(codes)
            for h in Household.objects.select_related("commune", "legacy_commune", "village", "head").filter(
                code__in=chunk
            )
        }
        members: dict[int, list[Person]] = defaultdict(list)
        ids = [h.pk for h in existing.values()]
        for start in range(0, len(ids), _QUERY_CHUNK):
            for person in Person.objects.members().filter(household_id__in=ids[start : start + _QUERY_CHUNK]):
                members[person.household_id].append(person)
        for plan in plans:
            plan.existing = existing.get(plan.code)
        return members

    def household_plan(self, plan: _HouseholdPlan, members: list[Person]) -> None:
        household = plan.existing
        if household is None:
            for row in plan.rows:
                self.person_plan_new(plan, row)
            return
        if household.ended_on is not None:
            self.error(
                plan.row,
                "code",
                f"Hộ {plan.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y} "
                f"({household.get_end_reason_display()}); không nhập lại được.",
                plan.code,
            )
            return
        if plan.commune is not None and household.commune_id != plan.commune.pk:
            where = "" if self.restrict is not None else f" ({household.commune})"
            self.error(
                plan.row,
                "code",
                f"Mã hộ {plan.code} đã dùng cho một hộ của xã khác{where}. Hộ chuyển "
                "sang xã khác làm thủ tục chuyển đi, chuyển đến; hộ khác thì dùng mã khác.",
                plan.code,
            )
            return
        self.household_changes(plan, household)
        self.persons_match(plan, household, members)

    def household_changes(self, plan: _HouseholdPlan, household: Household) -> None:
        if plan.village is not None and plan.village.pk != household.village_id:
            plan.changes["village"] = plan.village
        for key in ("address", "area_type", *HOUSEHOLD_FACT_FIELDS):
            if key in plan.values and plan.values[key] != getattr(household, key):
                plan.changes[key] = plan.values[key]
        status = plan.values.get("status")
        if status and status != household.status:
            # Decision 24/2021: after go-live a status changes only by the commune chairman's decision.
            self.warn(
                plan.row_of("status"),
                "status",
                f"Hộ {plan.code} đang là {household.get_status_display()} "
                "trong sổ; tình trạng chỉ thay đổi bằng quyết định, không thay đổi qua nhập tệp.",
                plan.cell("status"),
            )
        if plan.legacy_commune is not None and plan.legacy_commune.pk != household.legacy_commune_id:
            self.warn(
                plan.row_of("legacy_commune_code"),
                "legacy_commune_code",
                f"Hộ {plan.code} đã có trong sổ; xã cũ của hộ giữ nguyên, không thay đổi qua nhập tệp.",
                plan.cell("legacy_commune_code"),
            )

    def persons_match(self, plan: _HouseholdPlan, household: Household, members: list[Person]) -> None:
        """Match each row to a current member: by CCCD first, then by folded name and date of birth."""
        free = {p.pk: p for p in members}
        matched: dict[int, Person] = {}
        by_citizen_id = {p.citizen_id: p for p in members if p.citizen_id}
        for row in plan.rows:
            person = by_citizen_id.get(row.values.get("citizen_id") or "")
            if person is not None and person.pk in free:
                matched[row.number] = free.pop(person.pk)
        for row in plan.rows:
            if row.number in matched or "full_name" not in row.values or "date_of_birth" not in row.values:
                continue
            key = (fold(row.values["full_name"]), row.values["date_of_birth"])
            person = next((p for p in free.values() if (p.name_folded, p.date_of_birth) == key), None)
            if person is not None:
                matched[row.number] = free.pop(person.pk)
        for row in plan.rows:
            person = matched.get(row.number)
            if person is None:
                self.person_plan_new(plan, row)
            else:
                self.person_plan_existing(plan, row, person)
        head_rows = [p for p in plan.persons if p.data.get("relation") == Relation.HEAD]
        if len(head_rows) == 1 and household.head_id is not None:
            head = head_rows[0]
            if head.existing is None or head.existing.pk != household.head_id:
                self.error(
                    head.row.number,
                    "relation",
                    f"Chủ hộ trong sổ của hộ {plan.code} là "
                    f"{household.head.full_name if household.head else ''}, còn tệp ghi chủ hộ là "
                    f"{head.data.get('full_name', '')}. Đổi chủ hộ trên trang của hộ trước rồi nhập lại.",
                    head.row.cells.get("relation"),
                )
        if free:
            names = ", ".join(f"{p.full_name} ({p.date_of_birth:%d/%m/%Y})" for p in free.values())
            self.warn(
                plan.row,
                "",
                f"Hộ {plan.code}: {len(free)} người trong sổ không có trong tệp ({names}); giữ "
                "nguyên, không xoá. Nếu họ đã chuyển đi hoặc chết, ghi nhận trên trang của hộ.",
            )

    def person_plan_new(self, plan: _HouseholdPlan, row: _Row) -> None:
        if row.bad & set(PERSON_FIELDS):
            return
        try:
            data = person_clean(row.person)
        except ValidationError as error:
            self.validation_error(row.number, error, row.cells)
            return
        plan.persons.append(_PersonPlan(row=row, data=data))

    def person_plan_existing(self, plan: _HouseholdPlan, row: _Row, person: Person) -> None:
        if row.bad & set(PERSON_FIELDS):
            return
        given = row.person
        current = {name: getattr(person, name) for name in PERSON_FIELDS}
        try:
            cleaned = person_clean(current | given)
        except ValidationError as error:
            self.validation_error(row.number, error, row.cells)
            return
        # A blank cell keeps what the register has: the file only ever adds or corrects.
        changes = {k: cleaned[k] for k in given if cleaned[k] != current[k]}
        person_plan = _PersonPlan(row=row, data=cleaned, existing=person, changes=changes)
        household = plan.existing
        if changes.get("relation") == Relation.HEAD and household is not None and household.head_id is None:
            person_plan.becomes_head = True
            del changes["relation"]
        elif "relation" in changes and Relation.HEAD in (changes["relation"], current["relation"]):
            # A different head is reported by persons_match; no update is planned for this row.
            del changes["relation"]
        plan.persons.append(person_plan)

    # -- phase 4: write

    def write(
        self, plans: Sequence[_HouseholdPlan], result: ImportResult, progress: Callable[[int, int], None] | None
    ) -> None:
        today = timezone.localdate()
        total, done = len(plans), 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, total)

        new = [p for p in plans if p.existing is None]
        try:
            with transaction.atomic():
                if new:
                    # A commune's first import is thousands of households: the bulk writer inserts them with the
                    # same records household_register writes (event, search text, head link, creation audit entry).
                    try:
                        households_bulk_create(
                            actor=self.actor,
                            batches=_batches(new),
                            registered_on=today,
                            note=f"Nhập từ tệp {self.path.name}",
                            on_batch=advance,
                        )
                    except ValidationError as error:
                        self.validation_error(new[0].row, error, {})
                        raise _Rollback from error
                    result.created = len(new)
                    result.persons_created = sum(len(p.persons) for p in new)
                for plan in plans:
                    if plan.existing is None:
                        continue
                    try:
                        self.household_write(plan, result, today)
                    except ValidationError as error:
                        self.validation_error(plan.row, error, plan.rows[0].cells)
                        raise _Rollback from error
                    except IntegrityError as error:
                        # Someone changed the register between the check and the write (e.g. the same CCCD).
                        self.error(
                            plan.row,
                            "code",
                            f"Không ghi được hộ {plan.code}: dữ liệu trong sổ vừa thay đổi. Nhập lại tệp.",
                            plan.code,
                        )
                        raise _Rollback from error
                    advance(1)
        except _Rollback:
            result.created = result.updated = result.unchanged = 0
            result.persons_created = result.persons_updated = 0

    def household_write(self, plan: _HouseholdPlan, result: ImportResult, today: datetime.date) -> None:
        """Bring an existing household in line with the file, through the register's services."""
        assert plan.existing is not None
        if not plan.changed:
            result.unchanged += 1
            return
        household = plan.existing
        if plan.changes:
            household = household_update(actor=self.actor, household=household, data=plan.changes)
        for person_plan in plan.persons:
            if person_plan.existing is None:
                continue
            if person_plan.becomes_head:
                household_set_head(
                    actor=self.actor,
                    household=household,
                    person=person_plan.existing,
                    former_head_relation=Relation.OTHER_RELATIVE,
                    occurred_on=today,
                )
            if person_plan.changes:
                try:
                    person_update(actor=self.actor, person=person_plan.existing, data=person_plan.changes)
                except ValidationError as error:
                    self.validation_error(person_plan.row.number, error, person_plan.row.cells)
                    raise _Rollback from error
            if person_plan.changes or person_plan.becomes_head:
                result.persons_updated += 1
        household.refresh_from_db(fields=["head"])
        for person_plan in plan.persons:
            if person_plan.existing is not None:
                continue
            born_here = person_plan.data["date_of_birth"] >= household.created_at.date()
            try:
                person_add(
                    actor=self.actor,
                    household=household,
                    data=person_plan.data,
                    kind=EventKind.BIRTH if born_here else EventKind.MOVED_IN,
                    occurred_on=person_plan.data["date_of_birth"] if born_here else today,
                    note=f"Bổ sung khi nhập tệp {self.path.name}",
                )
            except ValidationError as error:
                self.validation_error(person_plan.row.number, error, person_plan.row.cells)
                raise _Rollback from error
            result.persons_created += 1
        result.updated += 1

    # -- all

    def run(self, progress: Callable[[int, int], None] | None) -> ImportResult:
        result = ImportResult(warnings=self.warnings, errors=self.errors)
        rows = self.rows_read()
        plans = self.households_group(rows)
        self.units_resolve(plans)
        self.heads_check(plans)
        self.citizen_ids_check(plans)
        members = self.existing_load(plans)
        for plan in plans:
            if plan.commune is not None:
                self.household_plan(plan, members.get(plan.existing.pk, []) if plan.existing else [])
        if not self.errors and plans:
            self.write(plans, result, progress)
        self.errors.sort(key=lambda e: e.row)
        result.ok = not self.errors
        return result


def households_import(
    *,
    actor: User | None,
    path: Path,
    commune: AdminUnit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check every row of the file, then write all households in one transaction, or nothing when any row is wrong.

    `commune` restricts the file to one commune of today's map (a commune officer's upload): rows of other communes
    are errors, and rows without a commune code belong to it. `progress(done, total)` counts households written (new
    ones in batches of 500, then existing ones one by one).

    New households go in through `registry.bulk` (the records `household_register` writes, with one creation audit
    entry per household noting the file). Existing households (same Mã hộ) are compared and, when different, updated
    through `household_update` / `person_update` / `person_add` with their audit entries; members missing from the
    file are left as they are and reported as warnings.
    """
    if commune is not None and (commune.era != Era.CURRENT or commune.level != Level.COMMUNE):
        raise ValueError(f"{commune} không phải xã, phường, đặc khu hiện hành.")
    return _Importer(actor=actor, path=Path(path), commune=commune).run(progress)
