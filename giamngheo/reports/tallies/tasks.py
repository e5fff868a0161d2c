"""Background tasks of the tallies (django-tasks; worked by `python manage.py db_worker`), and the receiver that queues
them when communes are marked stale."""

from typing import Any

from django_tasks import task

from giamngheo.areas.models import StaleCommune
from giamngheo.reports.tallies.services import tallies_refresh


@task()
def tallies_refresh_task(commune_ids: list[int]) -> int:
    """Refresh the tallies of those communes still marked stale (queued once a write that marked them commits; a
    reader, or an earlier task, may have refreshed them since). Returns the number of communes done."""
    stale = list(StaleCommune.objects.filter(commune_id__in=commune_ids).values_list("commune_id", flat=True))
    if stale:
        tallies_refresh(commune_ids=stale)
    return len(stale)


def tallies_refresh_enqueue(sender: object, *, commune_ids: list[int], **kwargs: Any) -> None:
    """Receiver of areas.signals.communes_marked_stale (connected in ReportsConfig.ready): queue the refresh."""
    tallies_refresh_task.enqueue(commune_ids)
