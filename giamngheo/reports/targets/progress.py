"""Progress against a unit's yearly targets (data/targets.yaml), measured from the register and the ledger.

Each indicator has one measuring function here and its definition in the data; the mark is "on track" when the
value meets the target, "at risk" when it misses it by no more than the indicator's margin, else "off track".
The six service-dimension targets share one measure (not deprived in the dimension's indicators, listed in the
data); the programme targets (houses supported, workers trained) another, counting the register of support.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Q

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Person, Status
from giamngheo.reports.models import TallyKind, Target
from giamngheo.reports.tables.selectors import area_of, tallied
from giamngheo.reports.tables.services import area_tallies_refresh
from giamngheo.reports.tallies.selectors import latest_assessments
from giamngheo.reviews.models import Change
from giamngheo.reviews.selectors import Tally, households_at_year_end
from giamngheo.standards.models import Assessment
from giamngheo.standards.params import standard_in_force
from giamngheo.support.selectors import supports_counted

DATA = Path(__file__).parent.parent / "data" / "targets.yaml"
ON_TRACK, AT_RISK, OFF_TRACK, NO_TARGET, NO_DATA = "on_track", "at_risk", "off_track", "no_target", "no_data"
MARKS = {
    ON_TRACK: "Đạt",
    AT_RISK: "Có nguy cơ không đạt",
    OFF_TRACK: "Không đạt",
    NO_TARGET: "Chưa đặt chỉ tiêu",
    NO_DATA: "Chưa có số liệu",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    direction: str
    at_risk: Decimal
    definition: str
    # For the service-dimension targets: the indicators a household must not be deprived in.
    not_deprived_in: tuple[str, ...] = ()
    # For the programme targets: the kinds of support counted (support/data/kinds.yaml).
    support: tuple[str, ...] = ()
    # "At risk" within this share of the target rather than an absolute margin (counts: houses, workers).
    at_risk_share: Decimal | None = None


@functools.cache
def indicators() -> dict[str, Indicator]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {
        i["code"]: Indicator(
            i["code"],
            i["label"],
            i["unit"],
            i["direction"],
            Decimal(str(i["at_risk"])),
            i["definition"],
            tuple(i.get("not_deprived_in", ())),
            tuple(i.get("support", ())),
            Decimal(str(i["at_risk_share"])) if "at_risk_share" in i else None,
        )
        for i in raw["indicators"]
    }


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    value: Decimal | None  # None: nothing to measure (no household that year, no poor member)
    target: Target | None
    mark: str

    @property
    def mark_label(self) -> str:
        return MARKS[self.mark]


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01")) if whole else None


class _Measures:
    """The unit's figures for one year, each read once."""

    def __init__(self, unit: AdminUnit, year: int) -> None:
        self.area = area_of(unit)
        self.ids = list(self.area.commune_ids)
        self.year = year
        self.refreshed = False

    def _tallied(self, kind: str, year: int) -> dict[int, Tally]:
        """The area's tallies of one kind, its stale communes refreshed first (once, by the first measure that reads
        the tallies: a progress of other measures only leaves them be)."""
        if not self.refreshed:
            area_tallies_refresh(area=self.area)
            self.refreshed = True
        return tallied(kind, self.area, year)

    def _ends(self, year: int) -> dict[str, int]:
        """Households per recognised status at the end of `year`, all communes together."""
        totals: dict[str, int] = {}
        for tally in self._tallied(TallyKind.END, year).values():
            for status, row in tally.items():
                totals[status] = totals.get(status, 0) + row["households"]
        return totals

    @functools.cached_property
    def ends(self) -> dict[str, int]:
        return self._ends(self.year)

    @functools.cached_property
    def ends_before(self) -> dict[str, int]:
        return self._ends(self.year - 1)

    def rate(self, status: str, ends: dict[str, int]) -> Decimal | None:
        return _pct(ends.get(status, 0), sum(ends.values()))

    def poor_rate(self) -> Decimal | None:
        return self.rate(Status.POOR, self.ends)

    def near_poor_rate(self) -> Decimal | None:
        return self.rate(Status.NEAR_POOR, self.ends)

    def _reduction(self, status: str) -> Decimal | None:
        before, now = self.rate(status, self.ends_before), self.rate(status, self.ends)
        return None if before is None or now is None else before - now

    def poor_rate_reduction(self) -> Decimal | None:
        return self._reduction(Status.POOR)

    def near_poor_rate_reduction(self) -> Decimal | None:
        return self._reduction(Status.NEAR_POOR)

    def re_poverty_rate(self) -> Decimal | None:
        changes = self._tallied(TallyKind.CHANGE, self.year).values()
        again = sum(t.get(c, {}).get("households", 0) for t in changes for c in (Change.RE_POOR, Change.RE_NEAR_POOR))
        return _pct(again, self.ends.get(Status.POOR, 0) + self.ends.get(Status.NEAR_POOR, 0))

    def _poor_households(self) -> Any:
        return households_at_year_end(commune_ids=self.ids, year=self.year).filter(end=Status.POOR)  # type: ignore[misc]

    def health_insurance_poor(self) -> Decimal | None:
        members = Person.objects.members().filter(household__in=self._poor_households().values("pk"))
        counts = members.aggregate(all=Count("id"), insured=Count("id", filter=Q(health_insurance=True)))
        return _pct(counts["insured"], counts["all"])

    @functools.cached_property
    def recognised_assessments(self) -> list[Assessment]:
        """The latest assessment, under the standard in force at year end, of each household recognised poor or
        near-poor at year end (households never assessed under it are left out of the service targets)."""
        recognised = households_at_year_end(commune_ids=self.ids, year=self.year).filter(
            end__in=[Status.POOR, Status.NEAR_POOR]  # type: ignore[misc]
        )
        standard = standard_in_force(datetime.date(self.year, 12, 31)).code
        latest = latest_assessments(list(recognised.values_list("pk", flat=True)), self.year)
        return [a for a in latest.values() if a.standard == standard]

    def not_deprived(self, indicator: Indicator) -> Decimal | None:
        assessments = self.recognised_assessments
        spared = sum(1 for a in assessments if not set(a.deprived) & set(indicator.not_deprived_in))
        return _pct(spared, len(assessments))

    def supported(self, indicator: Indicator) -> Decimal:
        """Poor and near-poor households (or members) that received these kinds of support in the year."""
        return Decimal(supports_counted(commune_ids=self.ids, year=self.year, kinds=indicator.support))

    def merit_poor(self) -> Decimal:
        with_merit = Person.objects.members().filter(household__in=self._poor_households().values("pk"), has_merit=True)
        return Decimal(with_merit.values("household_id").distinct().count())


