"""Reads of the household register, always through the user's area scope.

`households_visible_to` is the single choke point: views, exports and commands start from it, and a household
outside the user's area is "not found" (404), never "forbidden", so its existence does not leak.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from giamngheo.accounts.access import can_edit_register, can_see_citizen_id, scope_of
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.text import fold
from giamngheo.registry.models import EventKind, Household, HouseholdEvent, Person


def households_visible_to(user: User | AnonymousUser) -> QuerySet[Household]:
    return scope_of(user).filter(
        Household.objects.all(), province="commune__province_id", commune="commune_id", village="village_id"
    )


def household_get_for_user(*, user: User | AnonymousUser, pk: int) -> Household:
    return get_object_or_404(
        households_visible_to(user).select_related("commune__province", "legacy_commune__parent", "village", "head"),
        pk=pk,
    )


def household_get_for_edit(*, user: User | AnonymousUser, pk: int) -> Household:
    """A household the user may change: inside the area and with an editing role. Otherwise 404."""
    household = household_get_for_user(user=user, pk=pk)
    if not can_edit_register(user) or household.ended_on is not None:
        raise Http404
    return household


def person_get_for_user(*, user: User | AnonymousUser, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("household").filter(household__in=households_visible_to(user)), pk=pk
    )


def communes_visible_to(user: User | AnonymousUser) -> QuerySet[AdminUnit]:
    return scope_of(user).filter(
        AdminUnit.objects.current().communes(), province="province_id", commune="pk", village="villages__pk"
    )


def villages_visible_to(user: User | AnonymousUser) -> QuerySet[Village]:
    return scope_of(user).filter(
        Village.objects.select_related("commune"), province="commune__province_id", commune="commune_id", village="pk"
    )


@dataclass(frozen=True)
class HouseholdFilters:
    q: str = ""
    commune_id: int | None = None
    village_id: int | None = None
    status: str = ""
    ethnicity: str = ""
    head_sex: str = ""
    include_ended: bool = False


def household_list(*, user: User | AnonymousUser, filters: HouseholdFilters) -> QuerySet[Household]:
    """Households in the user's area matching the list filters, with `member_count`, ready for a paginated page."""
    households = households_visible_to(user).select_related("head", "village", "commune")
    if not filters.include_ended:
        households = households.filter(ended_on__isnull=True)
    if filters.commune_id:
        households = households.filter(commune_id=filters.commune_id)
    if filters.village_id:
        households = households.filter(village_id=filters.village_id)
    if filters.status:
        households = households.filter(status=filters.status)
    if filters.ethnicity:
        households = households.filter(head__ethnicity=filters.ethnicity)
    if filters.head_sex:
        households = households.filter(head__sex=filters.head_sex)
    query = filters.q.strip()
    if query:
        if query.isdigit() and len(query) >= 9:
            # A CCCD (12 digits, or the 9 of an old CMND) finds the household of the person who holds it, for a reader
            # who may see CCCDs. For one who sees them masked, a CCCD search would confirm a guessed number, so it
            # looks among household codes only (docs/security.md).
            by_citizen_id = Q(persons__citizen_id=query) if can_see_citizen_id(user) else Q(pk__in=[])
            households = households.filter(by_citizen_id | Q(code=query)).distinct()
        else:
            # search_text holds folded names and the code; on PostgreSQL a trigram index serves LIKE '%…%'.
            households = households.filter(search_text__contains=fold(query))
    # Current members counted in a subquery, not a join: a CCCD search already joins persons, and a Count over that
    # join would count only the matching person.
    members = (
        Person.objects.members()
        .filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    households = households.annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)))
    # Ordered by the ids of commune and village (both follow the order units and villages were created in), not
    # by village name: sorting every match by another table's column made a page of a 19,000-household commune
    # take 240 ms instead of 10 ms (docs/performance.md).
    return households.order_by("commune_id", "village_id", "code")


def members_on(*, household_ids: list[int], day: datetime.date) -> dict[int, list[Person]]:
    """Each household's members as they were on `day`, from the dated membership history: a person who left (moved
    out, died) on or before `day` is gone, one born or moved in after it is not there yet. People moved by a later
    split or merge are counted where they are now (those events are recorded per household, not per person)."""
    joined_later = HouseholdEvent.objects.filter(
        household_id__in=household_ids,
        kind__in=[EventKind.BIRTH, EventKind.MOVED_IN],
        occurred_on__gt=day,
        person__isnull=False,  # NOT IN over a NULL would exclude everyone
    ).values("person_id")
    persons = (
        Person.objects.filter(household_id__in=household_ids, date_of_birth__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .exclude(pk__in=joined_later)
        .order_by("id")
    )
    members: dict[int, list[Person]] = defaultdict(list)
    for person in persons:
        members[person.household_id].append(person)
    return members
