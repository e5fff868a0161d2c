"""Reads of the communes' tallies (reports.tallies.counting): what reports and dashboards read instead of the
register. Pure reads: they never refresh a stale commune; the builders of reports and dashboards call
reports.tallies.services.tallies_ensure_fresh first. Also the reads the tallies share with the official tables: each
household's latest assessment, and the units a user may report on."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from giamngheo.accounts.access import scope_of
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Level, UnitSuccession
from giamngheo.reports.models import CommuneTally
from giamngheo.reviews.models import LedgerEntry
from giamngheo.reviews.selectors import Tally
from giamngheo.standards.models import Assessment, RunStatus


def _tally() -> Tally:
    return defaultdict(lambda: {"households": 0, "persons": 0})


def tallies_communes_concerned(
    *, commune_ids: Iterable[int] | None = None, legacy_commune_ids: Iterable[int] | None = None
) -> set[int] | None:
    """The current communes whose tallies a read filtered by these current and legacy communes covers (None:
    every commune): for legacy communes, the successors on the 1 July 2025 map, and any commune that already has
    tallies for them (a household recorded under an unexpected old unit)."""
    concerned = None if commune_ids is None else set(commune_ids)
    if legacy_commune_ids is not None:
        legacy = set(legacy_commune_ids)
        successors = set(UnitSuccession.objects.filter(old_id__in=legacy).values_list("new_id", flat=True))
        successors |= set(
            CommuneTally.objects.filter(legacy_commune_id__in=legacy).values_list("commune_id", flat=True).distinct()
        )
        concerned = successors if concerned is None else concerned & successors
    return concerned


def tallies_counted(
    *,
    kind: str,
    year: int,
    commune_ids: Iterable[int] | None = None,
    legacy_commune_ids: Iterable[int] | None = None,
    by_legacy: bool = False,
) -> dict[int, Tally]:
    """One kind of tally for one year, as stored: {current commune id: Tally}, or {legacy commune id: Tally} with
    `by_legacy` (households without a recorded legacy commune are then left out). Filtered by current communes, by
    legacy communes, or both.

    A legacy commune divided between several current communes adds up exactly: each of its households is counted
    once, in the current commune it belongs to today."""
    tallies = CommuneTally.objects.filter(kind=kind, year=year)
    if commune_ids is not None:
        tallies = tallies.filter(commune_id__in=set(commune_ids))
    if legacy_commune_ids is not None:
        tallies = tallies.filter(legacy_commune_id__in=set(legacy_commune_ids))
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


def tally_years(commune_ids: list[int]) -> range:
    """The years a commune's tallies cover: from the earliest year with data — the communes' first ledger year, or
    the first year any commune already has tallies for, so that every commune covers the same years and national
    figures add up — to the current year (or a later ledger year)."""
    current = timezone.localdate().year
    ledger = LedgerEntry.objects.filter(commune_id__in=commune_ids).aggregate(first=Min("year"), last=Max("year"))
    earliest = CommuneTally.objects.aggregate(first=Min("year"))["first"]
    first = min(y for y in (ledger["first"], earliest, current) if y is not None)
    return range(first, max(current, ledger["last"] or current) + 1)


def latest_assessments(household_ids: list[int], year: int) -> dict[int, Assessment]:
    """Each household's latest finished assessment dated in or before the year (the deprivation tallies, the
    deprivation tables, the service targets and the Alkire–Foster comparison all read this one)."""
    finished = Q(run__isnull=True) | Q(run__status=RunStatus.DONE)
    latest: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(finished, household_id__in=household_ids, as_of__year__lte=year)
        .order_by("household_id", "as_of", "id")
        .only("household_id", "standard", "deprived", "as_of")
    ):
        latest[assessment.household_id] = assessment
    return latest


def report_units_visible_to(user: User | AnonymousUser) -> QuerySet[AdminUnit]:
    """Which units a user may report on, on every page of the reports app (dashboards, tables, targets, analysis, the
    regime): their own area (a province and its communes, or their commune). A village collaborator works on forms,
    not reports, and gets none. Here, in the lowest part of the app, because every part's pages use it."""
    return scope_of(user).filter(
        AdminUnit.objects.current().filter(level__in=[Level.PROVINCE, Level.COMMUNE]),
        province=lambda pk: Q(pk=pk) | Q(province_id=pk),
        commune="pk",
    )
