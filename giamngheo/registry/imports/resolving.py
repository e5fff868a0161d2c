"""Phase 2 of the import, resolve: the rows grouped into households by Mã hộ, then each household's commune (by
today's code, or by the code before 01/07/2025 through the old→new mapping) and its village."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from giamngheo.areas.models import AdminUnit, UnitSuccession, Village
from giamngheo.common.text import fold
from giamngheo.registry.imports.plans import HouseholdPlan, Row
from giamngheo.registry.imports.queries import chunks, household_ids_by_code
from giamngheo.registry.imports.results import Findings
from giamngheo.registry.models import Household
from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS


def _same(key: str, first: Any, other: Any) -> bool:
    # A village is looked up by its folded name, so "thon hai" and "Thôn Hai" name the same one.
    return fold(first) == fold(other) if key == "village" else bool(first == other)


def households_group(rows: Sequence[Row], findings: Findings) -> list[HouseholdPlan]:
    """The rows by Mã hộ, with the household columns they give; rows that disagree on one are errors."""
    plans: dict[str, HouseholdPlan] = {}
    for row in rows:
        plan = plans.get(row.code)
        if plan is None:
            plans[row.code] = HouseholdPlan(code=row.code, rows=[row])
            continue
        plan.rows.append(row)
        values = row.values
        for key, position in row.layout.shared:
            value = values[position]
            if value is None:
                continue
            known = plan.value(key)
            if known is None:
                plan.given_later(key, row.number, value)
            elif not _same(key, known, value):
                findings.error(
                    row.number,
                    key,
                    f"Hộ {row.code}: dòng {plan.row_of(key)} ghi “{plan.shown(key)}”, "
                    f"dòng {row.number} ghi “{row.shown(key)}”. Thông tin chung của hộ phải giống "
                    "nhau trên mọi dòng (hoặc chỉ ghi ở một dòng).",
                    row.shown(key),
                )
    return list(plans.values())


# What the later phases read of a household already in the register; the write phase loads the whole household
# again for the few it changes. A file of 20,000 households imported again so holds 20,000 small objects, not 80,000
# (each household with its commune, village and head).
_PLANNED_FIELDS = (
    "id",
    "code",
    "commune_id",
    "legacy_commune_id",
    "village_id",
    "head_id",
    "ended_on",
    "end_reason",
    "status",
    "address",
    "area_type",
    *HOUSEHOLD_FACT_FIELDS,
)


def households_existing_load(plans: Sequence[HouseholdPlan]) -> None:
    """The register's household of each code of the file (plan.existing), read once for every later phase."""
    ids = sorted(household_ids_by_code([p.code for p in plans]).values())
    existing = {
        h.code: h for chunk in chunks(ids) for h in Household.objects.only(*_PLANNED_FIELDS).filter(pk__in=chunk)
    }
    for plan in plans:
        plan.existing = existing.get(plan.code)


def communes_resolve(plans: Sequence[HouseholdPlan], *, restrict: AdminUnit | None, findings: Findings) -> None:
    """Each household's commune of today's map, from its current code or through the old→new mapping from its
    legacy code; with `restrict`, only that commune."""
    current_codes = sorted({c for p in plans if (c := p.value("commune_code"))})
    legacy_codes = sorted({c for p in plans if (c := p.value("legacy_commune_code"))})
    communes = AdminUnit.objects.current().communes()
    current = {u.code: u for chunk in chunks(current_codes) for u in communes.filter(code__in=chunk)}
    legacy = {
        u.code: u
        for chunk in chunks(legacy_codes)
        for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
    }
    successors: dict[int, list[UnitSuccession]] = defaultdict(list)
    for edge in UnitSuccession.objects.filter(old__in=list(legacy.values())).select_related("new"):
        successors[edge.old_id].append(edge)
    legacy_only = {
        u.code: u
        for chunk in chunks([c for c in current_codes if c not in current])
        for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
    }
    for plan in plans:
        _commune_resolve(plan, current, legacy, successors, legacy_only, restrict=restrict, findings=findings)


