"""Where a refused import's error report waits for its uploader, and how long.

The report holds the names and CCCDs as they were typed, so it is kept apart from everything else: a random name,
handed over once to the session that uploaded the file (registry.views.imports), and deleted by
`purge_import_reports` (run hourly) once older than a day when nobody fetched it.
"""

import datetime
from pathlib import Path

from django.conf import settings

IMPORT_REPORTS_DIR = "import-reports"
IMPORT_REPORT_LIFETIME = datetime.timedelta(hours=24)


def import_reports_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_REPORTS_DIR


def import_reports_purge(*, older_than: datetime.timedelta, now: datetime.datetime) -> int:
    """Deletes the reports last written before `now - older_than`; returns how many."""
    folder = import_reports_folder()
    if not folder.is_dir():
        return 0
    cutoff = (now - older_than).timestamp()
    deleted = 0
    for report in folder.glob("*.xlsx"):
        try:
            if report.is_file() and report.stat().st_mtime < cutoff:
                report.unlink()
                deleted += 1
        except FileNotFoundError:  # fetched (and deleted) by its uploader meanwhile
            continue
    return deleted
