"""The official review-result tables (Circular 07/2021 Phụ lục VII, spec §9.2), one row per commune and a total,
by households (Hộ) and by persons (Khẩu), read from the status ledger and the register.

A change table's end column is computed from the identity of spec §6.2 — end = start − escaped − other decreases
+ moved in from the other list + re-… + newly arising + other increases — and checked against the end count read
straight from the ledger; a row where they differ is an error (ReportError), never a number.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from giamngheo.areas.models import AdminUnit, Level, UnitSuccession
from giamngheo.registry.models import ETHNICITY_CHOICES, Household, Person, Schooling, Status
from giamngheo.reports.models import TallyKind
from giamngheo.reports.tallies.selectors import latest_assessments, tallies_counted
from giamngheo.reports.tallies.services import tallies_ensure_fresh
from giamngheo.reviews.forms_data import causes as cause_list
from giamngheo.reviews.models import Change, LedgerEntry
from giamngheo.reviews.selectors import Tally, households_at_year_end
from giamngheo.reviews.services.decisions import household_groups
from giamngheo.standards.derive import age_on, derivation_params
from giamngheo.standards.params import standard_in_force


class ReportError(ValueError):
    """A table cannot be produced as asked (unknown unit, broken identity). The message is Vietnamese."""


NATIONAL_CODE = "VN"  # the whole country, in `export_report --unit` and on the reports page


@dataclass(frozen=True)
class Area:
    """What a report covers and what its rows are: a current province (rows: its communes), a current commune
    (itself), the whole country (rows: the provinces), or a unit of the old map — a province, district or commune
    before 01/07/2025 (rows: its old communes, each household counted under the old commune recorded for it).

    `commune_ids` are the current communes whose households the report reads; for an old-map unit, the successors
    of its old communes, whose households are then kept only if recorded under one of them."""

    name: str
    code: str
    parts: tuple[AdminUnit, ...]
    commune_ids: tuple[int, ...]
    national: bool = False
    legacy: bool = False
    province_of: dict[int, int] | None = None  # national: current commune → province

    def part_of(self, commune_id: int, legacy_commune_id: int | None) -> int | None:
        """The pk of the row a household of (current commune, old commune) counts in; None: not in this area."""
        if self.legacy:
            return legacy_commune_id if legacy_commune_id in self._legacy_ids else None
        if self.national:
            return (self.province_of or {}).get(commune_id)
        return commune_id

    @property
    def _legacy_ids(self) -> frozenset[int]:
        return frozenset(p.pk for p in self.parts)


def national_area() -> Area:
    communes = AdminUnit.objects.current().communes().values_list("pk", "province_id")
    return Area(
        name="Toàn quốc",
        code=NATIONAL_CODE,
        parts=tuple(AdminUnit.objects.current().provinces().order_by("code")),
        commune_ids=tuple(pk for pk, _ in communes),
        national=True,
        province_of={pk: province for pk, province in communes if province is not None},
    )


def area_of(unit: "AdminUnit | Area") -> Area:
    """The Area of a unit of either map (an Area is returned as is)."""
    if isinstance(unit, Area):
        return unit
    if not unit.is_legacy:
        communes = communes_of(unit)
        return Area(unit.name, unit.code, tuple(communes), tuple(c.pk for c in communes))
    old = AdminUnit.objects.legacy().communes()
    if unit.level == Level.COMMUNE:
        parts = [unit]
    elif unit.level == Level.DISTRICT:
        parts = list(old.filter(parent=unit).order_by("name"))
    else:
        parts = list(old.filter(Q(province=unit) | Q(parent__parent=unit)).distinct().order_by("name"))
    successors = UnitSuccession.objects.filter(old__in=parts).values_list("new_id", flat=True).distinct()
    return Area(
        f"{unit.full_name()} (trước 01/07/2025)",
        unit.code,
        tuple(parts),
        tuple(successors),
        legacy=True,
    )


def area_for_code(code: str, *, old_map: bool = False) -> Area:
    """The area named by a code: VN, a current province (2 digits) or commune (5); with `old_map`, a province (2),
    district (3) or commune (5) of the map before 01/07/2025. Raises ReportError naming the code."""
    code = code.strip()
    if code.upper() == NATIONAL_CODE and not old_map:
        return national_area()
    units = AdminUnit.objects.legacy() if old_map else AdminUnit.objects.current()
    levels = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE] if old_map else [Level.PROVINCE, Level.COMMUNE]
    unit = units.filter(code=code, level__in=levels).order_by("level").first()
    if unit is None:
        which = "tỉnh, huyện hoặc xã trước 01/07/2025" if old_map else "tỉnh hoặc xã hiện hành"
        raise ReportError(f"Không có {which} mã “{code}”.")
    return area_of(unit)


def tallied(kind: str, area: Area, year: int) -> dict[int, Tally]:
    """The area's tallies of one kind (reports.tallies), by row: commune, province or old commune. A pure read: the
    builder refreshes the area's stale communes first (tallies_fresh)."""
    if area.legacy:
        return tallies_counted(kind=kind, year=year, legacy_commune_ids=[p.pk for p in area.parts], by_legacy=True)
    by_commune = tallies_counted(kind=kind, year=year, commune_ids=None if area.national else area.commune_ids)
    if not area.national:
        return by_commune
    result: dict[int, Tally] = defaultdict(lambda: defaultdict(lambda: {"households": 0, "persons": 0}))
    for commune_id, tally in by_commune.items():
        province = area.part_of(commune_id, None)
        if province is None:
            continue
        for key, row in tally.items():
            result[province][key]["households"] += row["households"]
            result[province][key]["persons"] += row["persons"]
    return dict(result)


