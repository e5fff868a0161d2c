"""Writes of the accounts app: the audit trail, and the trace of reads of personal data.

Every service that changes a register record calls `audit_record` inside its own transaction, so the change and
its audit entry are committed together or not at all. Every page and download that shows personal data calls
`personal_data_read_record` (docs/security.md).
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry, PersonalDataRead, ReadKind, User
from giamngheo.areas.models import AdminUnit, Level

SYSTEM_LABEL = "hệ thống"


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value (dates as dd/mm/yyyy, decimals as strings)."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete, editable field values of a record (foreign keys as ids), for before/after comparison."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.editable and not f.primary_key]
    return {name: _plain(getattr(instance, name)) for name in names}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that differ."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_entry_build(
    *,
    actor: User | None,
    action: AuditAction,
    instance: models.Model,
    changes: dict[str, list[Any]],
    household_id: int | None,
    commune_id: int | None,
    note: str = "",
) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        actor_label=(actor.get_username() if actor else SYSTEM_LABEL)[:150],
        action=action,
        target_type=instance._meta.label_lower,
        target_id=str(instance.pk),
        target_label=str(instance)[:200],
        household_id=household_id,
        commune_id=commune_id,
        changes=changes,
        note=note[:255],
    )


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    instance: models.Model,
    changes: dict[str, list[Any]],
    household_id: int | None = None,
    commune_id: int | None = None,
    note: str = "",
) -> AuditEntry:
    entry = audit_entry_build(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        household_id=household_id,
        commune_id=commune_id,
        note=note,
    )
    entry.save()
    return entry


# One changed record in a batch: the instance, its {field: [before, after]}, and its household and commune.
AuditedChange = tuple[models.Model, dict[str, list[Any]], int | None, int | None]


def audit_record_many(
    *, actor: User | None, action: AuditAction, changes: Iterable[AuditedChange], note: str = ""
) -> None:
    """The audit entries of a bulk action (one per record), inserted in batches inside the caller's transaction."""
    AuditEntry.objects.bulk_create(
        (
            audit_entry_build(
                actor=actor,
                action=action,
                instance=instance,
                changes=diff,
                household_id=household_id,
                commune_id=commune_id,
                note=note,
            )
            for instance, diff, household_id, commune_id in changes
        ),
        batch_size=2_000,
    )


def personal_data_read_record(
    *,
    user: User | AnonymousUser,
    kind: ReadKind,
    key: str,
    label: str,
    unit: AdminUnit | None,
    household_id: int | None = None,
    at: datetime.datetime | None = None,
) -> None:
    """Record that `user` read the personal data named by `kind` and `key` (shown to auditors as `label`), of a
    household or a file of `unit` (a commune or province of today's map; None: the whole country, or the old map,
    which national users alone read). Auditors see the rows of their own area.

    At most one row per user, kind, key and day (the day in Vietnam's time): a later read that day inserts nothing,
    and the insert ignores the conflict instead of failing, so two requests at once are both served."""
    if not isinstance(user, User):
        return  # anonymous pages show no personal data from the register
    at = at or timezone.now()
    commune_id = province_id = None
    if unit is not None and unit.level == Level.COMMUNE:
        commune_id, province_id = unit.pk, unit.province_id
    elif unit is not None and unit.level == Level.PROVINCE:
        province_id = unit.pk
    read = PersonalDataRead(
        day=timezone.localdate(at),
        at=at,
        user=user,
        user_label=user.get_username()[:150],
        kind=kind,
        key=key[:120],
        label=label[:200],
        household_id=household_id,
        commune_id=commune_id,
        province_id=province_id,
    )
    PersonalDataRead.objects.bulk_create([read], ignore_conflicts=True)


def personal_data_reads_purge(*, keep_days: int, today: datetime.date) -> int:
    """Delete the reads older than `keep_days` days before `today` (the retention of docs/security.md); how many."""
    if keep_days < 1:
        raise ValueError(f"Số ngày lưu phải từ 1 trở lên (đang là {keep_days}).")
    deleted, _ = PersonalDataRead.objects.filter(day__lt=today - datetime.timedelta(days=keep_days)).delete()
    return deleted
