"""Writes of the targets: a unit's officer sets its yearly targets."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.access import can_set_targets
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.formats import number_vi
from giamngheo.reports.models import Target
from giamngheo.reports.targets.progress import indicators

# A share or a change of share (percentage points) is at most 100 (data/targets.yaml's units).
PERCENT_UNITS = frozenset({"%", "điểm %"})


@transaction.atomic
def target_set(*, actor: User, unit: AdminUnit, year: int, indicator: str, value: Decimal, note: str = "") -> Target:
    if not can_set_targets(actor, unit):
        raise ValidationError("Chỉ cán bộ của chính đơn vị (tỉnh hoặc xã) đặt chỉ tiêu cho đơn vị đó.")
    if indicator not in indicators():
        raise ValidationError({"indicator": f"Không có chỉ tiêu “{indicator}”."})
    if value < 0:
        raise ValidationError({"value": "Chỉ tiêu không được âm."})
    unit_of_measure = indicators()[indicator].unit
    if unit_of_measure in PERCENT_UNITS and value > 100:
        typed = number_vi(float(value), 2)
        raise ValidationError({"value": f"Chỉ tiêu tính bằng {unit_of_measure} không được quá 100 (đã nhập {typed})."})
    target = Target.objects.select_for_update().filter(unit=unit, year=year, indicator=indicator).first()
    before = str(target.value) if target else None
    if target is None:
        target = Target(unit=unit, year=year, indicator=indicator)
    target.value, target.note, target.set_by = value, note.strip(), actor
    target.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        instance=target,
        changes={"value": [before, str(value)]},
        commune_id=unit.pk if unit.level == Level.COMMUNE else None,
    )
    return target
