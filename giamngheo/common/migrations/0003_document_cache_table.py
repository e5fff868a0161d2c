"""The table of the documents cache (settings.CACHES["documents"]: printed reports kept by what they are made of,
common.pdf), made by the same `createcachetable` as 0002, which creates only the cache tables that are missing."""

from importlib import import_module

from django.db import migrations

cache_table_create = import_module("giamngheo.common.migrations.0002_cache_table").cache_table_create


class Migration(migrations.Migration):
    dependencies = [("common", "0002_cache_table")]
    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
