"""SQLite: ids reserved past the AUTOINCREMENT counter under the transaction's write lock, rows in with executemany."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models

from giamngheo.registry.bulk.batches import HouseholdBatch
from giamngheo.registry.bulk.rows import TABLES, RowsBuilder
from giamngheo.registry.bulk.writers import Prepared, Writer, column_list, columns_of
from giamngheo.registry.models import Household, Person


class SqliteWriter(Writer):
    def begin(self) -> None:
        # A write statement takes SQLite's single write lock for the rest of the transaction (even when it changes
        # no row), so no other connection can insert between reading the highest id below and using the next ones.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE 0")

    def prepare(self, batches: Iterable[HouseholdBatch], builder: RowsBuilder) -> Iterator[Prepared]:
        for batch in batches:
            if len(batch) == 0:
                continue
            household_ids = self._reserve(Household, len(batch))
            person_ids = self._reserve(Person, len(batch.persons["household_index"]))
            tables = builder.build(batch, household_ids, person_ids)
            yield Prepared(
                households=len(batch), persons=len(person_ids), tables=[(model, tables[model]) for model in TABLES]
            )

    @staticmethod
    def _reserve(model: type[models.Model], count: int) -> list[int]:
        # Past both the AUTOINCREMENT counter (ids of deleted rows are never reused) and the highest id; inserting
        # explicit ids moves the counter on by itself. The previous batch is inserted before the next reserve.
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608 (table name)
                f" coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))",
                [table],
            )
            top = cursor.fetchone()[0]
        return list(range(top + 1, top + count + 1))

    def load(self, prepared: Prepared) -> None:
        with connection.cursor() as cursor:
            for model, rows in prepared.tables:
                columns = columns_of(model, rows)
                converted = [_sqlite_values(field, values) for field, values in columns]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({column_list(model, rows)})"  # noqa: S608
                    f" VALUES ({marks})",
                    list(zip(*converted, strict=True)),
                )


def _sqlite_values(field: models.Field, values: list[Any]) -> list[Any]:
    """Values as Django's SQLite backend stores them (datetimes as UTC text, dates ISO, decimals as text)."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        texts = {v: connection.ops.adapt_datetimefield_value(v) for v in set(values) if v is not None}
        return [None if v is None else texts[v] for v in values]
    if kind == "DateField":
        return [None if v is None else v.isoformat() for v in values]
    if kind == "DecimalField":
        places = field.decimal_places  # type: ignore[attr-defined]
        return [None if v is None else f"{v:.{places}f}" for v in values]
    return values
