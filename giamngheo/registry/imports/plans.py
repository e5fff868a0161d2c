"""What the import plans for each row, person and household: the state one phase hands the next."""

from dataclasses import dataclass, field
from typing import Any

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.registry.models import Household, Person
from giamngheo.registry.services.base import PERSON_FIELDS


@dataclass
class Row:
    number: int
    code: str
    cells: dict[str, Any]  # column key → raw cell, for messages
    values: dict[str, Any]  # column key → parsed value, only for filled cells
    bad: set[str] = field(default_factory=set)  # column keys whose cell could not be read

    @property
    def person(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in PERSON_FIELDS}


@dataclass
class PersonPlan:
    row: Row
    data: dict[str, Any]  # cleaned fields given in the file
    existing: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    becomes_head: bool = False  # existing member named head of a household that has none


@dataclass
class HouseholdPlan:
    code: str
    rows: list[Row]
    values: dict[str, Any] = field(default_factory=dict)  # household column key → value
    first_row: dict[str, int] = field(default_factory=dict)  # household column key → row that gave it
    commune: AdminUnit | None = None
    legacy_commune: AdminUnit | None = None
    village: Village | None = None
    existing: Household | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    persons: list[PersonPlan] = field(default_factory=list)

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
