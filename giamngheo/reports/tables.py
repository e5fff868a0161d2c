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

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.registry.models import ETHNICITY_CHOICES, Household, Person, Schooling, Status
from giamngheo.reviews.forms_data import causes as cause_list
from giamngheo.reviews.models import Change, LedgerEntry
from giamngheo.reviews.selectors import Tally, households_at_year_end, year_changes_by_commune, year_end_by_commune
from giamngheo.reviews.services.decisions import household_groups
from giamngheo.standards.derive import age_on, derivation_params
from giamngheo.standards.models import Assessment, RunStatus
from giamngheo.standards.params import standard_in_force


class ReportError(ValueError):
    """A table cannot be produced as asked (unknown unit, broken identity). The message is Vietnamese."""


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
    unit: AdminUnit
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


def changes_table(*, unit: AdminUnit, year: int, status: str) -> Table:
    """Mẫu "Tổng hợp diễn biến hộ nghèo / hộ cận nghèo" of one unit and year, columns 1–9 by households and persons."""
    communes = communes_of(unit)
    ids = [c.pk for c in communes]
    changes = year_changes_by_commune(commune_ids=ids, year=year)
    ends = year_end_by_commune(commune_ids=ids, year=year)
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
        code=unit.code,
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
        unit=unit,
        year=year,
        columns=columns,
        rows=(*rows, total),
        note="Đầu kỳ: tình trạng được công nhận đầu năm; cuối kỳ: theo quyết định công nhận trong năm.",
    )


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def summary_table(*, unit: AdminUnit, year: int) -> Table:
    """Kết quả rà soát: households and persons, poor and near-poor at the end of the year, and the rates as the
    ministry publishes them (spec §6.3): poor ÷ all resident households × 100, near-poor likewise, and the
    multidimensional poverty rate (poor + near-poor) ÷ all."""
    communes = communes_of(unit)
    ends = year_end_by_commune(commune_ids=[c.pk for c in communes], year=year)

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
    rows.append(Row("Tổng cộng", unit.code, values(all_ends, "households"), values(all_ends, "persons")))
    return Table(
        code="summary",
        title=f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year}",
        unit=unit,
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


def _recognised(unit: AdminUnit, year: int) -> list[Household]:
    """Poor and near-poor households of the unit at the end of the year, with `end` (their status then) and head."""
    ids = [c.pk for c in communes_of(unit)]
    return list(
        households_at_year_end(commune_ids=ids, year=year)
        .filter(end__in=[Status.POOR, Status.NEAR_POOR])  # type: ignore[misc]  # annotated by households_at_year_end
        .select_related("head")
        .order_by("pk")
    )


def _year_end_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@dataclass(frozen=True)
class _Recognised:
    """The year-end poor and near-poor households of a unit with their reporting groups (persons included)."""

    households: list[Household]
    flags: dict[int, dict[str, bool | int]]

    @classmethod
    def of(cls, unit: AdminUnit, year: int) -> "_Recognised":
        households = _recognised(unit, year)
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


def groups_table(*, unit: AdminUnit, year: int) -> Table:
    """Phân loại hộ nghèo, hộ cận nghèo theo nhóm (spec §6.1, §9.2): ethnic-minority head, no labour capacity (the
    legal definition was not found: no member of working age able to work), a member of merit, female head, and the
    others. A household may be in several groups; "other" is in none of the first three."""
    recognised = _Recognised.of(unit, year)
    households, flags = recognised.households, recognised.flags
    communes = communes_of(unit)
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
        mine = [h for h in households if h.commune_id == commune.pk]
        rows.append(Row(commune.name, commune.code, count(mine, "households"), count(mine, "persons")))
    rows.append(Row("Tổng cộng", unit.code, count(households, "households"), count(households, "persons")))
    columns = tuple(
        Column(str(n), f"{'Hộ nghèo' if n <= len(keys) else 'Hộ cận nghèo'}: {title}")
        for n, (_, title) in enumerate(GROUP_COLUMNS * 2, start=1)
    )
    return Table(
        code="groups",
        title=f"Phân loại hộ nghèo, hộ cận nghèo theo nhóm đối tượng năm {year}",
        unit=unit,
        year=year,
        columns=columns,
        rows=tuple(rows),
        note="Theo tình trạng được công nhận cuối năm và thông tin thành viên trong sổ hộ gia đình.",
    )


