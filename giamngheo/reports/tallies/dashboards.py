"""The dashboards (tổng quan) of the country, a province and a commune, read from the tallies only — the provinces'
roll-ups for the country and a province, the communes' tallies for a province's ranking and a commune, a few grouped
queries whatever the size of the register — plus, on a commune's page, one small query of its villages.

Rates follow spec §6.3: poor (near-poor) households ÷ all households on the register at the end of the year × 100.
Deprivation shares are of the poor (near-poor) households that have an assessment under the standard in force, as
the deprivation tables count them; group shares are of all poor (near-poor) households. docs/dashboards.md.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, Level, Village
from giamngheo.common.models import vi_order
from giamngheo.common.text import sort_key
from giamngheo.registry.models import Status
from giamngheo.reports.models import CommuneTally, ProvinceTally, TallyKind
from giamngheo.reports.tallies.counting import ASSESSED, GROUPS, OTHER
from giamngheo.reports.tallies.services import tallies_ensure_fresh
from giamngheo.reviews.selectors import households_at_year_end
from giamngheo.standards.params import Standard, UnknownStandard, standard_in_force

RECOGNISED = (Status.POOR, Status.NEAR_POOR)
GROUP_LABELS = {
    "ethnic_minority": _("Chủ hộ là người dân tộc thiểu số"),
    "female_head": _("Chủ hộ là nữ"),
    "no_labour_capacity": _("Không có khả năng lao động"),
    "has_merit": _("Có thành viên là người có công"),
    OTHER: _("Khác (không dân tộc thiểu số, không thiếu khả năng lao động, không có người có công)"),
}
# The groups of reports.tallies.counting, the two the plans name first.
FIRST = ("ethnic_minority", "female_head")
GROUP_ORDER = (*FIRST, *(g for g in GROUPS if g not in FIRST), OTHER)


def rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


@dataclass(frozen=True)
class Figures:
    """Households and persons of a unit at the end of a year, with the rates of spec §6.3."""

    households: int = 0
    persons: int = 0
    poor: int = 0
    poor_persons: int = 0
    near_poor: int = 0
    near_poor_persons: int = 0

    @classmethod
    def of(cls, ends: dict[str, dict[str, int]]) -> "Figures":
        poor, near = ends.get(Status.POOR, {}), ends.get(Status.NEAR_POOR, {})
        return cls(
            households=sum(row["households"] for row in ends.values()),
            persons=sum(row["persons"] for row in ends.values()),
            poor=poor.get("households", 0),
            poor_persons=poor.get("persons", 0),
            near_poor=near.get("households", 0),
            near_poor_persons=near.get("persons", 0),
        )

    @property
    def poor_rate(self) -> float:
        return rate(self.poor, self.households)

    @property
    def near_poor_rate(self) -> float:
        return rate(self.near_poor, self.households)

    @property
    def multidimensional_rate(self) -> float:
        return rate(self.poor + self.near_poor, self.households)


@dataclass(frozen=True)
class Ranked:
    unit: AdminUnit
    figures: Figures


@dataclass(frozen=True)
class Share:
    """One indicator (or group): households among the poor and the near-poor, and their share."""

    code: str
    label: str
    poor: int
    poor_share: float
    near_poor: int
    near_poor_share: float


@dataclass(frozen=True)
class VillageRow:
    village: Village
    figures: Figures


@dataclass
class Dashboard:
    unit: AdminUnit | None  # None: the whole country
    year: int
    years: list[int]
    series: list[tuple[int, Figures]]
    figures: Figures
    ranking: list[Ranked] = field(default_factory=list)  # provinces (country) or communes (province), worst first
    standard: Standard | None = None
    assessed_poor: int = 0
    assessed_near_poor: int = 0
    deprivations: list[Share] = field(default_factory=list)
    groups: list[Share] = field(default_factory=list)
    villages: list[VillageRow] = field(default_factory=list)  # a commune's page only
    refreshed: int = 0  # stale communes counted again before reading

    @property
    def level(self) -> str:
        return "country" if self.unit is None else self.unit.level


def _sum_by(tallies: QuerySet[Any], *fields: str) -> dict[tuple, dict[str, dict[str, int]]]:
    """{(field values…): {key: {"households", "persons"}}} summed over the rows."""
    result: dict[tuple, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in tallies.values(*fields, "key").annotate(h=Sum("households"), p=Sum("persons")).order_by():
        result[tuple(row[f] for f in fields)][row["key"]] = {"households": row["h"], "persons": row["p"]}
    return result


def _sources(unit: AdminUnit | None) -> tuple[QuerySet[Any], QuerySet[Any] | None, str]:
    """The unit's own tallies, the tallies of its units one level down (None for a commune), and the field those
    are grouped by. The country and a province read their provinces' roll-ups: a few thousand rows in all."""
    if unit is None:
        provinces = ProvinceTally.objects.all()
        return provinces, provinces, "province_id"
    if unit.level == Level.PROVINCE:
        return (
            ProvinceTally.objects.filter(province_id=unit.pk),
            CommuneTally.objects.filter(province_id=unit.pk),
            "commune_id",
        )
    return CommuneTally.objects.filter(commune_id=unit.pk), None, ""


