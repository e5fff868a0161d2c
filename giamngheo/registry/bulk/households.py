"""The households' load: every batch in one transaction, on the backend's writer, and the communes it filled marked
stale so their tallies are counted again."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from giamngheo.accounts.models import User
from giamngheo.areas.models import StaleCommune
from giamngheo.registry.bulk.batches import BulkResult, HouseholdBatch
from giamngheo.registry.bulk.postgres import PostgresWriter
from giamngheo.registry.bulk.rows import RowsBuilder
from giamngheo.registry.bulk.sqlite import SqliteWriter
from giamngheo.registry.bulk.writers import Writer


def households_bulk_create(
    *,
    actor: User | None,
    batches: Iterable[HouseholdBatch],
    registered_on: datetime.date,
    note: str = "",
    on_batch: Callable[[int], None] | None = None,
    rebuild_indexes: bool = False,
) -> BulkResult:
    """Insert every household of every batch with its members, event and audit entry, all in one transaction.

    `on_batch(n)` is called after each batch with the number of households it held (for a progress bar).
    `rebuild_indexes` (PostgreSQL): drop the secondary indexes and foreign keys of the four tables first and put
    them back at the end (docs/performance.md: about 1.5 times as fast for a load into an empty register), but the
    register tables, and those their foreign keys point to, are locked against readers until the transaction ends.
    For seeding a quiet database, never for imports into a live one.
    A duplicate household code or CCCD rolls everything back and raises ValidationError naming it.
    """
    writer: Writer = PostgresWriter() if connection.vendor == "postgresql" else SqliteWriter()
    result = BulkResult()
    rows_builder = RowsBuilder(actor=actor, registered_on=registered_on, note=note)
    communes: set[int] = set()

    def noting_communes(batches: Iterable[HouseholdBatch]) -> Iterator[HouseholdBatch]:
        for batch in batches:
            communes.update(batch.households["commune_id"])
            yield batch

    try:
        with transaction.atomic():
            writer.begin()
            dropped = writer.drop_indexes() if rebuild_indexes else []
            for prepared in writer.prepare(noting_communes(batches), rows_builder):
                writer.load(prepared)
                result.households += prepared.households
                result.persons += prepared.persons
                if on_batch is not None:
                    on_batch(prepared.households)
            writer.restore_indexes(dropped)
            # Every commune that got households: its tallies are counted again (imports and seed_synthetic alike).
            StaleCommune.objects.mark(communes)
    except IntegrityError as error:
        raise ValidationError(_integrity_message(error)) from error
    return result


def _integrity_message(error: IntegrityError) -> str:
    text = str(error)
    if "citizen_id" in text:
        what = "có số CCCD đã có trong sổ hoặc bị trùng"
    elif "code" in text:
        what = "có mã hộ đã có trong sổ hoặc bị trùng"
    else:
        what = "có dữ liệu vi phạm ràng buộc của cơ sở dữ liệu"
    return f"Không ghi được lô hộ: {what}. Không hộ nào được ghi. Chi tiết: {text.splitlines()[0][:300]}"
