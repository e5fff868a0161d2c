"""What every backend's writer does with a prepared batch, and the column checks they share."""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, models

from giamngheo.registry.bulk.batches import HouseholdBatch
from giamngheo.registry.bulk.rows import RowsBuilder


@dataclass(kw_only=True)
class Prepared:
    """One batch, ready to load: per table, the rows as the backend takes them."""

    households: int
    persons: int
    tables: list[tuple[type[models.Model], Any]]


def columns_of(model: type[models.Model], rows: Mapping[str, list[Any]]) -> list[tuple[models.Field, list[Any]]]:
    """(field, values) for every concrete field of the model, refusing unknown or missing keys."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = set(rows) - set(fields)
    missing = set(fields) - set(rows) - {model._meta.pk.attname}
    if unknown or missing:
        raise ValueError(f"{model.__name__}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return [(fields[name], values) for name, values in rows.items()]


def column_list(model: type[models.Model], rows: Mapping[str, list[Any]]) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field, _values in columns_of(model, rows))


class Writer:
    def begin(self) -> None: ...

    def prepare(self, batches: Iterable[HouseholdBatch], builder: RowsBuilder) -> Iterator[Prepared]:
        raise NotImplementedError

    def load(self, prepared: Prepared) -> None:
        raise NotImplementedError

    def drop_indexes(self) -> list[str]:
        return []

    def restore_indexes(self, definitions: list[str]) -> None: ...
