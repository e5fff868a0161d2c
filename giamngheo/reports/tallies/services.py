"""Writes of the communes' tallies: counting a commune again (tallies_refresh), adding a province's communes up
again, and refreshing the stale communes a builder is about to read (tallies_ensure_fresh). The builders of reports
and dashboards, the background task and `refresh_tallies` call these; the selectors never do."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Sum

from giamngheo.areas.models import AdminUnit, Era, Level, StaleCommune
from giamngheo.reports.models import CommuneTally, ProvinceTally
from giamngheo.reports.tallies.counting import commune_tallies
from giamngheo.reports.tallies.selectors import tallies_communes_concerned, tally_years


@transaction.atomic
def tallies_refresh(*, commune_ids: Iterable[int]) -> int:
    """Count the communes' tallies again for every year with data, add their provinces' up again, and clear the
    communes' stale marks, in one transaction. Returns the number of commune tally rows written.

    Concurrency (PostgreSQL, read committed): the communes and their provinces are locked first, in one statement in
    id order, as decision_apply locks its commune: two refreshes in a province, or a refresh and a signing in a
    commune, run one after the other. The communes' stale marks are locked next: a write that marks a commune while
    this runs waits on its mark (StaleCommune.objects.mark) and leaves it set after this commits; a commune marked
    for the first time while this runs keeps its new mark, since only the marks locked here are cleared. So a change
    committed after the figures were read is never taken as counted. Marks are locked in commune order, as mark()
    writes them, so two such transactions cannot deadlock."""
    requested = set(commune_ids)
    if connection.vendor == "sqlite":
        # SQLite has one write lock and no row locks: take the write lock before reading anything. A read first
        # would start a snapshot that another writer's commit makes stale, and the first write would then fail at
        # once ("database is locked") instead of waiting its turn. (A no-op update takes it, even of no row.)
        StaleCommune.objects.filter(commune_id__in=requested).update(since=F("since"))
    wanted = AdminUnit.objects.filter(pk__in=requested, era=Era.CURRENT, level=Level.COMMUNE)
    province_ids = sorted({pk for pk in wanted.values_list("province_id", flat=True) if pk is not None})
    locked = list(
        AdminUnit.objects.select_for_update()
        .filter(pk__in=[*wanted.values_list("pk", flat=True), *province_ids])
        .order_by("pk")
        .only("id", "level", "province_id")
    )
    communes = [unit for unit in locked if unit.level == Level.COMMUNE]
    ids = [c.pk for c in communes]
    if not ids:
        return 0
    CommuneTally.objects.filter(commune_id__in=ids).delete()
    marked = list(
        StaleCommune.objects.select_for_update()
        .filter(commune_id__in=ids)
        .order_by("commune_id")
        .values_list("commune_id", flat=True)
    )
    rows = commune_tallies(communes=communes, years=tally_years(ids))
    CommuneTally.objects.bulk_create(rows, batch_size=5_000)
    province_tallies_rebuild(province_ids=province_ids)
    StaleCommune.objects.filter(commune_id__in=marked).delete()
    return len(rows)


def province_tallies_rebuild(*, province_ids: list[int] | None = None) -> int:
    """Add the provinces' commune tallies up again (every province when None); the caller holds their locks
    (tallies_refresh) or has the database to itself (a benchmark's load). Returns the number of rows written."""
    provinces = ProvinceTally.objects.all()
    tallies = CommuneTally.objects.all()
    if province_ids is not None:
        provinces = provinces.filter(province_id__in=province_ids)
        tallies = tallies.filter(province_id__in=province_ids)
    provinces.delete()
    sums = (
        tallies.values("year", "kind", "province_id", "key")
        .annotate(h=Sum("households"), p=Sum("persons"))
        .order_by()
        .values_list("year", "kind", "province_id", "key", "h", "p")
    )
    written = ProvinceTally.objects.bulk_create(
        [
            ProvinceTally(year=year, kind=kind, province_id=province, key=key, households=h, persons=p)
            for year, kind, province, key, h, p in sums
        ],
        batch_size=5_000,
    )
    return len(written)


def tallies_ensure_fresh(
    *,
    commune_ids: Iterable[int] | None = None,
    province_id: int | None = None,
    legacy_commune_ids: Iterable[int] | None = None,
) -> int:
    """Refresh the stale communes among those given (or of the province, or holding the households of the legacy
    communes given, or everywhere when none is given) before a builder reads their tallies, so that no report or
    dashboard shows figures older than the register. Returns how many communes were refreshed (usually none: the
    background task got there first)."""
    if legacy_commune_ids is not None:
        commune_ids = tallies_communes_concerned(commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids)
    stale = StaleCommune.objects.all()
    if commune_ids is not None:
        stale = stale.filter(commune_id__in=list(commune_ids))
    if province_id is not None:
        stale = stale.filter(commune__province_id=province_id)
    ids = list(stale.values_list("commune_id", flat=True))
    if ids:
        tallies_refresh(commune_ids=ids)
    return len(ids)


# Fresh reads: the stale communes concerned refreshed, then the tallies read (for callers outside a report builder,
# and the tests that hold the tallies to the reviews selectors' numbers).
