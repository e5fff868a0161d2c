"""Background tasks of the standards app (django-tasks; worked by `python manage.py db_worker`)."""

from django_tasks import task

from giamngheo.standards.models import ClassificationRun
from giamngheo.standards.services import classification_run_execute


@task()
def classify_register_task(run_id: int) -> int:
    """Run a queued bulk classification; returns the number of assessments stored."""
    run = ClassificationRun.objects.get(pk=run_id)
    return classification_run_execute(run=run).stored
