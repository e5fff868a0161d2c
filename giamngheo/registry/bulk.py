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
"""

import contextlib
import datetime
import functools
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, models, transaction
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry, User
from giamngheo.accounts.services import audit_entry_build, changes_between, snapshot
from giamngheo.areas.models import StaleCommune, Village
from giamngheo.common.text import fold
from giamngheo.registry.models import EventKind, Household, HouseholdEvent, Person, Relation
from giamngheo.registry.services import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS

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

# Fields a household's creation entry lists: the ones `accounts.services.snapshot` reads.
_AUDITED_HOUSEHOLD_FIELDS = tuple(
    sorted((f.attname, f) for f in Household._meta.concrete_fields if f.editable and not f.primary_key)
)
_AUDITED_PERSON_FIELDS = tuple(
    sorted((f.attname, f) for f in Person._meta.concrete_fields if f.editable and not f.primary_key)
)
# Tables written here, in the order a batch is loaded.
_TABLES: tuple[type[models.Model], ...] = (Household, Person, HouseholdEvent, AuditEntry)


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


# ---------------------------------------------------------------- villages


@transaction.atomic
def villages_ensure(
    *, actor: User | None, wanted: Mapping[int, Sequence[tuple[str, str]]], note: str = ""
) -> dict[int, list[int]]:
    """Ids of the named villages of each commune ({commune_id: [(name, kind), …]}), in the order asked.

    Missing villages are created, each with its audit entry (as `services.village_create` writes it); existing
    ones (same commune, same name) are reused whatever their kind.
    """
    existing = {
        (commune_id, name): pk
        for pk, commune_id, name in Village.objects.filter(commune_id__in=list(wanted)).values_list(
            "pk", "commune_id", "name"
        )
    }
    missing = [
        Village(commune_id=commune_id, name=name, kind=kind)
        for commune_id, names in wanted.items()
        for name, kind in names
        if (commune_id, name) not in existing
    ]
    if missing:
        # Both supported backends return the new ids from a bulk insert (PostgreSQL, SQLite ≥ 3.35).
        Village.objects.bulk_create(missing, batch_size=1000)
        AuditEntry.objects.bulk_create(
            [
                audit_entry_build(
                    actor=actor,
                    action=AuditAction.CREATE,
                    instance=village,
                    changes=changes_between({}, snapshot(village)),
                    household_id=None,
                    commune_id=village.commune_id,
                    note=note,
                )
                for village in missing
            ],
            batch_size=1000,
        )
        existing.update({(village.commune_id, village.name): village.pk for village in missing})
    return {commune_id: [existing[(commune_id, name)] for name, _kind in names] for commune_id, names in wanted.items()}


# ---------------------------------------------------------------- households


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
    writer: _Writer = _PostgresWriter() if connection.vendor == "postgresql" else _SqliteWriter()
    result = BulkResult()
    rows_builder = _RowsBuilder(actor=actor, registered_on=registered_on, note=note)
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


@dataclass(kw_only=True)
class _Prepared:
    """One batch, ready to load: per table, the rows as the backend takes them."""

    households: int
    persons: int
    tables: list[tuple[type[models.Model], Any]]


class _RowsBuilder:
    """Turns a HouseholdBatch and its reserved ids into the rows of the four tables (backend-neutral values)."""

    def __init__(self, *, actor: User | None, registered_on: datetime.date, note: str) -> None:
        self.registered_on = registered_on
        self.note = note[:255]
        self.audit_template = _audit_template(actor=actor)
        # Names repeat a lot ("Nguyễn Văn Hùng"); their words repeat even more. Folding works character by
        # character on NFC text with single spaces, so folding word by word gives the same result.
        self._fold_word = functools.lru_cache(maxsize=100_000)(fold)

    def fold_name(self, name: str) -> str:
        return " ".join(map(self._fold_word, name.split(" ")))

    def build(
        self, batch: HouseholdBatch, household_ids: list[int], person_ids: list[int]
    ) -> dict[type[models.Model], dict[str, list[Any]]]:
        households, persons = batch.households, batch.persons
        n, m = len(batch), len(persons["household_index"])
        household_index = persons["household_index"]
        heads = _heads(household_index, persons["relation"], n)
        now = timezone.now()

        names_folded = list(map(self.fold_name, persons["full_name"]))
        member_names: list[list[str]] = [[] for _ in range(n)]
        for index, name in zip(household_index, names_folded, strict=True):
            member_names[index].append(name)
        # Same text as services.household_refresh_search (folding the parts equals folding the joined text).
        search_text = [
            " | ".join([self.fold_name(code), *names])
            for code, names in zip(households["code"], member_names, strict=True)
        ]
        household_rows: dict[str, list[Any]] = {
            "id": household_ids,
            "created_at": [now] * n,
            "updated_at": [now] * n,
            **{name: households[name] for name in HOUSEHOLD_INPUT_COLUMNS},
            "head_id": [person_ids[i] for i in heads],
            "ended_on": [None] * n,
            "end_reason": [""] * n,
            "search_text": search_text,
        }
        template = self.audit_template
        person_rows: dict[str, list[Any]] = {
            "id": person_ids,
            "created_at": [now] * m,
            "updated_at": [now] * m,
            "household_id": [household_ids[i] for i in household_index],
            "name_folded": names_folded,
            **{name: persons[name] for name in PERSON_FIELDS},
            "left_on": [None] * m,
            "left_reason": [""] * m,
        }
        # Every member gets a creation entry too, as household_register writes (who, when, every field).
        person_communes = [households["commune_id"][i] for i in household_index]
        return {
            Household: household_rows,
            Person: person_rows,
            HouseholdEvent: {
                "household_id": household_ids,
                "person_id": [None] * n,
                "kind": [EventKind.REGISTERED.value] * n,
                "occurred_on": [self.registered_on] * n,
                "other_household_id": [None] * n,
                "note": [""] * n,
                "recorded_at": [now] * n,
            },
            AuditEntry: {
                "at": [now] * (n + m),
                "actor_id": [template.actor_id] * (n + m),
                "actor_label": [template.actor_label] * (n + m),
                "action": [template.action] * (n + m),
                "target_type": [template.target_type] * n + [Person._meta.label_lower] * m,
                "target_id": [*map(str, household_ids), *map(str, person_ids)],
                # Household.__str__ ("code · head's name") and Person.__str__, without loading them again.
                "target_label": [
                    *(
                        f"{code} · {persons['full_name'][i]}"[:200]
                        for code, i in zip(households["code"], heads, strict=True)
                    ),
                    *(name[:200] for name in persons["full_name"]),
                ],
                "household_id": household_ids + person_rows["household_id"],
                "commune_id": list(households["commune_id"]) + person_communes,
                "changes": _creation_changes(household_rows) + _creation_changes(person_rows, _AUDITED_PERSON_FIELDS),
                "note": [self.note] * (n + m),
            },
        }


def _heads(household_index: Sequence[int], relations: Sequence[str], n: int) -> list[int]:
    """Row of each household's head among the persons; every household must have exactly one."""
    heads = [-1] * n
    for row, (index, relation) in enumerate(zip(household_index, relations, strict=True)):
        if relation == Relation.HEAD:
            if heads[index] != -1:
                raise ValidationError(f"Hộ thứ {index + 1} của lô có hai chủ hộ.")
            heads[index] = row
    if -1 in heads:
        raise ValidationError(f"Hộ thứ {heads.index(-1) + 1} của lô không có chủ hộ.")
    return heads


