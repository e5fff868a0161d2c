"""Trigram indexes for diacritic-insensitive search on PostgreSQL (pg_trgm). SQLite scans, which is fine at
commune scale; the national-scale target (p95 ≤ 100 ms over 1 M households) is met on PostgreSQL."""

from django.db import migrations

INDEXES = [
    ("registry_household_search_trgm", "registry_household", "search_text"),
    ("registry_person_name_trgm", "registry_person", "name_folded"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
