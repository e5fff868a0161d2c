"""Reads of the communes' tallies (reports.tallies): what reports and dashboards read instead of the register."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Sum

from giamngheo.areas.models import UnitSuccession
from giamngheo.reports.models import CommuneTally, TallyKind
from giamngheo.reviews.selectors import Tally


def _tally() -> Tally:
    return defaultdict(lambda: {"households": 0, "persons": 0})


def tallies_read(
    *,
    kind: str,
    year: int,
    commune_ids: Iterable[int] | None = None,
    legacy_commune_ids: Iterable[int] | None = None,
    by_legacy: bool = False,
) -> dict[int, Tally]:
    """One kind of tally for one year: {current commune id: Tally}, or {legacy commune id: Tally} with `by_legacy`
    (households without a recorded legacy commune are then left out). Filtered by current communes, by legacy
    communes, or both; refreshes the stale communes concerned first (reports.services.tallies_ensure_fresh).

    A legacy commune divided between several current communes adds up exactly: each of its households is counted
    once, in the current commune it belongs to today."""
    tallies = CommuneTally.objects.filter(kind=kind, year=year)
    concerned: set[int] | None = None
    if commune_ids is not None:
        concerned = set(commune_ids)
        tallies = tallies.filter(commune_id__in=concerned)
    if legacy_commune_ids is not None:
        legacy = set(legacy_commune_ids)
        tallies = tallies.filter(legacy_commune_id__in=legacy)
        # Current communes holding these legacy communes' households: the successors on the 1 July 2025 map, and
        # any commune that already has tallies for them (a household recorded under an unexpected old unit).
        successors = set(UnitSuccession.objects.filter(old_id__in=legacy).values_list("new_id", flat=True))
        successors |= set(
            CommuneTally.objects.filter(legacy_commune_id__in=legacy).values_list("commune_id", flat=True).distinct()
        )
        concerned = successors if concerned is None else concerned & successors
    from giamngheo.reports.services import tallies_ensure_fresh  # services reads these selectors

    tallies_ensure_fresh(commune_ids=concerned)
    field = "legacy_commune_id" if by_legacy else "commune_id"
    if by_legacy:
        tallies = tallies.filter(legacy_commune_id__isnull=False)
    result: dict[int, Tally] = defaultdict(_tally)
    for unit_id, key, households, persons in (
        tallies.values(field, "key").annotate(h=Sum("households"), p=Sum("persons")).values_list(field, "key", "h", "p")
    ):
        result[unit_id][key]["households"] += households
        result[unit_id][key]["persons"] += persons
    return dict(result)


def tallied_changes_by_commune(
    *, year: int, commune_ids: Iterable[int] | None = None, legacy_commune_ids: Iterable[int] | None = None
) -> dict[int, Tally]:
    """reviews.selectors.year_changes_by_commune, read from the tallies (same numbers, same shape)."""
    return tallies_read(
        kind=TallyKind.CHANGE, year=year, commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids
    )


def tallied_ends_by_commune(
    *, year: int, commune_ids: Iterable[int] | None = None, legacy_commune_ids: Iterable[int] | None = None
) -> dict[int, Tally]:
    """reviews.selectors.year_end_by_commune, read from the tallies (same numbers, same shape)."""
    return tallies_read(kind=TallyKind.END, year=year, commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids)
