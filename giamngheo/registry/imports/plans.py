"""What the import plans for each row, person and household, and the batches new households go in by."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.registry.bulk import HOUSEHOLD_INPUT_COLUMNS, PERSON_INPUT_COLUMNS, HouseholdBatch
from giamngheo.registry.models import Household, Person, Status
from giamngheo.registry.services import PERSON_FIELDS


@dataclass
class _Row:
    number: int
    code: str
    cells: dict[str, Any]  # column key → raw cell, for messages
    values: dict[str, Any]  # column key → parsed value, only for filled cells
    bad: set[str] = field(default_factory=set)  # column keys whose cell could not be read

    @property
    def person(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in PERSON_FIELDS}


@dataclass
class _PersonPlan:
    row: _Row
    data: dict[str, Any]  # cleaned fields given in the file
    existing: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    becomes_head: bool = False  # existing member named head of a household that has none


@dataclass
class _HouseholdPlan:
    code: str
    rows: list[_Row]
    values: dict[str, Any] = field(default_factory=dict)  # household column key → value
    first_row: dict[str, int] = field(default_factory=dict)  # household column key → row that gave it
    commune: AdminUnit | None = None
    legacy_commune: AdminUnit | None = None
    village: Village | None = None
    existing: Household | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    persons: list[_PersonPlan] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.rows[0].number

    def row_of(self, key: str) -> int:
        return self.first_row.get(key, self.row)

    def cell(self, key: str) -> Any:
        """The raw cell that gave the household's value of `key`, for messages."""
        number = self.row_of(key)
        return next(r for r in self.rows if r.number == number).cells.get(key)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or any(p.existing is None or p.changes or p.becomes_head for p in self.persons)


def _defaults(model: type[models.Model], names: Iterable[str]) -> dict[str, Any]:
    """What a blank cell gives a new record: the model's default ("" for optional text, None for unknown facts)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {name: fields[name].get_default() for name in names}


_HOUSEHOLD_DEFAULTS = _defaults(Household, HOUSEHOLD_INPUT_COLUMNS)
_PERSON_DEFAULTS = _defaults(Person, PERSON_FIELDS)
_BATCH_SIZE = 500


def _batches(plans: Sequence[_HouseholdPlan]) -> Iterator[HouseholdBatch]:
    """New households and their members as the bulk writer takes them: one list per column."""
    for start in range(0, len(plans), _BATCH_SIZE):
        households: dict[str, list[Any]] = {name: [] for name in HOUSEHOLD_INPUT_COLUMNS}
        persons: dict[str, list[Any]] = {name: [] for name in PERSON_INPUT_COLUMNS}
        for index, plan in enumerate(plans[start : start + _BATCH_SIZE]):
            assert plan.commune is not None and plan.village is not None
            values = {
                **{name: plan.values.get(name, _HOUSEHOLD_DEFAULTS[name]) for name in HOUSEHOLD_INPUT_COLUMNS},
                "code": plan.code,
                "commune_id": plan.commune.pk,
                "legacy_commune_id": plan.legacy_commune.pk if plan.legacy_commune else None,
                "village_id": plan.village.pk,
                "area_type": plan.values.get("area_type") or plan.commune.area_type,
                "status": plan.values.get("status", Status.UNKNOWN),
            }
            for name in HOUSEHOLD_INPUT_COLUMNS:
                households[name].append(values[name])
            for person in plan.persons:
                persons["household_index"].append(index)
                for name in PERSON_FIELDS:
                    persons[name].append(person.data.get(name, _PERSON_DEFAULTS[name]))
        yield HouseholdBatch(households=households, persons=persons)
