"""The trace of who read a household's or a person's personal data on the register's pages (docs/security.md): one
row per user, object and day, written by accounts.services.personal_data_read_record."""

from django.contrib.auth.models import AnonymousUser

from giamngheo.accounts.models import ReadKind, User
from giamngheo.accounts.services import personal_data_read_record
from giamngheo.registry.models import Household, Person


def register_read_record(
    *, user: User | AnonymousUser, kind: ReadKind, household: Household, person: Person | None = None
) -> None:
    """Record a read of the household's page (`person` None) or of one member (their page, or their CCCD shown)."""
    if person is None:
        key, label = str(household.pk), f"Hộ {household}"
    else:
        key, label = str(person.pk), f"{person.full_name}, hộ {household.code}"
    personal_data_read_record(
        user=user, kind=kind, key=key, label=label, unit=household.commune, household_id=household.pk
    )
