"""Background tasks of the reports app (django-tasks; worked by `python manage.py db_worker`)."""

from django_tasks import task

from giamngheo.reports.models import StaleCommune
from giamngheo.reports.services import tallies_refresh


@task()
def tallies_refresh_task(commune_ids: list[int]) -> int:
    """Refresh the tallies of those communes still marked stale (queued by StaleCommune.objects.mark once a write
    commits; a reader, or an earlier task, may have refreshed them since). Returns the number of communes done."""
    stale = list(StaleCommune.objects.filter(commune_id__in=commune_ids).values_list("commune_id", flat=True))
    if stale:
        tallies_refresh(commune_ids=stale)
    return len(stale)
