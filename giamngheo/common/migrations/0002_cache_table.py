"""The database cache's table (settings.CACHES without Redis): the public rate limits count there, shared by every
worker process. `createcachetable` creates only what is missing, so this is safe to run again and does nothing with
Redis."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_vietnamese_collation")]
    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
