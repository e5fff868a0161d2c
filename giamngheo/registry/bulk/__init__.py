"""Bulk writes of the household register: many households in one transaction.

Used by the synthetic-data generator (seed_synthetic) and by the file importer. It writes the same records as
`services.household_register` without the per-row round trips: the household with its search text and head link,
its members with their folded names, one `HouseholdEvent(REGISTERED)` and one `AuditEntry` per household. Rows
arrive as columns (`HouseholdBatch`) so a million households never exist as a million model instances.

On PostgreSQL the rows go in with COPY, and the next batch is prepared in a second thread while the database
loads the current one (Python and PostgreSQL each keep one core busy). On SQLite they go in with executemany.
Ids are reserved before the insert (PostgreSQL: `nextval` of each table's sequence; SQLite: past the AUTOINCREMENT
counter, under the write lock the transaction holds), so the head link is written with the household and nothing
is updated afterwards.

The caller has validated the rows (the importer runs `services.person_clean`; the generator builds valid data); the
database still refuses a duplicate household code or CCCD, and the whole call is then rolled back.

The modules: batches.py (what a caller hands in), households.py (the households' load: one transaction, the
stale-tallies mark), rows.py (a batch turned into the rows of the four tables, audit JSON included), writers.py,
postgres.py and sqlite.py (how each backend reserves ids and loads the rows), villages.py (villages by name).
"""

from giamngheo.registry.bulk.batches import HOUSEHOLD_INPUT_COLUMNS, PERSON_INPUT_COLUMNS, BulkResult, HouseholdBatch
from giamngheo.registry.bulk.households import households_bulk_create
from giamngheo.registry.bulk.villages import villages_ensure

__all__ = [
    "HOUSEHOLD_INPUT_COLUMNS",
    "PERSON_INPUT_COLUMNS",
    "BulkResult",
    "HouseholdBatch",
    "households_bulk_create",
    "villages_ensure",
]