def tallies_fresh(area: Area) -> int:
    """Refresh the stale communes whose tallies the area's reports read (every commune nationally; for an old-map
    unit, the communes holding its old communes' households), before a builder reads them with `tallied`."""
    if area.legacy:
        return tallies_ensure_fresh(legacy_commune_ids=[p.pk for p in area.parts])
    return tallies_ensure_fresh(commune_ids=None if area.national else area.commune_ids)


@dataclass(frozen=True)
class Column:
    number: str
    title: str


@dataclass(frozen=True)
class Row:
    label: str
    code: str
    households: tuple[float, ...]
    persons: tuple[float, ...]


PER_HOUSEHOLD_AND_PERSON = (("households", "Phân tổ theo hộ (Hộ)"), ("persons", "Phân tổ theo nhân khẩu (Khẩu)"))


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    unit: "AdminUnit | Area"
    year: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # one per commune, then the total
    note: str
    # What each row's two series mean, as printed above each block: households and persons unless said otherwise.
    sections: tuple[tuple[str, str], ...] = PER_HOUSEHOLD_AND_PERSON


# Columns 1–8 of the change reports and the ledger changes each adds up (spec §6.2); 9 comes from the identity.
_CHANGES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    Status.POOR: (
        (
            "1",
            "Số hộ nghèo đầu kỳ",
            (Change.REMAINED_POOR, Change.POOR_TO_NEAR_POOR, Change.ESCAPED_POOR, Change.OTHER_DECREASE_POOR),
        ),
        ("2", "Thoát nghèo, trở thành hộ cận nghèo", (Change.POOR_TO_NEAR_POOR,)),
        ("3", "Thoát nghèo, vượt chuẩn cận nghèo", (Change.ESCAPED_POOR,)),
        ("4", "Giảm khác (chuyển đi, nhập hộ, không còn thành viên)", (Change.OTHER_DECREASE_POOR,)),
        ("5", "Hộ cận nghèo trở thành hộ nghèo", (Change.NEAR_POOR_TO_POOR,)),
        ("6", "Tái nghèo", (Change.RE_POOR,)),
        ("7", "Hộ nghèo phát sinh mới", (Change.NEWLY_POOR,)),
        ("8", "Tăng khác (tách hộ)", (Change.OTHER_INCREASE_POOR,)),
    ),
    Status.NEAR_POOR: (
        (
            "1",
            "Số hộ cận nghèo đầu kỳ",
            (
                Change.REMAINED_NEAR_POOR,
                Change.NEAR_POOR_TO_POOR,
                Change.ESCAPED_NEAR_POOR,
                Change.OTHER_DECREASE_NEAR_POOR,
            ),
        ),
        ("2", "Hộ cận nghèo trở thành hộ nghèo", (Change.NEAR_POOR_TO_POOR,)),
        ("3", "Thoát cận nghèo", (Change.ESCAPED_NEAR_POOR,)),
        ("4", "Giảm khác (chuyển đi, nhập hộ, không còn thành viên)", (Change.OTHER_DECREASE_NEAR_POOR,)),
        ("5", "Hộ nghèo trở thành hộ cận nghèo", (Change.POOR_TO_NEAR_POOR,)),
        ("6", "Tái cận nghèo", (Change.RE_NEAR_POOR,)),
        ("7", "Hộ cận nghèo phát sinh mới", (Change.NEWLY_NEAR_POOR,)),
        ("8", "Tăng khác (tách hộ)", (Change.OTHER_INCREASE_NEAR_POOR,)),
    ),
}
_TITLES: dict[str, str] = {
    Status.POOR: "Tổng hợp diễn biến hộ nghèo",
    Status.NEAR_POOR: "Tổng hợp diễn biến hộ cận nghèo",
}