def _commune_resolve(
    plan: HouseholdPlan,
    current: Mapping[str, AdminUnit],
    legacy: Mapping[str, AdminUnit],
    successors: Mapping[int, list[UnitSuccession]],
    legacy_only: Mapping[str, AdminUnit],
    *,
    restrict: AdminUnit | None,
    findings: Findings,
) -> None:
    commune_code = plan.value("commune_code")
    legacy_code = plan.value("legacy_commune_code")
    commune: AdminUnit | None = None
    if commune_code:
        commune = current.get(commune_code)
        if commune is None:
            hint = (
                f" Mã này là {legacy_only[commune_code]} trước 01/07/2025: ghi vào cột Mã xã cũ."
                if commune_code in legacy_only
                else ""
            )
            findings.error(
                plan.row_of("commune_code"),
                "commune_code",
                f"Không có xã, phường, đặc khu hiện hành mã {commune_code}.{hint}",
                commune_code,
            )
            return
    if legacy_code:
        old = legacy.get(legacy_code)
        if old is None:
            findings.error(
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
                findings.error(
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
                findings.error(plan.row_of("legacy_commune_code"), "legacy_commune_code", message, legacy_code)
                return
            commune = defaults[0]
        plan.legacy_commune = old
    if commune is None:
        if restrict is None:
            findings.error(
                plan.row, "commune_code", f"Hộ {plan.code} chưa có Mã xã: ghi Mã xã (hiện hành) hoặc Mã xã cũ."
            )
            return
        commune = restrict
    if restrict is not None and commune.pk != restrict.pk:
        key = "commune_code" if commune_code else "legacy_commune_code"
        findings.error(
            plan.row_of(key),
            key,
            f"Hộ {plan.code} thuộc {commune}; tệp này chỉ được nhập hộ của {restrict}.",
            plan.shown(key),
        )
        return
    plan.commune = commune


def villages_resolve(plans: Sequence[HouseholdPlan], findings: Findings) -> None:
    """Each household's village by name within its commune, and its area type (thành thị/nông thôn)."""
    commune_ids = {p.commune.pk for p in plans if p.commune is not None}
    by_commune: dict[int, list[Village]] = defaultdict(list)
    # Each village's folded spellings, once: a file of thousands of households looks its villages up thousands of times.
    spellings: dict[int, tuple[str, str]] = {}
    for village in Village.objects.filter(commune_id__in=commune_ids):
        by_commune[village.commune_id].append(village)
        spellings[village.pk] = (fold(village.name), fold(str(village)))
    for plan in plans:
        if plan.commune is None:
            continue
        name = plan.value("village")
        if not name:
            if not any("village" in r.bad for r in plan.rows):
                findings.error(plan.row, "village", f"Hộ {plan.code} chưa ghi Thôn, tổ dân phố.")
            continue
        villages = by_commune[plan.commune.pk]
        found = [v for v in villages if v.name == name]
        if not found:
            folded = fold(name)
            found = [v for v in villages if folded in spellings[v.pk]]
        row = plan.row_of("village")
        if len(found) > 1:
            findings.error(
                row,
                "village",
                f"Tên này khớp nhiều thôn của {plan.commune}: {', '.join(v.name for v in found)}. Ghi đúng tên có dấu.",
                name,
            )
        elif not found:
            findings.error(
                row,
                "village",
                f"{plan.commune} chưa có thôn, tổ dân phố “{name}”. Tạo thôn trong "
                "hệ thống trước (trang Thôn, tổ dân phố của xã) rồi nhập lại.",
                name,
            )
        # A household already in a village that was later deactivated may stay there (re-importing the same file
        # changes nothing); only a new household, or a move, needs an active village.
        elif not found[0].is_active and (plan.existing is None or plan.existing.village_id != found[0].pk):
            findings.error(
                row, "village", f"Thôn “{found[0].name}” đã ngừng hoạt động; chọn thôn đang hoạt động.", name
            )
        else:
            plan.village = found[0]
        area_type = plan.value("area_type") or plan.commune.area_type
        if not area_type and "area_type" not in {k for r in plan.rows for k in r.bad}:
            findings.error(
                plan.row,
                "area_type",
                f"{plan.commune} chưa ghi khu vực thành thị/nông thôn: ghi cột Khu vực cho hộ {plan.code}.",
            )
