"""Writes of a commune's villages (thôn, tổ dân phố): created and renamed by the commune officer, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.access import can_manage_commune, scope_of
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, changes_between, snapshot
from giamngheo.areas.models import AdminUnit, Era, Level, Village
from giamngheo.common.text import nfc


def _check_village_manager(actor: User | None, commune: AdminUnit) -> None:
    """Villages are the commune officer's to keep (and the superusers' in the admin, which only they reach)."""
    if actor is None or actor.is_superuser:
        return
    if not can_manage_commune(actor) or not scope_of(actor).covers(commune=commune):
        raise ValidationError(f"Không có quyền sửa danh sách thôn, tổ dân phố của {commune}.")


def village_name_taken(commune_id: int, name: str, *, except_pk: int | None = None) -> bool:
    """Same name ignoring case, compared in Python: SQLite's case-insensitive match only folds ASCII ("THÔN MỘT")."""
    wanted = name.casefold()
    villages = Village.objects.filter(commune_id=commune_id)
    if except_pk is not None:
        villages = villages.exclude(pk=except_pk)
    return any(existing.casefold() == wanted for existing in villages.values_list("name", flat=True))


@transaction.atomic
def village_create(*, actor: User | None, commune: AdminUnit, name: str, kind: str) -> Village:
    _check_village_manager(actor, commune)
    name = nfc(name)
    if not name:
        raise ValidationError({"name": "Tên thôn, tổ dân phố không được để trống."})
    if commune.era != Era.CURRENT or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": f"{commune} không phải xã, phường, đặc khu hiện hành."})
    if village_name_taken(commune.pk, name):
        raise ValidationError({"name": f"{commune} đã có thôn, tổ dân phố tên “{name}”."})
    village = Village.objects.create(commune=commune, name=name, kind=kind)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=village,
        changes=changes_between({}, snapshot(village)),
        commune_id=commune.pk,
    )
    return village


@transaction.atomic
def village_update(*, actor: User | None, village: Village, name: str, kind: str, is_active: bool) -> Village:
    """Rename a village or change its kind; households keep pointing to it, so lists follow the new name."""
    _check_village_manager(actor, village.commune)
    name = nfc(name)
    if not name:
        raise ValidationError({"name": "Tên thôn, tổ dân phố không được để trống."})
    if village_name_taken(village.commune_id, name, except_pk=village.pk):
        raise ValidationError({"name": f"Xã đã có thôn, tổ dân phố tên “{name}”."})
    before = snapshot(village)
    village.name, village.kind, village.is_active = name, kind, is_active
    changes = changes_between(before, snapshot(village))
    if changes:
        village.save()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=village, changes=changes, commune_id=village.commune_id
        )
    return village