def communes_of(unit: AdminUnit) -> list[AdminUnit]:
    """The current communes a report on `unit` has one row each for (a commune: itself)."""
    if unit.level == Level.COMMUNE:
        return [unit]
    return list(AdminUnit.objects.current().communes().filter(province=unit).order_by("name"))


def _sum(tally: Tally, changes: Sequence[str], measure: str) -> int:
    return sum(tally.get(change, {}).get(measure, 0) for change in changes)


def _change_values(tally: Tally, end: Tally, status: str, measure: str, where: str) -> tuple[int, ...]:
    values = [_sum(tally, changes, measure) for _, _, changes in _CHANGES[status]]
    start, escaped_a, escaped_b, other_down, moved_in, again, new, other_up = values
    computed = start - escaped_a - escaped_b - other_down + moved_in + again + new + other_up
    counted = end.get(status, {}).get(measure, 0)
    if computed != counted:
        unit = "hộ" if measure == "households" else "khẩu"
        raise ReportError(
            f"{where}: cột 9 theo công thức là {computed} {unit} nhưng sổ theo dõi có {counted} {unit} cuối kỳ; "
            "kiểm tra các hộ có quyết định rồi ra khỏi danh sách trong cùng năm."
        )
    return (*values, computed)


def changes_table(*, unit: "AdminUnit | Area", year: int, status: str) -> Table:
    """Mẫu "Tổng hợp diễn biến hộ nghèo / hộ cận nghèo" of one unit and year, columns 1–9 by households and persons,
    read from the tallies (the same numbers as reviews.selectors.year_changes_by_commune / year_end_by_commune)."""
    area = area_of(unit)
    communes = area.parts
    tallies_fresh(area)
    changes = tallied(TallyKind.CHANGE, area, year)
    ends = tallied(TallyKind.END, area, year)
    rows = []
    for commune in communes:
        tally, end = changes.get(commune.pk, {}), ends.get(commune.pk, {})
        rows.append(
            Row(
                label=commune.name,
                code=commune.code,
                households=_change_values(tally, end, status, "households", commune.name),
                persons=_change_values(tally, end, status, "persons", commune.name),
            )
        )
    total = Row(
        label="Tổng cộng",
        code=area.code,
        households=tuple(sum(col) for col in zip(*(r.households for r in rows), strict=True)) if rows else (0,) * 9,
        persons=tuple(sum(col) for col in zip(*(r.persons for r in rows), strict=True)) if rows else (0,) * 9,
    )
    columns = (
        *(Column(number, title) for number, title, _ in _CHANGES[status]),
        Column("9", "Cuối kỳ (9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8)"),
    )
    return Table(
        code="poor_changes" if status == Status.POOR else "near_poor_changes",
        title=f"{_TITLES[status]} năm {year}",
        unit=area,
        year=year,
        columns=columns,
        rows=(*rows, total),
        note="Đầu kỳ: tình trạng được công nhận đầu năm; cuối kỳ: theo quyết định công nhận trong năm.",
    )


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def summary_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Kết quả rà soát: households and persons, poor and near-poor at the end of the year, and the rates as the
    ministry publishes them (spec §6.3): poor ÷ all resident households × 100, near-poor likewise, and the
    multidimensional poverty rate (poor + near-poor) ÷ all."""
    area = area_of(unit)
    communes = area.parts
    tallies_fresh(area)
    ends = tallied(TallyKind.END, area, year)

    def values(end: Tally, measure: str) -> tuple[float, ...]:
        total = sum(row[measure] for row in end.values())
        poor = end.get(Status.POOR, {}).get(measure, 0)
        near = end.get(Status.NEAR_POOR, {}).get(measure, 0)
        return (total, poor, _rate(poor, total), near, _rate(near, total), _rate(poor + near, total))

    rows = [
        Row(
            commune.name,
            commune.code,
            values(ends.get(commune.pk, {}), "households"),
            values(ends.get(commune.pk, {}), "persons"),
        )
        for commune in communes
    ]
    all_ends: Tally = {}
    for end in ends.values():
        for status, row in end.items():
            slot = all_ends.setdefault(status, {"households": 0, "persons": 0})
            slot["households"] += row["households"]
            slot["persons"] += row["persons"]
    rows.append(Row("Tổng cộng", area.code, values(all_ends, "households"), values(all_ends, "persons")))
    return Table(
        code="summary",
        title=f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year}",
        unit=area,
        year=year,
        columns=(
            Column("1", "Tổng số"),
            Column("2", "Hộ nghèo"),
            Column("3", "Tỷ lệ hộ nghèo (%) = 2/1 × 100"),
            Column("4", "Hộ cận nghèo"),
            Column("5", "Tỷ lệ hộ cận nghèo (%) = 4/1 × 100"),
            Column("6", "Tỷ lệ nghèo đa chiều (%) = (2 + 4)/1 × 100"),
        ),
        rows=tuple(rows),
        note="Tỷ lệ tính trên tổng số hộ (khẩu) cư trú trên địa bàn cuối năm, như quyết định công bố kết quả hằng năm "
        "của Bộ (tỷ lệ nghèo đa chiều = hộ nghèo + hộ cận nghèo).",
    )


# Tables by group, ethnicity and cause.


def _recognised(area: Area, year: int) -> list[Household]:
    """Poor and near-poor households of the area at the end of the year, with `end` (their status then), head, and
    `part` (the pk of the row they count in)."""
    households = (
        households_at_year_end(commune_ids=list(area.commune_ids), year=year)
        .filter(end__in=[Status.POOR, Status.NEAR_POOR])  # type: ignore[misc]  # annotated by households_at_year_end
        .select_related("head")
        .order_by("pk")
    )
    if area.legacy:
        households = households.filter(legacy_commune_id__in=[p.pk for p in area.parts])
    result = list(households)
    for h in result:
        h.part = area.part_of(h.commune_id, h.legacy_commune_id)  # type: ignore[attr-defined]
    return result


def _year_end_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@dataclass(frozen=True)
class _Recognised:
    """The year-end poor and near-poor households of a unit with their reporting groups (persons included)."""

    households: list[Household]
    flags: dict[int, dict[str, bool | int]]

    @classmethod
    def of(cls, area: Area, year: int) -> "_Recognised":
        households = _recognised(area, year)
        day = _year_end_day(year)
        return cls(households, household_groups(households, day, standard_in_force(day).code))

    def size(self, items: list[Household], measure: str) -> int:
        """Households, or the persons living in them."""
        return len(items) if measure == "households" else sum(int(self.flags[h.pk]["persons"]) for h in items)

    @staticmethod
    def split(items: list[Household]) -> tuple[list[Household], list[Household]]:
        """(poor, near-poor) by the status recognised at the end of the year."""
        ends = [(h, h.end) for h in items]  # type: ignore[attr-defined]  # annotated by households_at_year_end
        return [h for h, end in ends if end == Status.POOR], [h for h, end in ends if end == Status.NEAR_POOR]


GROUP_COLUMNS = (
    ("total", "Tổng số"),
    ("ethnic_minority", "Chủ hộ là người dân tộc thiểu số"),
    ("no_labour_capacity", "Không có khả năng lao động"),
    ("has_merit", "Có thành viên là người có công"),
    ("female_head", "Chủ hộ là nữ"),
    ("other", "Khác (không thuộc ba nhóm đầu)"),
)


def groups_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Phân loại hộ nghèo, hộ cận nghèo theo nhóm (spec §6.1, §9.2): ethnic-minority head, no labour capacity (the
    legal definition was not found: no member of working age able to work), a member of merit, female head, and the
    others. A household may be in several groups; "other" is in none of the first three."""
    area = area_of(unit)
    recognised = _Recognised.of(area, year)
    households, flags = recognised.households, recognised.flags
    communes = area.parts
    keys = [key for key, _ in GROUP_COLUMNS]

    def count(rows: list[Household], measure: str) -> tuple[int, ...]:
        values = []
        for of_status in recognised.split(rows):
            for key in keys:
                members = [
                    h
                    for h in of_status
                    if key == "total"
                    or (
                        key == "other"
                        and not any(flags[h.pk][g] for g in ("ethnic_minority", "no_labour_capacity", "has_merit"))
                    )
                    or (key not in ("total", "other") and flags[h.pk][key])
                ]
                values.append(recognised.size(members, measure))
        return tuple(values)

    rows = []
    for commune in communes:
        mine = [h for h in households if h.part == commune.pk]  # type: ignore[attr-defined]
        rows.append(Row(commune.name, commune.code, count(mine, "households"), count(mine, "persons")))
    rows.append(Row("Tổng cộng", area.code, count(households, "households"), count(households, "persons")))
    columns = tuple(
        Column(str(n), f"{'Hộ nghèo' if n <= len(keys) else 'Hộ cận nghèo'}: {title}")
        for n, (_, title) in enumerate(GROUP_COLUMNS * 2, start=1)
    )
    return Table(
        code="groups",
        title=f"Phân loại hộ nghèo, hộ cận nghèo theo nhóm đối tượng năm {year}",
        unit=area,
        year=year,
        columns=columns,
        rows=tuple(rows),
        note="Theo tình trạng được công nhận cuối năm và thông tin thành viên trong sổ hộ gia đình.",
    )