def _mark(indicator: Indicator, value: Decimal | None, target: Target | None) -> str:
    if target is None:
        return NO_TARGET
    if value is None:
        return NO_DATA
    gap = value - target.value if indicator.direction == "at_most" else target.value - value
    if gap <= 0:
        return ON_TRACK
    margin = indicator.at_risk if indicator.at_risk_share is None else target.value * indicator.at_risk_share
    return AT_RISK if gap <= margin else OFF_TRACK


def progress(*, unit: AdminUnit, year: int, only: list[str] | None = None) -> list[Progress]:
    """Every indicator's value for the unit and year (or only those whose codes are given: each measure can take
    seconds on a large province), its target if set, and the mark. The measures read from the tallies refresh the
    unit's stale communes first."""
    measures = _Measures(unit, year)
    targets = {t.indicator: t for t in Target.objects.filter(unit=unit, year=year)}
    measure: dict[str, Callable[[], Decimal | None]] = {
        code: functools.partial(measures.not_deprived, indicator)
        if indicator.not_deprived_in
        else functools.partial(measures.supported, indicator)
        if indicator.support
        else getattr(measures, code)
        for code, indicator in indicators().items()
    }
    return [
        Progress(indicator, value, targets.get(code), _mark(indicator, value, targets.get(code)))
        for code, indicator in indicators().items()
        if only is None or code in only
        for value in [measure[code]()]
    ]
