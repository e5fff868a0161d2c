"""What a caller hands the bulk writer: new households and their members as columns, and what it gets back."""

from dataclasses import dataclass
from typing import Any

from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS

# Columns a batch supplies. Everything else (ids, head, search text, folded names, timestamps) the writer derives.
HOUSEHOLD_INPUT_COLUMNS = (
    "code",
    "commune_id",
    "legacy_commune_id",
    "village_id",
    "address",
    "area_type",
    "status",
    *HOUSEHOLD_FACT_FIELDS,
)
PERSON_INPUT_COLUMNS = ("household_index", *PERSON_FIELDS)


@dataclass(kw_only=True)
class HouseholdBatch:
    """New households and their members, one list per column.

    `households` has the keys of HOUSEHOLD_INPUT_COLUMNS (values as the model takes them: ids for foreign keys,
    Decimal or float for the floor area); `persons` has PERSON_INPUT_COLUMNS, where `household_index` is the
    0-based row of the member's household in this batch. Exactly one member of each household is the head.
    """

    households: dict[str, list[Any]]
    persons: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(self.households["code"])


@dataclass(kw_only=True)
class BulkResult:
    households: int = 0
    persons: int = 0
