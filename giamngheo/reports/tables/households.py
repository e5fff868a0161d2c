"""The official tables (spec §9.2) of the poor and near-poor households at the end of a year: by reporting group
(from the tallies), and, counted one by one from the register and the ledger, by the head's ethnicity, by cause, by
deprivation, and the deprivations of their children.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import ETHNICITY_CHOICES, Household, Person, Schooling, Status
from giamngheo.reports.models import TallyKind
from giamngheo.reports.tables.selectors import Area, Column, Row, Table, area_of, tallied
from giamngheo.reports.tables.services import area_tallies_refresh
from giamngheo.reports.tallies.selectors import latest_assessments
from giamngheo.reviews.forms_data import causes as cause_list
from giamngheo.reviews.models import LedgerEntry
from giamngheo.reviews.selectors import household_groups, households_at_year_end
from giamngheo.standards.derive import age_on, derivation_params
from giamngheo.standards.params import standard_in_force


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


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
    others. A household may be in several groups; "other" is in none of the first three.

    Read from the tallies, as the summary is (reports.tallies.counting counts each commune's groups, keyed
    "<status>:<group>", and its year-end statuses, the totals): a few hundred rows whatever the number of households,
    where counting the households and their members again took a second for a province of 20,000."""
    area = area_of(unit)
    area_tallies_refresh(area=area)
    ends = tallied(TallyKind.END, area, year)
    groups = tallied(TallyKind.GROUP, area, year)
    keys = [key for key, _ in GROUP_COLUMNS]

    def values(part: int, measure: str) -> tuple[int, ...]:
        end, group = ends.get(part, {}), groups.get(part, {})
        counted = []
        for status in (Status.POOR, Status.NEAR_POOR):
            for key in keys:
                slot = end.get(status, {}) if key == "total" else group.get(f"{status}:{key}", {})
                counted.append(slot.get(measure, 0))
        return tuple(counted)

    rows = [Row(part.name, part.code, values(part.pk, "households"), values(part.pk, "persons")) for part in area.parts]
    rows.append(
        Row(
            "Tổng cộng",
            area.code,
            tuple(sum(column) for column in zip(*(r.households for r in rows), strict=True)) if rows else (0,) * 12,
            tuple(sum(column) for column in zip(*(r.persons for r in rows), strict=True)) if rows else (0,) * 12,
        )
    )
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