def ethnicity_table(*, unit: AdminUnit, year: int) -> Table:
    """Poor and near-poor households by the head's ethnicity (one row per ethnicity present), with the total."""
    recognised = _Recognised.of(unit, year)
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
    rows.append(Row("Tổng cộng", unit.code, count(households, "households"), count(households, "persons")))
    return Table(
        code="ethnicity",
        title=f"Hộ nghèo, hộ cận nghèo theo dân tộc của chủ hộ năm {year}",
        unit=unit,
        year=year,
        columns=(Column("1", "Hộ nghèo"), Column("2", "Hộ cận nghèo"), Column("3", "Tổng (3 = 1 + 2)")),
        rows=tuple(rows),
        note=f"{unit.name}; dân tộc của chủ hộ theo sổ hộ gia đình.",
    )


def causes_table(*, unit: AdminUnit, year: int) -> Table:
    """Poor and near-poor households by cause of poverty, as recorded on their latest Phiếu B up to the year (spec
    §5.5; a household may have several causes, so the rows do not add up to the total)."""
    recognised = _Recognised.of(unit, year)
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
    rows.append(Row("Tổng số hộ", unit.code, count(households, "households"), count(households, "persons")))
    return Table(
        code="causes",
        title=f"Hộ nghèo, hộ cận nghèo theo nguyên nhân năm {year}",
        unit=unit,
        year=year,
        columns=(Column("1", "Hộ nghèo"), Column("2", "Hộ cận nghèo")),
        rows=tuple(rows),
        note=f"{unit.name}; một hộ có thể có nhiều nguyên nhân (ghi trên Phiếu B gần nhất).",
    )


# Deprivations of the recognised households (spec §9.2 forms 4–7) and of their children (form 11).


def _latest_assessments(household_ids: list[int], year: int) -> dict[int, Assessment]:
    """Each household's latest finished assessment dated in or before the year."""
    finished = Q(run__isnull=True) | Q(run__status=RunStatus.DONE)
    latest: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(finished, household_id__in=household_ids, as_of__year__lte=year)
        .order_by("household_id", "as_of", "id")
        .only("household_id", "standard", "deprived", "as_of")
    ):
        latest[assessment.household_id] = assessment
    return latest


def deprivations_table(*, unit: AdminUnit, year: int, status: str) -> Table:
    """Phân tích chỉ số thiếu hụt: for the households recognised poor (or near-poor) at the end of the year, how many
    are deprived in each indicator of the standard in force then, by their latest assessment; the second block gives
    the same as a percentage of the households that have one."""
    day = _year_end_day(year)
    standard = standard_in_force(day)
    households = [h for h in _recognised(unit, year) if h.end == status]  # type: ignore[attr-defined]
    assessed = _latest_assessments([h.pk for h in households], year)
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
    for commune in communes_of(unit):
        counted, shares = counts([h for h in households if h.commune_id == commune.pk])
        rows.append(Row(commune.name, commune.code, counted, shares))
    counted, shares = counts(households)
    rows.append(Row("Tổng cộng", unit.code, counted, shares))
    which = "hộ nghèo" if status == Status.POOR else "hộ cận nghèo"
    return Table(
        code="poor_deprivations" if status == Status.POOR else "near_poor_deprivations",
        title=f"Phân tích chỉ số thiếu hụt dịch vụ xã hội cơ bản của {which} năm {year}",
        unit=unit,
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


def child_deprivations_table(*, unit: AdminUnit, year: int) -> Table:
    """Thiếu hụt của trẻ em: the children of poor and near-poor households at the end of the year, and how many lack
    health insurance, are malnourished, or do not attend school, with the ages of the standard's derivation data."""
    day = _year_end_day(year)
    params = derivation_params(standard_in_force(day).code)
    child_below = params["child_age_max"].value
    insured_from = params["insurance_min_age"].value
    school_from, school_below = params["school_ages"].value
    households = _recognised(unit, year)
    status_of = {h.pk: h.end for h in households}  # type: ignore[attr-defined]
    commune_of = {h.pk: h.commune_id for h in households}
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

    rows = [Row(c.name, c.code, counts(c.pk), ()) for c in communes_of(unit)]
    rows.append(Row("Tổng cộng", unit.code, counts(None), ()))
    titles = ("Tổng số trẻ em", "Không có thẻ BHYT", "Suy dinh dưỡng", "Không đi học (trong độ tuổi)")
    return Table(
        code="child_deprivations",
        title=f"Thiếu hụt của trẻ em trong hộ nghèo, hộ cận nghèo năm {year}",
        unit=unit,
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
