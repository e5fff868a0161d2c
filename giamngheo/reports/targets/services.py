"""Writes of the targets: a unit's officer sets its yearly targets."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, Role, User
from giamngheo.accounts.selectors import scope_of
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.models import Target
from giamngheo.reports.targets.progress import indicators


def can_set_targets(actor: User, unit: AdminUnit) -> bool:
    """A unit sets its own targets: the province officer the province's, the commune officer the commune's."""
    scope = scope_of(actor)
    if actor.role == Role.NATIONAL_ADMIN and scope.national:
        return True
    if actor.role == Role.PROVINCE_OFFICER:
        return unit.level == Level.PROVINCE and scope.province_id == unit.pk
    if actor.role == Role.COMMUNE_OFFICER:
        return unit.level == Level.COMMUNE and scope.commune_id == unit.pk
    return False


@transaction.atomic
def target_set(*, actor: User, unit: AdminUnit, year: int, indicator: str, value: Decimal, note: str = "") -> Target:
    if not can_set_targets(actor, unit):
        raise ValidationError("Chỉ cán bộ của chính đơn vị (tỉnh hoặc xã) đặt chỉ tiêu cho đơn vị đó.")
    if indicator not in indicators():
        raise ValidationError({"indicator": f"Không có chỉ tiêu “{indicator}”."})
    if value < 0:
        raise ValidationError({"value": "Chỉ tiêu không được âm."})
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
