"""The stale-commune marks move to the areas app (areas.StaleCommune): the marks are copied to the new table, then
the old one is dropped. Works on SQLite and PostgreSQL (plain ORM reads and writes)."""

from django.db import migrations


def _copy(apps, source: tuple[str, str], target: tuple[str, str]) -> None:
    old = apps.get_model(*source)
    new = apps.get_model(*target)
    marks = [new(commune_id=pk, since=since) for pk, since in old.objects.values_list("commune_id", "since")]
    new.objects.bulk_create(marks, batch_size=2_000, ignore_conflicts=True)


def marks_to_areas(apps, schema_editor) -> None:
    _copy(apps, ("reports", "StaleCommune"), ("areas", "StaleCommune"))


def marks_to_reports(apps, schema_editor) -> None:
    _copy(apps, ("areas", "StaleCommune"), ("reports", "StaleCommune"))


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_stalecommune"),
        ("reports", "0005_agency_submissions"),
    ]

    operations = [
        migrations.RunPython(marks_to_areas, marks_to_reports),
        migrations.DeleteModel(name="StaleCommune"),
    ]
