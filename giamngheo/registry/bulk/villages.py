"""Villages by name for a bulk load: the existing ones reused, the missing ones created with their audit entries."""

from collections.abc import Mapping, Sequence

from django.db import transaction

from giamngheo.accounts.models import AuditAction, AuditEntry, User
from giamngheo.accounts.services import audit_entry_build, changes_between, snapshot
from giamngheo.areas.models import Village


@transaction.atomic
def villages_ensure(
    *, actor: User | None, wanted: Mapping[int, Sequence[tuple[str, str]]], note: str = ""
) -> dict[int, list[int]]:
    """Ids of the named villages of each commune ({commune_id: [(name, kind), …]}), in the order asked.

    Missing villages are created, each with its audit entry (as `services.village_create` writes it); existing
    ones (same commune, same name) are reused whatever their kind.
    """
    existing = {
        (commune_id, name): pk
        for pk, commune_id, name in Village.objects.filter(commune_id__in=list(wanted)).values_list(
            "pk", "commune_id", "name"
        )
    }
    missing = [
        Village(commune_id=commune_id, name=name, kind=kind)
        for commune_id, names in wanted.items()
        for name, kind in names
        if (commune_id, name) not in existing
    ]
    if missing:
        # Both supported backends return the new ids from a bulk insert (PostgreSQL, SQLite ≥ 3.35).
        Village.objects.bulk_create(missing, batch_size=1000)
        AuditEntry.objects.bulk_create(
            [
                audit_entry_build(
                    actor=actor,
                    action=AuditAction.CREATE,
                    instance=village,
                    changes=changes_between({}, snapshot(village)),
                    household_id=None,
                    commune_id=village.commune_id,
                    note=note,
                )
                for village in missing
            ],
            batch_size=1000,
        )
        existing.update({(village.commune_id, village.name): village.pk for village in missing})
    return {commune_id: [existing[(commune_id, name)] for name, _kind in names] for commune_id, names in wanted.items()}
