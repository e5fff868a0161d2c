"""The Vietnamese collation on PostgreSQL. Debian's PostgreSQL 15 is built with ICU and initdb imports vi-VN-x-icu;
an installation whose cluster was created without it gets it here. SQLite registers it per connection (common.apps)."""

from typing import Any

from django.db import migrations

from giamngheo.common.text import VI_COLLATION


def create_collation(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE COLLATION IF NOT EXISTS \"{VI_COLLATION}\" (provider = icu, locale = 'vi-VN')")


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunPython(create_collation, migrations.RunPython.noop)]
