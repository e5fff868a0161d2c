"""What a report covers (an Area: a unit of today's map or of the old one, or the whole country) and reads of it: the
communes it has rows for, and its tallies (a pure read: the builders refresh first, reports.tables.services); the
shape of a table (columns, rows, blocks), and ReportError, which every report raises in Vietnamese."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Min, Q

from giamngheo.areas.models import AdminUnit, Level, UnitSuccession
from giamngheo.common.models import vi_order
from giamngheo.reports.tallies.selectors import tallies_counted
from giamngheo.reviews.models import LedgerEntry
from giamngheo.reviews.selectors import Tally


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
        parts = list(old.filter(parent=unit).order_by(vi_order("name")))
    else:
        parts = list(old.filter(Q(province=unit) | Q(parent__parent=unit)).distinct().order_by(vi_order("name")))
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
    builder refreshes the area's stale communes first (reports.tables.services.area_tallies_refresh)."""
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


RATE_MARK = "(%)"


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

    def rates(self, section: str) -> tuple[bool, ...]:
        """Which of the section's cells are rates, printed "12,50" (formats.rate_vi). The official forms mark a rate
        by its heading: a column, or a whole block, titled "… (%)". Read from the headings, the rule also holds for
        the tables frozen as JSON in sent reports (regime.figures), which keep no other mark."""
        block = any(key == section and RATE_MARK in label for key, label in self.sections)
        return tuple(block or RATE_MARK in column.title for column in self.columns)


def communes_of(unit: AdminUnit) -> list[AdminUnit]:
    """The current communes a report on `unit` has one row each for (a commune: itself)."""
    if unit.level == Level.COMMUNE:
        return [unit]
    return list(AdminUnit.objects.current().communes().filter(province=unit).order_by(vi_order("name")))


def ledger_first_year() -> int | None:
    """The first year any commune recognised a review result (the status ledger), None while there is none."""
    year: int | None = LedgerEntry.objects.aggregate(first=Min("year"))["first"]
    return year


def area_has_results(area: Area, year: int) -> bool:
    """Whether the area has a recognised review result for the year; without one its tables are all zeros."""
    entries = LedgerEntry.objects.filter(year=year)
    if not area.national:
        entries = entries.filter(commune_id__in=area.commune_ids)
    return entries.exists()
