"""What a commune's tallies hold, counted from the register and the ledger by the same selectors the official tables
use (reports.tables), for each legacy commune of its households and each year (docs/dashboards.md):

- change: households and persons per change of spec §6.2 (reviews.selectors.year_changes_by_commune);
- end: per recognised status at the end of the year (reviews.selectors.year_end_by_commune);
- group: the poor and near-poor households at the end of the year in each reporting group of spec §6.1 (ethnic-
  minority head, no labour capacity, a member of merit, female head, none of the first three), keyed
  "<status>:<group>" (reports.tables.households.groups_table prints them);
- deprivation: the same households deprived in each indicator of the standard in force at the end of the year, by
  their latest assessment, keyed "<status>:<indicator>", and "<status>:assessed" for those that have one, as
  reports.tables.households.deprivations_table counts them.

Persons are the current members of the households counted. Rows that would be zero are not stored.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Household, Status
from giamngheo.reports.models import CommuneTally, TallyKind
from giamngheo.reports.tallies.selectors import latest_assessments
from giamngheo.reviews.selectors import (
    Tally,
    Unit,
    household_groups,
    households_at_year_end,
    year_changes_by_unit,
    year_end_by_unit,
)
from giamngheo.standards.params import UnknownStandard, standard_in_force

RECOGNISED = (Status.POOR, Status.NEAR_POOR)
# The reporting groups of reports.tables.households.GROUP_COLUMNS; "other" is in none of the first three (female
# head aside).
GROUPS = ("ethnic_minority", "no_labour_capacity", "has_merit", "female_head")
OTHER = "other"
ASSESSED = "assessed"


def _counts() -> Tally:
    return defaultdict(lambda: {"households": 0, "persons": 0})


def _add(tally: Tally, key: str, persons: int) -> None:
    tally[key]["households"] += 1
    tally[key]["persons"] += persons


def recognised_tallies(*, commune_ids: list[int], year: int) -> tuple[dict[Unit, Tally], dict[Unit, Tally]]:
    """(groups, deprivations) of the poor and near-poor households at the end of `year`, per commune and legacy
    commune. Nothing when no standard is in force at the end of the year."""
    day = datetime.date(year, 12, 31)
    try:
        standard = standard_in_force(day)
    except UnknownStandard:
        return {}, {}
    households: list[Household] = list(
        households_at_year_end(commune_ids=commune_ids, year=year)
        .filter(end__in=RECOGNISED)  # type: ignore[misc]  # annotated by households_at_year_end
        .only("id", "commune_id", "legacy_commune_id", "head_id")
        .order_by("pk")
    )
    flags = household_groups(households, day, standard.code)
    assessed = latest_assessments([h.pk for h in households], year)
    groups: dict[Unit, Tally] = defaultdict(_counts)
    deprivations: dict[Unit, Tally] = defaultdict(_counts)
    for household in households:
        unit = (household.commune_id, household.legacy_commune_id)
        status = household.end  # type: ignore[attr-defined]
        mine = flags[household.pk]
        persons = int(mine["persons"])
        for group in GROUPS:
            if mine[group]:
                _add(groups[unit], f"{status}:{group}", persons)
        if not any(mine[group] for group in ("ethnic_minority", "no_labour_capacity", "has_merit")):
            _add(groups[unit], f"{status}:{OTHER}", persons)
        assessment = assessed.get(household.pk)
        if assessment is None or assessment.standard != standard.code:
            continue
        _add(deprivations[unit], f"{status}:{ASSESSED}", persons)
        for code in standard.indicator_codes:
            if code in assessment.deprived:
                _add(deprivations[unit], f"{status}:{code}", persons)
    return dict(groups), dict(deprivations)


def commune_tallies(*, communes: Iterable[AdminUnit], years: Iterable[int]) -> list[CommuneTally]:
    """Every tally row of the communes for the years, unsaved."""
    by_id = {c.pk: c for c in communes}
    ids = sorted(by_id)
    province_of: dict[int, int] = {}
    for commune in by_id.values():
        if commune.province_id is None:
            raise ValueError(f"Xã {commune} không thuộc tỉnh nào: bổ sung tỉnh trong trang quản trị đơn vị hành chính.")
        province_of[commune.pk] = commune.province_id
    rows: list[CommuneTally] = []
    for year in years:
        groups, deprivations = recognised_tallies(commune_ids=ids, year=year)
        for kind, by_unit in (
            (TallyKind.CHANGE, year_changes_by_unit(commune_ids=ids, year=year)),
            (TallyKind.END, year_end_by_unit(commune_ids=ids, year=year)),
            (TallyKind.GROUP, groups),
            (TallyKind.DEPRIVATION, deprivations),
        ):
            for (commune_id, legacy_id), tally in by_unit.items():
                rows += [
                    CommuneTally(
                        year=year,
                        kind=kind,
                        commune_id=commune_id,
                        province_id=province_of[commune_id],
                        legacy_commune_id=legacy_id,
                        key=key,
                        households=counts["households"],
                        persons=counts["persons"],
                    )
                    for key, counts in tally.items()
                    if counts["households"] or counts["persons"]
                ]
    return rows
