"""A batch turned into the rows of the four tables (household, person, event, audit entry), with backend-neutral
values: the writers only encode and load them."""

import datetime
import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry, User
from giamngheo.accounts.services import audit_entry_build
from giamngheo.common.text import fold
from giamngheo.registry.bulk.batches import HOUSEHOLD_INPUT_COLUMNS, HouseholdBatch
from giamngheo.registry.models import EventKind, Household, HouseholdEvent, Person, Relation
from giamngheo.registry.services.base import PERSON_FIELDS

# Fields a household's creation entry lists: the ones `accounts.services.snapshot` reads.
_AUDITED_HOUSEHOLD_FIELDS = tuple(
    sorted((f.attname, f) for f in Household._meta.concrete_fields if f.editable and not f.primary_key)
)
_AUDITED_PERSON_FIELDS = tuple(
    sorted((f.attname, f) for f in Person._meta.concrete_fields if f.editable and not f.primary_key)
)
# Tables written here, in the order a batch is loaded.
TABLES: tuple[type[models.Model], ...] = (Household, Person, HouseholdEvent, AuditEntry)


class RowsBuilder:
    """Turns a HouseholdBatch and its reserved ids into the rows of the four tables (backend-neutral values)."""

    def __init__(self, *, actor: User | None, registered_on: datetime.date, note: str) -> None:
        self.registered_on = registered_on
        self.note = note[:255]
        self.audit_template = _audit_template(actor=actor)
        # Names repeat a lot ("Nguyễn Văn Hùng"); their words repeat even more. Folding works character by
        # character on NFC text with single spaces, so folding word by word gives the same result.
        self._fold_word = functools.lru_cache(maxsize=100_000)(fold)

    def fold_name(self, name: str) -> str:
        return " ".join(map(self._fold_word, name.split(" ")))

    def build(
        self, batch: HouseholdBatch, household_ids: list[int], person_ids: list[int]
    ) -> dict[type[models.Model], dict[str, list[Any]]]:
        households, persons = batch.households, batch.persons
        n, m = len(batch), len(persons["household_index"])
        household_index = persons["household_index"]
        heads = _heads(household_index, persons["relation"], n)
        now = timezone.now()

        names_folded = list(map(self.fold_name, persons["full_name"]))
        member_names: list[list[str]] = [[] for _ in range(n)]
        for index, name in zip(household_index, names_folded, strict=True):
            member_names[index].append(name)
        # Same text as services.household_refresh_search (folding the parts equals folding the joined text).
        search_text = [
            " | ".join([self.fold_name(code), *names])
            for code, names in zip(households["code"], member_names, strict=True)
        ]
        household_rows: dict[str, list[Any]] = {
            "id": household_ids,
            "created_at": [now] * n,
            "updated_at": [now] * n,
            **{name: households[name] for name in HOUSEHOLD_INPUT_COLUMNS},
            "head_id": [person_ids[i] for i in heads],
            "ended_on": [None] * n,
            "end_reason": [""] * n,
            "search_text": search_text,
            "version": [1] * n,  # as a household_register'ed row starts (Household.version's default)
        }
        template = self.audit_template
        person_rows: dict[str, list[Any]] = {
            "id": person_ids,
            "created_at": [now] * m,
            "updated_at": [now] * m,
            "household_id": [household_ids[i] for i in household_index],
            "name_folded": names_folded,
            **{name: persons[name] for name in PERSON_FIELDS},
            "left_on": [None] * m,
            "left_reason": [""] * m,
            "version": [1] * m,
        }
        # Every member gets a creation entry too, as household_register writes (who, when, every field).
        person_communes = [households["commune_id"][i] for i in household_index]
        return {
            Household: household_rows,
            Person: person_rows,
            HouseholdEvent: {
                "household_id": household_ids,
                "person_id": [None] * n,
                "kind": [EventKind.REGISTERED.value] * n,
                "occurred_on": [self.registered_on] * n,
                "other_household_id": [None] * n,
                "note": [""] * n,
                "recorded_at": [now] * n,
            },
            AuditEntry: {
                "at": [now] * (n + m),
                "actor_id": [template.actor_id] * (n + m),
                "actor_label": [template.actor_label] * (n + m),
                "action": [template.action] * (n + m),
                "target_type": [template.target_type] * n + [Person._meta.label_lower] * m,
                "target_id": [*map(str, household_ids), *map(str, person_ids)],
                # Household.__str__ ("code · head's name") and Person.__str__, without loading them again.
                "target_label": [
                    *(
                        f"{code} · {persons['full_name'][i]}"[:200]
                        for code, i in zip(households["code"], heads, strict=True)
                    ),
                    *(name[:200] for name in persons["full_name"]),
                ],
                "household_id": household_ids + person_rows["household_id"],
                "commune_id": list(households["commune_id"]) + person_communes,
                "changes": _creation_changes(household_rows) + _creation_changes(person_rows, _AUDITED_PERSON_FIELDS),
                "note": [self.note] * (n + m),
            },
        }


def _heads(household_index: Sequence[int], relations: Sequence[str], n: int) -> list[int]:
    """Row of each household's head among the persons; every household must have exactly one."""
    heads = [-1] * n
    for row, (index, relation) in enumerate(zip(household_index, relations, strict=True)):
        if relation == Relation.HEAD:
            if heads[index] != -1:
                raise ValidationError(f"Hộ thứ {index + 1} của lô có hai chủ hộ.")
            heads[index] = row
    if -1 in heads:
        raise ValidationError(f"Hộ thứ {heads.index(-1) + 1} của lô không có chủ hộ.")
    return heads


def _audit_template(*, actor: User | None) -> AuditEntry:
    """The parts of a creation entry that are the same for every household, as audit_entry_build writes them."""
    return audit_entry_build(
        actor=actor, action=AuditAction.CREATE, instance=Household(), changes={}, household_id=None, commune_id=None
    )


def _json_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _creation_changes(
    rows: Mapping[str, list[Any]], fields: tuple[tuple[str, Any], ...] = _AUDITED_HOUSEHOLD_FIELDS
) -> list[str]:
    """The JSON `changes` of each record's creation entry: changes_between({}, snapshot(record)).

    Built column by column (each distinct value encoded once) because building model instances per household
    costs more than the rest of the insert; test_synthetic checks the result against audit_entry_build on the
    stored household. Values as accounts.services._plain leaves them: dates dd/mm/yyyy, decimals as strings.
    """
    parts: list[list[str]] = []
    for name, field in fields:
        key = json.dumps(name)
        places = getattr(field, "decimal_places", None)
        values = rows[name]
        encoded: dict[Any, str] = {}
        for value in set(values):  # a column holds one type, so equal values encode alike
            if value is None:
                encoded[value] = ""  # changes_between leaves out fields that stay None
                continue
            if isinstance(value, datetime.date):
                plain: Any = value.strftime("%d/%m/%Y")
            elif places is not None:
                plain = f"{value:.{places}f}"  # as the database gives the Decimal back
            elif not isinstance(value, str | int):
                plain = str(value)
            else:
                plain = value
            encoded[value] = f"{key}: [null, {_json_value(plain)}]"
        parts.append(list(map(encoded.__getitem__, values)))
    return ["{" + ", ".join(filter(None, row)) + "}" for row in zip(*parts, strict=True)]