def ethnicity_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Poor and near-poor households by the head's ethnicity (one row per ethnicity present), with the total."""
    area = area_of(unit)
    recognised = _Recognised.of(area, year)
    households = recognised.households
    names = dict(ETHNICITY_CHOICES)
    by_ethnicity: dict[str, list[Household]] = defaultdict(list)
    for h in households:
        by_ethnicity[h.head.ethnicity if h.head else ""].append(h)

    def count(rows: list[Household], measure: str) -> tuple[int, ...]:
        poor, near = (recognised.size(part, measure) for part in recognised.split(rows))
        return (poor, near, poor + near)

    rows = [
        Row(names.get(code, "Chưa ghi dân tộc"), code, count(items, "households"), count(items, "persons"))
        for code, items in sorted(by_ethnicity.items())
    ]
    rows.append(Row("Tổng cộng", area.code, count(households, "households"), count(households, "persons")))
    return Table(
        code="ethnicity",
        title=f"Hộ nghèo, hộ cận nghèo theo dân tộc của chủ hộ năm {year}",
        unit=area,
        year=year,
        columns=(Column("1", "Hộ nghèo"), Column("2", "Hộ cận nghèo"), Column("3", "Tổng (3 = 1 + 2)")),
        rows=tuple(rows),
        note=f"{area.name}; dân tộc của chủ hộ theo sổ hộ gia đình.",
    )


