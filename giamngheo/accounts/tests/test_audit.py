"""The audit trail is append-only: no one edits or deletes it, through the ORM or (on PostgreSQL) through SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from giamngheo.accounts.models import AuditEntry
from giamngheo.accounts.selectors import audit_entries_visible_to
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


def test_an_audit_entry_cannot_be_changed_or_deleted(cast):
    make_household(village=cast.village, members=[member()])
    entry = AuditEntry.objects.first()
    entry.note = "sửa lén"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(note="sửa lén")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_raw_changes_to_the_audit_table(cast):
    make_household(village=cast.village, members=[member()])
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditentry SET note = 'x'")


def test_auditors_read_entries_of_their_area_only(cast):
    make_household(village=cast.village, members=[member()])
    make_household(village=cast.far_village, members=[member(full_name="Hộ Tỉnh Xa")])
    mine = audit_entries_visible_to(cast.auditor)
    assert mine.exists()
    assert set(mine.values_list("commune_id", flat=True)) == {cast.commune.pk}
    assert not audit_entries_visible_to(cast.collaborator).exists()
