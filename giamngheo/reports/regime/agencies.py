"""The reports of a province's departments and agencies (sở, ban, ngành): the catalogue they are added from
(data/agencies.yaml) and the table of the deprivations they answer for, read from the tallies.

Each agency answers for some targets (accounts.Agency.targets); for the basic-social-service targets, its report
carries how many poor and near-poor households of each commune are deprived in that service's indicators, beside the
targets' progress (reports.regime.figures)."""

import datetime
import functools
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from giamngheo.accounts.models import Agency
from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Status
from giamngheo.reports.tables.selectors import Column, Row, Table, area_of, tallied
from giamngheo.reports.tables.services import area_tallies_refresh
from giamngheo.reports.targets.progress import indicators
from giamngheo.standards.params import UnknownStandard, standard_in_force

DATA = Path(__file__).parent.parent / "data" / "agencies.yaml"
ASSESSED = "assessed"  # the tallies' key of the households with an assessment (reports.tallies.counting)


@functools.cache
def agency_catalogue() -> tuple[dict[str, Any], ...]:
    """The usual agencies of a province, with the targets each answers for and the source of that division."""
    return tuple(yaml.safe_load(DATA.read_text(encoding="utf-8"))["agencies"])


def agency_full_name(name: str, province: AdminUnit) -> str:
    """ "Sở Y tế" of "Tỉnh Lào Cai" → "Sở Y tế tỉnh Lào Cai", as agencies are named."""
    return f"{name} {province.name[:1].lower()}{province.name[1:]}"


def agency_indicator_codes(agency: Agency, year: int) -> list[str]:
    """The indicators of the standard in force at the end of `year` that the agency's service targets cover."""
    try:
        standard = standard_in_force(datetime.date(year, 12, 31))
    except UnknownStandard:
        return []
    known = indicators()
    wanted = [code for target in agency.targets if target in known for code in known[target].not_deprived_in]
    return [code for code in dict.fromkeys(wanted) if code in standard.indicator_codes]


def _rate(part: float, whole: float) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def agency_deprivations_table(agency: Agency, year: int) -> Table | None:
    """For each commune of the agency's province and in total: the poor and near-poor households at the end of the
    year with an assessment, and those deprived in each indicator the agency answers for (second block: as a
    percentage of those assessed). None when the agency answers for no service indicator."""
    codes = agency_indicator_codes(agency, year)
    if not codes:
        return None
    standard = standard_in_force(datetime.date(year, 12, 31))
    area = area_of(agency.province)
    area_tallies_refresh(area=area)
    by_commune = tallied("deprivation", area, year)
    keys = [
        *(f"{status}:{ASSESSED}" for status in (Status.POOR, Status.NEAR_POOR)),
        *(f"{status}:{code}" for code in codes for status in (Status.POOR, Status.NEAR_POOR)),
    ]

    def row(label: str, code: str, tally: dict[str, dict[str, int]]) -> Row:
        counts = [tally.get(key, {}).get("households", 0) for key in keys]
        assessed: dict[str, int] = {Status.POOR: counts[0], Status.NEAR_POOR: counts[1]}
        shares = [100.0 if n else 0.0 for n in counts[:2]]
        shares += [_rate(n, assessed[key.split(":")[0]]) for key, n in zip(keys[2:], counts[2:], strict=True)]
        return Row(label, code, tuple(counts), tuple(shares))

    total: dict[str, dict[str, int]] = defaultdict(lambda: {"households": 0, "persons": 0})
    rows = []
    for commune in area.parts:
        tally = by_commune.get(commune.pk, {})
        for key in keys:
            total[key]["households"] += tally.get(key, {}).get("households", 0)
        rows.append(row(commune.name, commune.code, tally))
    rows.append(row("Tổng cộng", area.code, total))
    columns = [Column("1", "Hộ nghèo có kết quả chấm điểm"), Column("2", "Hộ cận nghèo có kết quả chấm điểm")]
    for code in codes:
        name = standard.indicator(code).name
        columns += [
            Column(str(len(columns) + 1), f"{name}: hộ nghèo"),
            Column(str(len(columns) + 2), f"{name}: cận nghèo"),
        ]
    return Table(
        code="agency_deprivations",
        title=f"Hộ nghèo, hộ cận nghèo thiếu hụt các chỉ số do {agency.name} phụ trách năm {year}",
        unit=area,
        year=year,
        columns=tuple(columns),
        rows=tuple(rows),
        note=f"{standard.title}; theo kết quả chấm điểm gần nhất của hộ nghèo, hộ cận nghèo cuối năm. Tỷ lệ (%) tính "
        "trên số hộ có kết quả chấm điểm.",
        sections=(("households", "Số hộ thiếu hụt"), ("persons", "Tỷ lệ hộ thiếu hụt (%)")),
    )