def _audit_template(*, actor: User | None) -> AuditEntry:
    """The parts of a creation entry that are the same for every household, as audit_entry_build writes them."""
    return audit_entry_build(
        actor=actor, action=AuditAction.CREATE, instance=Household(), changes={}, household_id=None, commune_id=None
    )


def _json_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _creation_changes(
    rows: Mapping[str, list[Any]], fields: tuple[tuple[str, Any], ...] = _AUDITED_HOUSEHOLD_FIELDS
) -> list[str]:
    """The JSON `changes` of each record's creation entry: changes_between({}, snapshot(record)).

    Built column by column (each distinct value encoded once) because building model instances per household
    costs more than the rest of the insert; test_synthetic checks the result against audit_entry_build on the
    stored household. Values as accounts.services._plain leaves them: dates dd/mm/yyyy, decimals as strings.
    """
    parts: list[list[str]] = []
    for name, field in fields:
        key = json.dumps(name)
        places = getattr(field, "decimal_places", None)
        values = rows[name]
        encoded: dict[Any, str] = {}
        for value in set(values):  # a column holds one type, so equal values encode alike
            if value is None:
                encoded[value] = ""  # changes_between leaves out fields that stay None
                continue
            if isinstance(value, datetime.date):
                plain: Any = value.strftime("%d/%m/%Y")
            elif places is not None:
                plain = f"{value:.{places}f}"  # as the database gives the Decimal back
            elif not isinstance(value, str | int):
                plain = str(value)
            else:
                plain = value
            encoded[value] = f"{key}: [null, {_json_value(plain)}]"
        parts.append(list(map(encoded.__getitem__, values)))
    return ["{" + ", ".join(filter(None, row)) + "}" for row in zip(*parts, strict=True)]


