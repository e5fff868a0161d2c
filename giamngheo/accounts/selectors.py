"""Reads of the accounts app: the audit trail and the trace of reads of personal data, within the reader's area
(accounts.access)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from giamngheo.accounts.access import can_edit_register, can_read_audit, can_read_personal_data_reads, scope_of
from giamngheo.accounts.models import AuditEntry, PersonalDataRead, User
from giamngheo.areas.models import AdminUnit


def audit_entries_visible_to(user: User | AnonymousUser) -> "QuerySet[AuditEntry]":
    """Audit entries of the communes in the user's area (AuditEntry keeps commune_id, not a foreign key)."""
    entries = AuditEntry.objects.all()
    if not can_read_audit(user):
        return entries.none()
    return scope_of(user).filter(
        entries,
        province=lambda pk: Q(commune_id__in=AdminUnit.objects.filter(province_id=pk).values("pk")),
        commune="commune_id",
    )


def audit_entries_for_household(*, user: User | AnonymousUser, household_id: int) -> "QuerySet[AuditEntry] | None":
    """The household's audit trail for its page, or None for users who may not read it.

    The caller obtained the household through households_visible_to, so its entries are inside the user's area.
    """
    if not (can_read_audit(user) or can_edit_register(user)):
        return None
    return AuditEntry.objects.filter(household_id=household_id).select_related("actor")


def personal_data_reads_visible_to(user: User | AnonymousUser) -> "QuerySet[PersonalDataRead]":
    """Reads of the personal data of the user's area: of its households, and of the files of its units. A file of a
    province is the province's alone (a commune's auditor does not see it); a national or old-map file, the
    country's."""
    reads = PersonalDataRead.objects.select_related("user")
    if not can_read_personal_data_reads(user):
        return reads.none()
    return scope_of(user).filter(reads, province="province_id", commune="commune_id")
