"""Writes of the tables: refreshing the stale tallies of the area a report is about to read."""

from giamngheo.reports.tables.selectors import Area
from giamngheo.reports.tallies.services import tallies_ensure_fresh


def area_tallies_refresh(*, area: Area) -> int:
    """Refresh the stale communes whose tallies the area's reports read (every commune nationally; for an old-map
    unit, the communes holding its old communes' households), before a builder reads them with `tallied`."""
    if area.legacy:
        return tallies_ensure_fresh(legacy_commune_ids=[p.pk for p in area.parts])
    return tallies_ensure_fresh(commune_ids=None if area.national else area.commune_ids)
