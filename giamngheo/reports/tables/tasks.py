"""Printing a province's reports ahead of their download (django-tasks; `python manage.py db_worker` works the
queue): once a write that marked communes stale commits, their provinces' printed summary, groups table and lists of
this year and the last are laid out again if what they show has changed, and kept (common.pdf). A province's list of
a few thousand households takes seconds to lay out; the officer who then downloads it gets the kept copy at once.
Off with PREPARE_REPORT_PDFS=0 (the tests, which run tasks at once, turn it on where they need it)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.tables.catalogue import reports_prepare


def today() -> datetime.date:
    """The day whose year, and the year before, are prepared (patched in tests)."""
    return timezone.localdate()


@task()
def reports_prepare_task(province_ids: list[int]) -> int:
    """Prepare the provinces' printed reports of this year and the last. Returns the number of documents kept."""
    year = today().year
    kept = 0
    for province in AdminUnit.objects.filter(pk__in=province_ids, level=Level.PROVINCE).order_by("pk"):
        kept += reports_prepare(unit=province, years=(year - 1, year))
    return kept


def reports_prepare_later(province_ids: Iterable[int]) -> None:
    """Queue the preparation of these provinces' printed reports, unless PREPARE_REPORT_PDFS is off."""
    ids = sorted(set(province_ids))
    if ids and settings.PREPARE_REPORT_PDFS:
        reports_prepare_task.enqueue(ids)


def reports_prepare_enqueue(sender: object, *, commune_ids: list[int], **kwargs: Any) -> None:
    """Receiver of areas.signals.communes_marked_stale (connected in ReportsConfig.ready)."""
    if settings.PREPARE_REPORT_PDFS:
        provinces = AdminUnit.objects.filter(pk__in=commune_ids).values_list("province_id", flat=True)
        reports_prepare_later(pk for pk in provinces if pk is not None)
