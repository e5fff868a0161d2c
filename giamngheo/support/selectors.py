"""Reads of the register of support: which households a user may record support for, a household's support, and the
counts the targets read."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Min, QuerySet

from giamngheo.accounts.access import SUPPORT_RECORDERS, scope_of
from giamngheo.accounts.models import User
from giamngheo.registry.models import Household, HouseholdEvent, Status
from giamngheo.registry.selectors import households_visible_to
from giamngheo.reviews.models import LedgerEntry
from giamngheo.support.kinds import PERSON, support_kinds
from giamngheo.support.models import Support

RECOGNISED = (Status.POOR, Status.NEAR_POOR)


def households_recordable_by(user: User | AnonymousUser, household_ids: Iterable[int]) -> set[int]:
    """Those of these households the user may record support for (accounts.access.can_record_support), for many at
    once."""
    if getattr(user, "role", None) not in SUPPORT_RECORDERS or scope_of(user).nothing:
        return set()
    return set(
        households_visible_to(user)
        .filter(pk__in=list(household_ids), ended_on__isnull=True)
        .values_list("pk", flat=True)
    )


def status_on(household: Household, day: datetime.date) -> str:
    """The household's recognised status on that day: its last ledger entry recognised by then; else the status it
    started the year of its first later entry with; else the register's (no decision has changed it since)."""
    entries = LedgerEntry.objects.filter(household=household)
    before = entries.filter(recognised_on__lte=day).order_by("-recognised_on", "-year").values_list("status", flat=True)
    after = (
        entries.filter(recognised_on__gt=day).order_by("recognised_on", "year").values_list("start_status", flat=True)
    )
    return before.first() or after.first() or household.status


def statuses_on(households: Iterable[Household], days: Iterable[tuple[int, datetime.date]]) -> list[str]:
    """status_on for many (household id, day) pairs at once, in their order: one read of these households' ledger."""
    status_of = {h.pk: h.status for h in households}
    wanted = list(days)
    entries: dict[int, list[tuple[datetime.date, int, str, str]]] = {}
    for household_id, recognised_on, year, status, start_status in LedgerEntry.objects.filter(
        household_id__in=sorted({pk for pk, _ in wanted})
    ).values_list("household_id", "recognised_on", "year", "status", "start_status"):
        entries.setdefault(household_id, []).append((recognised_on, year, status, start_status))
    statuses = []
    for pk, day in wanted:
        own = entries.get(pk, [])
        # As status_on: the last entry recognised by then (latest year first on the same day), else the first later
        # one's starting status, else the register's.
        before = max((e for e in own if e[0] <= day), key=lambda e: (e[0], e[1]), default=None)
        after = min((e for e in own if e[0] > day), key=lambda e: (e[0], e[1]), default=None)
        statuses.append((before[2] if before else "") or (after[3] if after else "") or status_of[pk])
    return statuses


def registered_on(household: Household) -> datetime.date | None:
    """The day the household entered the register (its first event)."""
    return household.events.order_by("occurred_on").values_list("occurred_on", flat=True).first()


def registered_on_many(household_ids: Iterable[int]) -> dict[int, datetime.date]:
    """registered_on for many households at once (those with no event are left out)."""
    return dict(
        HouseholdEvent.objects.filter(household_id__in=list(household_ids))
        .values("household_id")
        .annotate(first=Min("occurred_on"))
        .values_list("household_id", "first")
    )


def supports_of(household: Household) -> QuerySet[Support]:
    """The household's support, cancelled records included (marked), newest first."""
    return household.supports.select_related("person", "recorded_by")


def supports_counted(*, commune_ids: Iterable[int], year: int, kinds: Iterable[str]) -> int:
    """How many poor or near-poor households (household-level kinds) or members (person-level kinds) received these
    kinds of support in the year, in these communes: each household or member once, cancelled records left out."""
    codes = list(kinds)
    records = Support.objects.filter(
        commune_id__in=list(commune_ids),
        kind__in=codes,
        status__in=RECOGNISED,
        delivered_on__gte=datetime.date(year, 1, 1),
        delivered_on__lte=datetime.date(year, 12, 31),
        cancelled_at__isnull=True,
    )
    known = support_kinds()
    by_person = any(known[c].level == PERSON for c in codes if c in known)
    field = "person_id" if by_person else "household_id"
    return records.values(field).distinct().count()
