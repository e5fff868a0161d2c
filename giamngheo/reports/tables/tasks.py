"""Printing a province's reports ahead of their download (django-tasks; `python manage.py db_worker` works the
queue): once a write that marked communes stale commits, their provinces' printed summary, groups table and lists of
this year and the last are laid out again if what they show has changed, and kept (common.pdf). A province's list of
a few thousand households takes seconds to lay out; the officer who then downloads it gets the kept copy at once.
Off with PREPARE_REPORT_PDFS=0 (the tests, which run tasks at once, turn it on where they need it)."""

import datetime
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.tables.catalogue import reports_prepare

# How long a province's "last prepared" mark is remembered: longer than any queue is expected to wait.
_MARK_SECONDS = 24 * 3600


def today() -> datetime.date:
    """The day whose year, and the year before, are prepared (patched in tests)."""
    return timezone.localdate()


@task()
def reports_prepare_task(province_ids: list[int], requested_at: float | None = None) -> int:
    """Prepare the provinces' printed reports of this year and the last. Returns the number of documents kept.

    A burst of writes queues one task per write; a task whose province has been prepared by a run that started after
    the task was queued has nothing left to do and returns at once, so a morning of edits in one province costs two
    layouts, not one per edit (the one running when the burst began and the one after it)."""
    year = today().year
    kept = 0
    for province in AdminUnit.objects.filter(pk__in=province_ids, level=Level.PROVINCE).order_by("pk"):
        key = f"reports-prepare-started:{province.pk}"
        started = cache.get(key)
        if requested_at is not None and started is not None and started >= requested_at:
            continue
        cache.set(key, time.time(), timeout=_MARK_SECONDS)
        kept += reports_prepare(unit=province, years=(year - 1, year))
    return kept


def reports_prepare_later(province_ids: Iterable[int]) -> None:
    """Queue the preparation of these provinces' printed reports, unless PREPARE_REPORT_PDFS is off."""
    ids = sorted(set(province_ids))
    if ids and settings.PREPARE_REPORT_PDFS:
        reports_prepare_task.enqueue(ids, requested_at=time.time())


def reports_prepare_enqueue(sender: object, *, commune_ids: list[int], **kwargs: Any) -> None:
    """Receiver of areas.signals.communes_marked_stale (connected in ReportsConfig.ready)."""
    if settings.PREPARE_REPORT_PDFS:
        provinces = AdminUnit.objects.filter(pk__in=commune_ids).values_list("province_id", flat=True)
        reports_prepare_later(pk for pk in provinces if pk is not None)