def causes_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Poor and near-poor households by cause of poverty, as recorded on their latest Phiếu B up to the year (spec
    §5.5; a household may have several causes, so the rows do not add up to the total)."""
    area = area_of(unit)
    recognised = _Recognised.of(area, year)
    households = recognised.households
    latest: dict[int, list[str]] = {}
    for household_id, recorded in (
        LedgerEntry.objects.filter(household_id__in=[h.pk for h in households], year__lte=year)
        .order_by("year")
        .values_list("household_id", "causes")
    ):
        latest[household_id] = list(recorded or [])

    def count(items: list[Household], measure: str) -> tuple[int, ...]:
        poor, near = recognised.split(items)
        return (recognised.size(poor, measure), recognised.size(near, measure))

    rows = []
    for cause in cause_list():
        having = [h for h in households if cause["code"] in latest.get(h.pk, [])]
        rows.append(Row(cause["label"], cause["code"], count(having, "households"), count(having, "persons")))
    unrecorded = [h for h in households if not latest.get(h.pk)]
    rows.append(Row("Chưa ghi nguyên nhân", "", count(unrecorded, "households"), count(unrecorded, "persons")))
    rows.append(Row("Tổng số hộ", area.code, count(households, "households"), count(households, "persons")))
    return Table(
        code="causes",
        title=f"Hộ nghèo, hộ cận nghèo theo nguyên nhân năm {year}",
        unit=area,
        year=year,
        columns=(Column("1", "Hộ nghèo"), Column("2", "Hộ cận nghèo")),
        rows=tuple(rows),
        note=f"{area.name}; một hộ có thể có nhiều nguyên nhân (ghi trên Phiếu B gần nhất).",
    )


# Deprivations of the recognised households (spec §9.2 forms 4–7) and of their children (form 11).


def deprivations_table(*, unit: "AdminUnit | Area", year: int, status: str) -> Table:
    """Phân tích chỉ số thiếu hụt: for the households recognised poor (or near-poor) at the end of the year, how many
    are deprived in each indicator of the standard in force then, by their latest assessment; the second block gives
    the same as a percentage of the households that have one."""
    day = _year_end_day(year)
    standard = standard_in_force(day)
    area = area_of(unit)
    households = [h for h in _recognised(area, year) if h.end == status]  # type: ignore[attr-defined]
    assessed = latest_assessments([h.pk for h in households], year)
    codes = standard.indicator_codes

    def counts(items: list[Household]) -> tuple[tuple[float, ...], tuple[float, ...]]:
        mine = [assessed[h.pk] for h in items if h.pk in assessed and assessed[h.pk].standard == standard.code]
        per_indicator = [sum(1 for a in mine if code in a.deprived) for code in codes]
        total = sum(per_indicator)
        counted = (len(items), len(mine), total, *per_indicator)
        shares = (
            len(items),
            len(mine),
            _rate(total, len(mine) * len(codes)),
            *(_rate(n, len(mine)) for n in per_indicator),
        )
        return counted, shares

    rows = []
    for commune in area.parts:
        counted, shares = counts([h for h in households if h.part == commune.pk])  # type: ignore[attr-defined]
        rows.append(Row(commune.name, commune.code, counted, shares))
    counted, shares = counts(households)
    rows.append(Row("Tổng cộng", area.code, counted, shares))
    which = "hộ nghèo" if status == Status.POOR else "hộ cận nghèo"
    return Table(
        code="poor_deprivations" if status == Status.POOR else "near_poor_deprivations",
        title=f"Phân tích chỉ số thiếu hụt dịch vụ xã hội cơ bản của {which} năm {year}",
        unit=area,
        year=year,
        columns=(
            Column("1", f"Tổng số {which}"),
            Column("2", "Có kết quả chấm điểm"),
            Column("3", "Tổng số lượt thiếu hụt"),
            *(Column(str(n), standard.indicator(code).name) for n, code in enumerate(codes, start=4)),
        ),
        rows=tuple(rows),
        note=f"{standard.title}; theo kết quả chấm điểm gần nhất của hộ. Tỷ lệ (%) tính trên số hộ có kết quả (cột 2).",
        sections=(("households", "Số hộ thiếu hụt"), ("persons", "Tỷ lệ hộ thiếu hụt (%)")),
    )


def child_deprivations_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Thiếu hụt của trẻ em: the children of poor and near-poor households at the end of the year, and how many lack
    health insurance, are malnourished, or do not attend school, with the ages of the standard's derivation data."""
    day = _year_end_day(year)
    params = derivation_params(standard_in_force(day).code)
    child_below = params["child_age_max"].value
    insured_from = params["insurance_min_age"].value
    school_from, school_below = params["school_ages"].value
    area = area_of(unit)
    households = _recognised(area, year)
    status_of = {h.pk: h.end for h in households}  # type: ignore[attr-defined]
    commune_of = {h.pk: h.part for h in households}  # type: ignore[attr-defined]
    children = [
        (p, age_on(p.date_of_birth, day))
        for p in Person.objects.members()
        .filter(household_id__in=list(status_of))
        .only("household_id", "date_of_birth", "health_insurance", "malnourished", "schooling")
        if age_on(p.date_of_birth, day) < child_below
    ]

    def counts(commune_id: int | None) -> tuple[int, ...]:
        values = []
        for status in (Status.POOR, Status.NEAR_POOR):
            mine = [
                (p, age)
                for p, age in children
                if status_of[p.household_id] == status
                and (commune_id is None or commune_of[p.household_id] == commune_id)
            ]
            values += [
                len(mine),
                sum(1 for p, age in mine if age >= insured_from and not p.health_insurance),
                sum(1 for p, _age in mine if p.malnourished),
                sum(
                    1 for p, age in mine if school_from <= age < school_below and p.schooling == Schooling.NOT_ATTENDING
                ),
            ]
        return tuple(values)

    rows = [Row(c.name, c.code, counts(c.pk), ()) for c in area.parts]
    rows.append(Row("Tổng cộng", area.code, counts(None), ()))
    titles = ("Tổng số trẻ em", "Không có thẻ BHYT", "Suy dinh dưỡng", "Không đi học (trong độ tuổi)")
    return Table(
        code="child_deprivations",
        title=f"Thiếu hụt của trẻ em trong hộ nghèo, hộ cận nghèo năm {year}",
        unit=area,
        year=year,
        columns=tuple(
            Column(str(n), f"{'Hộ nghèo' if n <= 4 else 'Hộ cận nghèo'}: {title}")
            for n, title in enumerate(titles * 2, start=1)
        ),
        rows=tuple(rows),
        note=f"Trẻ em dưới {child_below} tuổi ngày {day:%d/%m/%Y}; BHYT từ {insured_from} tuổi; đi học từ "
        f"{school_from} đến dưới {school_below} tuổi (dữ liệu suy ra của chuẩn nghèo, có giá trị chưa kiểm chứng).",
        sections=(("households", "Số trẻ em"),),
    )