def _fresh(unit: AdminUnit | None) -> int:
    if unit is None:
        return tallies_ensure_fresh()
    if unit.level == Level.PROVINCE:
        return tallies_ensure_fresh(province_id=unit.pk)
    return tallies_ensure_fresh(commune_ids=[unit.pk])


def dashboard_build(*, unit: AdminUnit | None, year: int | None = None) -> Dashboard:
    """The dashboard of the country (unit None), a province or a commune of today's map, for `year` (the latest
    year with figures when not given or when it has none)."""
    refreshed = _fresh(unit)
    tallies, below, down = _sources(unit)
    by_year = _sum_by(tallies.filter(kind=TallyKind.END), "year")
    years = sorted(y for (y,) in by_year)
    series = [(y, Figures.of(by_year[(y,)])) for y in years]
    if year is None or year not in years:
        year = years[-1] if years else timezone.localdate().year
    dashboard = Dashboard(
        unit=unit,
        year=year,
        years=years,
        series=series,
        figures=Figures.of(by_year.get((year,), {})),
        refreshed=refreshed,
    )
    if below is not None:
        dashboard.ranking = _ranking(below.filter(kind=TallyKind.END, year=year), down)
    _recognised(dashboard, tallies.filter(kind__in=[TallyKind.GROUP, TallyKind.DEPRIVATION], year=year))
    if unit is not None and unit.level == Level.COMMUNE:
        dashboard.villages = _villages(unit, year)
    return dashboard


def _ranking(tallies: QuerySet[Any], down: str) -> list[Ranked]:
    by_unit = _sum_by(tallies, down)
    units = AdminUnit.objects.in_bulk([pk for (pk,) in by_unit])
    ranked = [Ranked(units[pk], Figures.of(ends)) for (pk,), ends in by_unit.items() if pk in units]
    # Worst first: by poor rate, then near-poor rate, then name for a stable order.
    ranked.sort(key=lambda r: (-r.figures.poor_rate, -r.figures.near_poor_rate, sort_key(r.unit.name)))
    return ranked


def _recognised(dashboard: Dashboard, tallies: QuerySet[Any]) -> None:
    """Deprivation shares and reporting groups of the poor and near-poor households at the end of the year."""
    by_kind = _sum_by(tallies, "kind")
    groups, deprivations = by_kind.get((TallyKind.GROUP,), {}), by_kind.get((TallyKind.DEPRIVATION,), {})

    def households(tally: dict[str, dict[str, int]], key: str) -> int:
        return tally.get(key, {}).get("households", 0)

    figures = dashboard.figures
    dashboard.groups = [
        Share(
            code=group,
            label=str(GROUP_LABELS[group]),
            poor=households(groups, f"{Status.POOR}:{group}"),
            poor_share=rate(households(groups, f"{Status.POOR}:{group}"), figures.poor),
            near_poor=households(groups, f"{Status.NEAR_POOR}:{group}"),
            near_poor_share=rate(households(groups, f"{Status.NEAR_POOR}:{group}"), figures.near_poor),
        )
        for group in GROUP_ORDER
    ]
    try:
        standard = standard_in_force(datetime.date(dashboard.year, 12, 31))
    except UnknownStandard:
        return
    dashboard.standard = standard
    dashboard.assessed_poor = households(deprivations, f"{Status.POOR}:{ASSESSED}")
    dashboard.assessed_near_poor = households(deprivations, f"{Status.NEAR_POOR}:{ASSESSED}")
    dashboard.deprivations = [
        Share(
            code=indicator.code,
            label=indicator.name,
            poor=households(deprivations, f"{Status.POOR}:{indicator.code}"),
            poor_share=rate(households(deprivations, f"{Status.POOR}:{indicator.code}"), dashboard.assessed_poor),
            near_poor=households(deprivations, f"{Status.NEAR_POOR}:{indicator.code}"),
            near_poor_share=rate(
                households(deprivations, f"{Status.NEAR_POOR}:{indicator.code}"), dashboard.assessed_near_poor
            ),
        )
        for indicator in standard.indicators
    ]


def _villages(commune: AdminUnit, year: int) -> list[VillageRow]:
    """The commune's villages with their households by status at the end of the year: the one query on the register
    of these pages, over one commune."""
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in (
        households_at_year_end(commune_ids=[commune.pk], year=year)
        .values("village_id", "end")  # type: ignore[misc]  # "end" is annotated by households_at_year_end
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["village_id"]][row["end"]] = {"households": row["n"], "persons": 0}
    villages = Village.objects.filter(commune=commune).order_by(vi_order("name"))
    return [VillageRow(v, Figures.of(counts.get(v.pk, {}))) for v in villages if v.is_active or v.pk in counts]
