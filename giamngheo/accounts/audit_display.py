"""The audit trail as people read it: field labels instead of column names, "Hộ nghèo" instead of "poor".

An entry keeps raw values ({"village_id": [3, 5]}); this turns a page of entries into rows such as
"Thôn, tổ dân phố: Thôn Một → Thôn Hai", resolving the referenced records with one query per model and page. A CCCD
in an entry is masked for a reader who may not see it in full (accounts.access.can_see_citizen_id).
"""

import decimal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext

from giamngheo.accounts.models import AuditEntry
from giamngheo.common.formats import citizen_id_masked

EMPTY = "—"
# The fields that hold a CCCD (registry.Person.citizen_id), masked for readers who may not see it.
CITIZEN_ID_FIELDS = {"citizen_id"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    actor: str
    target_kind: str
    changes: list[FieldChange]


def _model_of(entry: AuditEntry) -> type[models.Model] | None:
    try:
        return apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return None


def _fields_by_attname(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.attname: field for field in model._meta.concrete_fields}


def audit_entries_readable(entries: Iterable[AuditEntry], *, citizen_ids_shown: bool) -> list[ReadableEntry]:
    """Readable rows for a page of entries (select_related("actor") on the queryset saves a query per row), with the
    CCCDs in full or masked."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = _model_of(entry)
        fields = _fields_by_attname(model) if model else {}
        for name, values in entry.changes.items():
            field = fields.get(name)
            related = field.related_model if field is not None and field.is_relation else None
            if isinstance(related, type):
                wanted[related].update(v for v in values if v is not None)
    labels = {model: _labels(model, ids) for model, ids in wanted.items()}

    rows = []
    for entry in entries:
        model = _model_of(entry)
        fields = _fields_by_attname(model) if model else {}
        changes = []
        for name, (before, after) in entry.changes.items():
            field = fields.get(name)
            masked = not citizen_ids_shown and name in CITIZEN_ID_FIELDS
            changes.append(
                FieldChange(
                    label=capfirst(str(field.verbose_name)) if field is not None else name,
                    before=citizen_id_masked(before) if masked and before else _value(field, before, labels),
                    after=citizen_id_masked(after) if masked and after else _value(field, after, labels),
                )
            )
        actor = (entry.actor.full_name or entry.actor.username) if entry.actor else entry.actor_label
        kind = capfirst(str(model._meta.verbose_name)) if model else entry.target_type
        rows.append(ReadableEntry(entry=entry, actor=actor, target_kind=kind, changes=changes))
    return rows


def _labels(model: type[models.Model], ids: set[Any]) -> dict[Any, str]:
    queryset = model._default_manager.all()
    if model._meta.label_lower == "registry.household":
        # A household's name reads its head; fetch heads with it instead of one query per household.
        queryset = queryset.select_related("head")
    return {pk: str(obj) for pk, obj in queryset.in_bulk(list(ids)).items()}


def _value(field: models.Field | None, value: Any, labels: dict[type[models.Model], dict[Any, str]]) -> str:
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    related = field.related_model if field.is_relation else None
    if isinstance(related, type):
        return labels.get(related, {}).get(value, f"#{value}")
    return field_value_display(field, value)


def field_value_display(field: models.Field, value: Any, *, empty: str = EMPTY) -> str:
    """A stored value as people read it: the choice's label, Có/Không, 1.500.000, 32,5 (not for relations)."""
    if value is None or value == "":
        return empty
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Có") if value else gettext("Không")
    if isinstance(field, models.DecimalField):
        return formats.number_format(decimal.Decimal(str(value)))
    if isinstance(field, models.IntegerField) and isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    return str(value)
