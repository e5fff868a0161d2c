"""PostgreSQL: ids from the sequences, rows in COPY text format, the next batch prepared in a second thread while
the database loads the current one; optionally the secondary indexes dropped and rebuilt around the load."""

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import connection, connections, models

from giamngheo.registry.bulk.batches import HouseholdBatch
from giamngheo.registry.bulk.rows import TABLES, RowsBuilder
from giamngheo.registry.bulk.writers import Prepared, Writer, column_list, columns_of
from giamngheo.registry.models import Household, Person

_NULL = "\\N"
_COPY_BOOLEANS = {True: "t", False: "f", None: _NULL}
_COPY_SPECIALS = ("\\", "\t", "\n", "\r")


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_text(field: models.Field, values: list[Any]) -> list[str]:
    """One column in PostgreSQL's COPY text format (NULL as \\N, backslash escapes only where needed)."""
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return list(map(_COPY_BOOLEANS.__getitem__, values))
    has_null = None in values
    present = [v for v in values if v is not None] if has_null else values
    if kind in ("CharField", "TextField", "JSONField"):
        # JSON arrives already encoded (see rows._creation_changes). Most columns hold codes and names with nothing to
        # escape: one scan of the whole column decides.
        if any(special in "".join(present) for special in _COPY_SPECIALS):
            texts = {v: _copy_escape(v) for v in set(present)}
            return [_NULL if v is None else texts[v] for v in values]
        return [_NULL if v is None else v for v in values] if has_null else values
    if kind in ("DateTimeField", "DateField"):
        texts = {v: v.isoformat() for v in set(present)}
    elif kind == "DecimalField":
        places = field.decimal_places  # type: ignore[attr-defined]
        texts = {v: f"{v:.{places}f}" for v in set(present)}
    else:
        return [_NULL if v is None else str(v) for v in values] if has_null else list(map(str, values))
    texts[None] = _NULL
    return list(map(texts.__getitem__, values))


class PostgresWriter(Writer):
    def begin(self) -> None:
        with connection.cursor() as cursor:
            # Memory for the trigram GIN pending-list clean-ups during COPY and for index builds (this transaction).
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")

    def prepare(self, batches: Iterable[HouseholdBatch], builder: RowsBuilder) -> Iterator[Prepared]:
        """Batches ready for COPY, prepared one ahead in a second thread.

        Ids come from the sequences through that thread's own connection: sequences are not transactional, so
        they need not be taken inside the loading transaction (a rolled-back load leaves a gap, as any insert).
        """
        ready: queue.Queue[Prepared | BaseException | None] = queue.Queue(maxsize=1)
        stop = threading.Event()

        def produce() -> None:
            try:
                for batch in batches:
                    if stop.is_set():
                        return
                    if len(batch) == 0:
                        continue
                    household_ids = _nextvals(Household, len(batch))
                    person_ids = _nextvals(Person, len(batch.persons["household_index"]))
                    tables = builder.build(batch, household_ids, person_ids)
                    prepared = Prepared(
                        households=len(batch),
                        persons=len(person_ids),
                        tables=[(model, copy_payload(model, tables[model])) for model in TABLES],
                    )
                    while not stop.is_set():
                        try:
                            ready.put(prepared, timeout=0.5)
                            break
                        except queue.Full:
                            continue
                ready.put(None)
            except BaseException as error:  # handed to the loading thread, which raises it
                ready.put(error)
            finally:
                connections.close_all()

        producer = threading.Thread(target=produce, name="bulk-prepare", daemon=True)
        producer.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while producer.is_alive():  # let a producer blocked on a full queue see the stop
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.1)
            producer.join()

    def load(self, prepared: Prepared) -> None:
        # COPY goes straight to psycopg; wrap_database_errors turns its errors into Django's (IntegrityError …).
        with connection.cursor() as cursor, connection.wrap_database_errors:
            for model, (columns, data) in prepared.tables:
                with cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
            # Foreign keys are DEFERRABLE INITIALLY DEFERRED; checking them batch by batch keeps the queue of
            # pending checks (one per row) from growing with the whole load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def drop_indexes(self) -> list[str]:
        """Drop the secondary indexes and the foreign keys of the four tables; return the statements that put them
        back. Primary keys and unique constraints stay (duplicates are still refused row by row); the CCCD's
        partial unique index is rebuilt, which checks it again, and the foreign keys are checked again when added.
        """
        tables = [model._meta.db_table for model in TABLES]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
                " WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype = 'f' ORDER BY 1, 2",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                " ORDER BY 1",
                [tables],
            )
            indexes = cursor.fetchall()
            # Rows written earlier in the transaction may still have foreign-key checks pending; ALTER TABLE
            # refuses a table with pending checks, so run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        # Indexes first: adding a foreign key checks every row with one join, helped by the indexes.
        return [definition for _name, definition in indexes] + [
            f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            for table, name, definition in foreign_keys
        ]

    def restore_indexes(self, statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _nextvals(model: type[models.Model], count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_payload(model: type[models.Model], rows: Mapping[str, list[Any]]) -> tuple[str, bytes]:
    columns = columns_of(model, rows)
    text_columns = [_copy_text(field, values) for field, values in columns]
    data = "\n".join(map("\t".join, zip(*text_columns, strict=True))) + "\n"
    return column_list(model, rows), data.encode()
