"""What the import plans for each row, person and household: the state one phase hands the next.

A large file is kept whole until every row is checked, so these are lean (docs/performance.md): slotted objects, a
row's values in a tuple laid out once per file, a member's cleaned fields in a tuple, and no copy of what was typed.
Messages about a row after it was read show its values as read, spelled the template's way (Row.shown).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.registry.imports.cells import value_shown
from giamngheo.registry.imports.columns import COLUMN_BY_KEY, SHARED_KEYS, Column
from giamngheo.registry.models import Household, Person
from giamngheo.registry.services.base import PERSON_FIELDS

_NOT_GIVEN = object()  # a member's field the file leaves blank: the register's value or the default applies
# What the many new households and members have nothing in: one empty mapping for all of them.
NOTHING: Mapping[str, Any] = MappingProxyType({})


class Layout:
    """The template's columns a file has, in the order each of its rows keeps its values."""

    __slots__ = ("columns", "person", "position", "shared")

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self.position = {c.key: i for i, c in enumerate(self.columns)}
        # (key, position) of the household columns shared between a household's rows, and of the member's columns.
        self.shared = tuple((c.key, i) for i, c in enumerate(self.columns) if c.key in SHARED_KEYS)
        self.person = tuple((c.key, i) for i, c in enumerate(self.columns) if c.key in PERSON_FIELDS)


@dataclass(slots=True, eq=False)
class Row:
    """One data row: its Excel number, its Mã hộ, and each cell as read (None: blank, or unreadable and named in
    `bad`, the keys of the cells that could not be read, so that later phases do not report them again)."""

    number: int
    code: str
    layout: Layout
    values: tuple[Any, ...]
    bad: frozenset[str] = frozenset()

    def value(self, key: str) -> Any:
        position = self.layout.position.get(key)
        return None if position is None else self.values[position]

    def shown(self, key: str) -> str:
        """The cell of column `key` as read, in the template's spelling ("Chủ hộ", "17/05/1980", "1.500.000")."""
        column = COLUMN_BY_KEY.get(key)
        return "" if column is None else value_shown(column, self.value(key))

    @property
    def person(self) -> dict[str, Any]:
        """The member's fields the row gives."""
        values = self.values
        return {key: values[i] for key, i in self.layout.person if values[i] is not None}


@dataclass(slots=True, eq=False)
class PersonPlan:
    row: Row
    cleaned: tuple[Any, ...]  # PERSON_FIELDS in order, _NOT_GIVEN for a field the file leaves to the register
    member_id: int | None = None  # the register's member the row is, if any
    # That member, kept only when the write phase changes them: a large file imported again keeps no member.
    existing: Person | None = None
    changes: Mapping[str, Any] = field(default_factory=lambda: NOTHING)
    becomes_head: bool = False  # existing member named head of a household that has none

    @classmethod
    def of(cls, row: Row, data: Mapping[str, Any], **kwargs: Any) -> "PersonPlan":
        return cls(row=row, cleaned=tuple(data.get(name, _NOT_GIVEN) for name in PERSON_FIELDS), **kwargs)

    @property
    def data(self) -> dict[str, Any]:
        """The member's cleaned fields given in the file (person_clean's dict)."""
        return {name: value for name, value in zip(PERSON_FIELDS, self.cleaned, strict=True) if value is not _NOT_GIVEN}


@dataclass(slots=True, eq=False)
class HouseholdPlan:
    """One household of the file: its rows, and what the register and the file say about it. Its household columns
    are read from its first row, or from the later row that gave one the first row left blank (`later`), so that a
    household keeps no copy of them."""

    code: str
    rows: list[Row]
    later: Mapping[str, tuple[int, Any]] = field(default_factory=lambda: NOTHING)  # key → (row number, value)
    commune: AdminUnit | None = None
    legacy_commune: AdminUnit | None = None
    village: Village | None = None
    existing: Household | None = None  # the register's household of the code, with the fields planning reads
    changes: Mapping[str, Any] = field(default_factory=lambda: NOTHING)  # what the file changes in the register
    persons: Sequence[PersonPlan] = ()  # a list once the first member is planned

    def person_add(self, person: PersonPlan) -> None:
        if isinstance(self.persons, list):
            self.persons.append(person)
        else:
            self.persons = [person]

    @property
    def row(self) -> int:
        return self.rows[0].number

    def value(self, key: str) -> Any:
        """The household's value of column `key`; None when no row gives it."""
        later = self.later.get(key)
        return self.rows[0].value(key) if later is None else later[1]

    def given_later(self, key: str, row: int, value: Any) -> None:
        """`row`, not the household's first, gave the value of `key`."""
        if self.later is NOTHING:
            self.later = {}
        self.later[key] = (row, value)  # type: ignore[index]

    def row_of(self, key: str) -> int:
        later = self.later.get(key)
        return self.row if later is None else later[0]

    def shown(self, key: str) -> str:
        """The household's value of `key` as read, for messages."""
        column = COLUMN_BY_KEY.get(key)
        return "" if column is None else value_shown(column, self.value(key))

    @property
    def changed(self) -> bool:
        return bool(self.changes) or any(p.member_id is None or p.changes or p.becomes_head for p in self.persons)
