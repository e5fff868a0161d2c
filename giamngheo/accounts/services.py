"""Writes of the accounts app: the audit trail.

Every service that changes a register record calls `audit_record` inside its own transaction, so the change and
its audit entry are committed together or not at all.
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models

from giamngheo.accounts.models import AuditAction, AuditEntry, User

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
