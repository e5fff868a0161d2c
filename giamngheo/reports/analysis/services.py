"""Writes of the analysis: the published results of the old map's communes, imported from a file."""

from pathlib import Path

from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record_many
from giamngheo.reports.analysis.history import historical_rows_read
from giamngheo.reports.models import HistoricalResult


def historical_results_import(*, actor: User | None, path: Path) -> int:
    """Load the published results of old-map communes from a CSV or Excel file: every row checked first, then all
    written in one transaction (a row for a commune and year already loaded replaces it), or nothing. Audited."""
    rows = historical_rows_read(path)  # raises ReportError, in Vietnamese, before anything is written
    with transaction.atomic():
        existing = {
            (r.unit_id, r.year): r
            for r in HistoricalResult.objects.select_for_update().filter(
                unit__in=[row.unit for row in rows], year__in={row.year for row in rows}
            )
        }
        changes = []
        for row in rows:
            result = existing.get((row.unit.pk, row.year)) or HistoricalResult(unit=row.unit, year=row.year)
            before = [result.households, result.poor, result.near_poor] if result.pk else None
            result.households, result.poor, result.near_poor = row.households, row.poor, row.near_poor
            result.source, result.imported_by = row.source, actor
            result.save()
            after = [row.households, row.poor, row.near_poor]
            changes.append((result, {"tong_so_ho/ho_ngheo/ho_can_ngheo": [before, after]}, None, None))
        audit_record_many(actor=actor, action=AuditAction.UPDATE, changes=changes, note=f"Nhập {path.name}")
    return len(rows)