def _integrity_message(error: IntegrityError) -> str:
    text = str(error)
    if "citizen_id" in text:
        what = "có số CCCD đã có trong sổ hoặc bị trùng"
    elif "code" in text:
        what = "có mã hộ đã có trong sổ hoặc bị trùng"
    else:
        what = "có dữ liệu vi phạm ràng buộc của cơ sở dữ liệu"
    return f"Không ghi được lô hộ: {what}. Không hộ nào được ghi. Chi tiết: {text.splitlines()[0][:300]}"


# ---------------------------------------------------------------- backends


def _columns(model: type[models.Model], rows: Mapping[str, list[Any]]) -> list[tuple[models.Field, list[Any]]]:
    """(field, values) for every concrete field of the model, refusing unknown or missing keys."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = set(rows) - set(fields)
    missing = set(fields) - set(rows) - {model._meta.pk.attname}
    if unknown or missing:
        raise ValueError(f"{model.__name__}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return [(fields[name], values) for name, values in rows.items()]


def _column_list(model: type[models.Model], rows: Mapping[str, list[Any]]) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field, _values in _columns(model, rows))


class _Writer:
    def begin(self) -> None: ...

    def prepare(self, batches: Iterable[HouseholdBatch], builder: _RowsBuilder) -> Iterator[_Prepared]:
        raise NotImplementedError

    def load(self, prepared: _Prepared) -> None:
        raise NotImplementedError

    def drop_indexes(self) -> list[str]:
        return []

    def restore_indexes(self, definitions: list[str]) -> None: ...


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
        # JSON arrives already encoded (see _creation_changes). Most columns hold codes and names with nothing to
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


class _PostgresWriter(_Writer):
    def begin(self) -> None:
        with connection.cursor() as cursor:
            # Memory for the trigram GIN pending-list clean-ups during COPY and for index builds (this transaction).
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")

    def prepare(self, batches: Iterable[HouseholdBatch], builder: _RowsBuilder) -> Iterator[_Prepared]:
        """Batches ready for COPY, prepared one ahead in a second thread.

        Ids come from the sequences through that thread's own connection: sequences are not transactional, so
        they need not be taken inside the loading transaction (a rolled-back load leaves a gap, as any insert).
        """
        ready: queue.Queue[_Prepared | BaseException | None] = queue.Queue(maxsize=1)
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
                    prepared = _Prepared(
                        households=len(batch),
                        persons=len(person_ids),
                        tables=[(model, _copy_payload(model, tables[model])) for model in _TABLES],
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

    def load(self, prepared: _Prepared) -> None:
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
        tables = [model._meta.db_table for model in _TABLES]
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


def _copy_payload(model: type[models.Model], rows: Mapping[str, list[Any]]) -> tuple[str, bytes]:
    columns = _columns(model, rows)
    text_columns = [_copy_text(field, values) for field, values in columns]
    data = "\n".join(map("\t".join, zip(*text_columns, strict=True))) + "\n"
    return _column_list(model, rows), data.encode()


class _SqliteWriter(_Writer):
    def begin(self) -> None:
        # A write statement takes SQLite's single write lock for the rest of the transaction (even when it changes
        # no row), so no other connection can insert between reading the highest id below and using the next ones.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE 0")

    def prepare(self, batches: Iterable[HouseholdBatch], builder: _RowsBuilder) -> Iterator[_Prepared]:
        for batch in batches:
            if len(batch) == 0:
                continue
            household_ids = self._reserve(Household, len(batch))
            person_ids = self._reserve(Person, len(batch.persons["household_index"]))
            tables = builder.build(batch, household_ids, person_ids)
            yield _Prepared(
                households=len(batch), persons=len(person_ids), tables=[(model, tables[model]) for model in _TABLES]
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

    def load(self, prepared: _Prepared) -> None:
        with connection.cursor() as cursor:
            for model, rows in prepared.tables:
                columns = _columns(model, rows)
                converted = [_sqlite_values(field, values) for field, values in columns]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({_column_list(model, rows)})"  # noqa: S608
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
