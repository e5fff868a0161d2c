"""Reads of the review procedure, always through the user's area scope (404 outside it, like the register)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, F, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from giamngheo.accounts.access import scope_of
from giamngheo.accounts.models import User
from giamngheo.common.models import vi_order
from giamngheo.registry.models import (
    KINH,
    Disability,
    Employment,
    EndReason,
    Household,
    HouseholdEvent,
    Person,
    Sex,
    Status,
)
from giamngheo.reviews.models import (
    Application,
    ApplicationForm,
    Campaign,
    Change,
    Complaint,
    Decision,
    DecisionLine,
    DocumentKind,
    IssuedDocument,
    LedgerEntry,
    Outcome,
    Posting,
    ReviewItem,
    Stage,
    VerificationCount,
    VillageMeeting,
)
from giamngheo.reviews.models.issued import DocumentIssue
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.standards.derive import DerivationUnavailable, age_on, derivation_params
from giamngheo.standards.params import standard_in_force

M = TypeVar("M", bound=Model)


def campaigns_visible_to(user: User | AnonymousUser) -> QuerySet[Campaign]:
    return scope_of(user).filter(
        Campaign.objects.select_related("province"),
        province="province_id",
        commune="participations__commune_id",
        village="participations__commune__villages__pk",
    )


def campaign_get_for_user(*, user: User | AnonymousUser, pk: int) -> Campaign:
    return get_object_or_404(campaigns_visible_to(user), pk=pk)


def _scoped(
    user: User | AnonymousUser, queryset: QuerySet[M], *, village_field: str | None = "village_id"
) -> QuerySet[M]:
    """Anything that carries `commune` (and reaches a village by `village_field`; None: collaborators get none)."""
    return scope_of(user).filter(queryset, province="commune__province_id", commune="commune_id", village=village_field)


def items_visible_to(user: User | AnonymousUser) -> QuerySet[ReviewItem]:
    return _scoped(
        user,
        ReviewItem.objects.select_related("household__head", "household__commune", "village", "campaign", "commune"),
    )


def item_get_for_user(*, user: User | AnonymousUser, pk: int) -> ReviewItem:
    return get_object_or_404(items_visible_to(user), pk=pk)


def applications_visible_to(user: User | AnonymousUser) -> QuerySet[Application]:
    return _scoped(
        user, Application.objects.select_related("household", "commune"), village_field="household__village_id"
    )


def meetings_visible_to(user: User | AnonymousUser) -> QuerySet[VillageMeeting]:
    return scope_of(user).filter(
        VillageMeeting.objects.select_related("village__commune", "campaign"),
        province="village__commune__province_id",
        commune="village__commune_id",
        village="village_id",
    )


def decisions_visible_to(user: User | AnonymousUser) -> QuerySet[Decision]:
    # Decisions are the commune's: a village collaborator does not handle them.
    return _scoped(user, Decision.objects.select_related("commune", "campaign"), village_field=None)


def postings_visible_to(user: User | AnonymousUser) -> QuerySet[Posting]:
    return _scoped(user, Posting.objects.select_related("village", "commune", "campaign"), village_field=None)


def complaints_visible_to(user: User | AnonymousUser) -> QuerySet[Complaint]:
    return _scoped(user, Complaint.objects.select_related("item__household__head"), village_field="item__village_id")


def ledger_visible_to(user: User | AnonymousUser) -> QuerySet[LedgerEntry]:
    return _scoped(user, LedgerEntry.objects.select_related("decision"), village_field="household__village_id")


def verification_counts_visible_to(user: User | AnonymousUser) -> QuerySet[VerificationCount]:
    return _scoped(user, VerificationCount.objects.select_related("commune"), village_field=None)


def issued_document(**link: object) -> IssuedDocument | None:
    """The stored document of a decision, certificate, meeting or posting the caller reached through its
    `*_visible_to` selector (e.g. `issued_document(kind=DocumentKind.DECISION, decision=d)`); None before signing."""
    return IssuedDocument.objects.filter(**link).order_by("-issued_at", "-pk").first()


def documents_pending(decision: Decision) -> bool:
    """Whether the signed decision's documents are still being issued by the task worker: the decision and its
    certificates wait to be printed, because one printed now would be rebuilt, and a certificate would carry no
    verification code (issue 12). A decision signed before documents were issued has no issuing to wait for."""
    return DocumentIssue.objects.filter(decision=decision, done_at__isnull=True).exists()


def certificates_for_household(household: Household) -> list[IssuedDocument]:
    """The household's issued certificates, newest first, with their state; the caller reached the household
    through households_visible_to."""
    return list(
        IssuedDocument.objects.filter(household=household, kind=DocumentKind.CERTIFICATE)
        .select_related("certificate", "decision", "superseded_by")
        .order_by("-issued_at", "-pk")
    )


def certificate_by_code(code: str) -> IssuedDocument | None:
    """The public verification page's one read, by a code it was handed (not by anyone's area: the page shows only
    what the certificate itself says publicly)."""
    return (
        IssuedDocument.objects.filter(kind=DocumentKind.CERTIFICATE, code=code)
        .select_related("certificate", "decision", "superseded_by", "commune__parent")
        .first()
    )


def household_for_online_request(*, code: str, head_citizen_id: str) -> Household | None:
    """The household whose code and head's CCCD both match, for a request sent without logging in; None otherwise
    (the caller says only that they do not match, never which one)."""
    return (
        Household.objects.active()
        .select_related("commune__province", "head")
        .filter(code=code.strip(), head__citizen_id=head_citizen_id.strip())
        .first()
    )


def ledger_for_household(household: Household) -> list[LedgerEntry]:
    """The household's recognised status year by year with the decision and certificate behind each; the caller
    obtained the household through households_visible_to."""
    return list(
        LedgerEntry.objects.filter(household=household)
        .select_related("decision")
        .prefetch_related(
            Prefetch(
                "decision__lines",
                queryset=DecisionLine.objects.filter(household=household).select_related("certificate"),
                to_attr="household_lines",
            )
        )
        .order_by("-year")
    )


def _status_at_start(year: int) -> Coalesce:
    """A household's recognised status at the start of `year`: its last entry before the year; else the start of its
    first later entry; else its register status (no decision has ever changed it)."""
    before = LedgerEntry.objects.filter(household=OuterRef("pk"), year__lt=year).order_by("-year").values("status")
    after = LedgerEntry.objects.filter(household=OuterRef("pk"), year__gte=year).order_by("year").values("start_status")
    return Coalesce(Subquery(before[:1]), Subquery(after[:1]), F("status"))


Tally = dict[str, dict[str, int]]  # key → {"households": n, "persons": m}


def _tally() -> Tally:
    return defaultdict(lambda: {"households": 0, "persons": 0})


def _present_in(year: int, commune_ids: list[int]) -> QuerySet[Household]:
    """Households of the communes that existed at some point of `year`: registered by its end, not gone before it."""
    first_event = HouseholdEvent.objects.filter(household=OuterRef("pk")).order_by("occurred_on").values("occurred_on")
    return (
        Household.objects.filter(commune_id__in=commune_ids)
        .exclude(ended_on__year__lt=year)
        .annotate(since=Subquery(first_event[:1]))
        .filter(Q(since__isnull=True) | Q(since__year__lte=year))
    )


Unit = tuple[int, int | None]  # (current commune, legacy commune of the household before 01/07/2025, if recorded)


def _fold_legacy(by_unit: dict[Unit, Tally]) -> dict[int, Tally]:
    """Add up the legacy communes of each current commune."""
    result: dict[int, Tally] = defaultdict(_tally)
    for (commune_id, _legacy), tally in by_unit.items():
        for key, row in tally.items():
            result[commune_id][key]["households"] += row["households"]
            result[commune_id][key]["persons"] += row["persons"]
    return dict(result)


def year_changes_by_commune(*, commune_ids: list[int], year: int) -> dict[int, Tally]:
    """Households and persons per change of spec §6.2, per commune, for one review year.

    Households with a decision that year count under their ledger entry's change. The others keep their status at
    the start of the year: those that left the register during the year (moved away, merged, died out) are the
    "other decreases", the rest "remained". Households registered after the year, or that left before it, do not
    count."""
    return _fold_legacy(year_changes_by_unit(commune_ids=commune_ids, year=year))


def year_changes_by_unit(*, commune_ids: list[int], year: int) -> dict[Unit, Tally]:
    """year_changes_by_commune split further by each household's legacy commune (None where none is recorded), so
    that figures on the pre-2025 map add up exactly (reports.tallies keeps them so)."""
    result: dict[Unit, Tally] = defaultdict(_tally)
    # Persons are the members today for every household, decided or not, so that households and persons add up
    # the same way (the ledger keeps the count at the decision for the certificate and the decision's lists).
    decided = (
        LedgerEntry.objects.filter(commune_id__in=commune_ids, year=year)
        .values("commune_id", "household__legacy_commune_id", "change")
        .annotate(
            households=Count("id", distinct=True),
            persons=Count("household__persons", filter=Q(household__persons__left_on__isnull=True)),
        )
        .order_by()
    )
    for row in decided:
        unit = (row["commune_id"], row["household__legacy_commune_id"])
        result[unit][row["change"]]["households"] += row["households"]
        result[unit][row["change"]]["persons"] += row["persons"] or 0
    others = (
        _present_in(year, commune_ids)
        .exclude(ledger__year=year)
        .annotate(start=_status_at_start(year))
        .annotate(left=Case(When(ended_on__year=year, then=Value(True)), default=Value(False)))
        .values("commune_id", "legacy_commune_id", "start", "left", "end_reason")
        .annotate(
            households=Count("id", distinct=True), members=Count("persons", filter=Q(persons__left_on__isnull=True))
        )
        .order_by()
    )
    decrease = {Status.POOR: Change.OTHER_DECREASE_POOR, Status.NEAR_POOR: Change.OTHER_DECREASE_NEAR_POOR}
    moved_out = {Status.POOR: Change.MOVED_OUT_POOR, Status.NEAR_POOR: Change.MOVED_OUT_NEAR_POOR}
    remained = {Status.POOR: Change.REMAINED_POOR, Status.NEAR_POOR: Change.REMAINED_NEAR_POOR}
    for row in others:
        left = moved_out if row["end_reason"] == EndReason.MOVED_AWAY else decrease
        change = (left if row["left"] else remained).get(row["start"], Change.NOT_POOR)
        unit = (row["commune_id"], row["legacy_commune_id"])
        result[unit][change]["households"] += row["households"]
        result[unit][change]["persons"] += row["members"]
    return dict(result)


def year_changes(*, commune_ids: list[int], year: int) -> Tally:
    """year_changes_by_commune added up over the communes."""
    total = _tally()
    for tally in year_changes_by_commune(commune_ids=commune_ids, year=year).values():
        for change, row in tally.items():
            total[change]["households"] += row["households"]
            total[change]["persons"] += row["persons"]
    return dict(total)


def households_at_year_end(*, commune_ids: list[int], year: int) -> QuerySet[Household]:
    """The communes' households on the register at the end of `year`, each annotated with `end`: its recognised
    status then (its last ledger entry up to the year; else the start of its first later entry; else the register's
    status, which no decision has changed)."""
    latest = LedgerEntry.objects.filter(household=OuterRef("pk"), year__lte=year).order_by("-year").values("status")
    later = LedgerEntry.objects.filter(household=OuterRef("pk"), year__gt=year).order_by("year").values("start_status")
    return (
        _present_in(year, commune_ids)
        .exclude(ended_on__year=year)
        .annotate(end=Coalesce(Subquery(latest[:1]), Subquery(later[:1]), F("status")))
    )


def year_end_by_commune(*, commune_ids: list[int], year: int) -> dict[int, Tally]:
    """Households and persons per recognised status at the end of `year`, per commune, read straight from the
    ledger and the register (not from the changes): what the change reports' identity is checked against."""
    return _fold_legacy(year_end_by_unit(commune_ids=commune_ids, year=year))


def year_end_by_unit(*, commune_ids: list[int], year: int) -> dict[Unit, Tally]:
    """year_end_by_commune split further by each household's legacy commune (None where none is recorded)."""
    rows = (
        households_at_year_end(commune_ids=commune_ids, year=year)
        .values("commune_id", "legacy_commune_id", "end")  # type: ignore[misc]  # "end" is annotated above
        .annotate(
            households=Count("id", distinct=True), members=Count("persons", filter=Q(persons__left_on__isnull=True))
        )
        .order_by()
    )
    result: dict[Unit, Tally] = defaultdict(_tally)
    for row in rows:
        unit = (row["commune_id"], row["legacy_commune_id"])
        result[unit][row["end"]]["households"] += row["households"]
        result[unit][row["end"]]["persons"] += row["members"]
    return dict(result)


def overdue_applications(queryset: QuerySet[Application], today: datetime.date) -> QuerySet[Application]:
    """Requests past their 15-day deadline without a decision or a written refusal (spec §4.3)."""
    return queryset.filter(outcome=Outcome.PENDING, deadline__lt=today)


STAGE_ORDER = [Stage.LISTED, Stage.SURVEYED, Stage.AGREED, Stage.POSTED, Stage.DECIDED]


def campaign_progress(campaign: Campaign, today: datetime.date) -> list[dict]:
    """Per commune: households listed, surveyed, agreed, posted, decided (each counts everything past the step),
    sent back for re-survey, refused, and overdue requests. One grouped query for the items, one for requests."""
    reached = {stage: Q(stage__in=[s for s in STAGE_ORDER[i:]]) for i, stage in enumerate(STAGE_ORDER)}
    rows = (
        campaign.items.values("commune_id", "commune__name")
        .annotate(
            listed=Count("id"),
            surveyed=Count("id", filter=reached[Stage.SURVEYED]),
            agreed=Count("id", filter=reached[Stage.AGREED]),
            posted=Count("id", filter=reached[Stage.POSTED]),
            decided=Count("id", filter=reached[Stage.DECIDED]),
            resurvey=Count("id", filter=Q(stage=Stage.RESURVEY)),
            refused=Count("id", filter=Q(stage=Stage.REFUSED)),
        )
        .order_by(vi_order("commune__name"))
    )
    overdue = dict(
        overdue_applications(Application.objects.filter(item__campaign=campaign), today)
        .values_list("commune_id")
        .annotate(n=Count("id"))
    )
    participating = list(campaign.participations.select_related("commune").order_by(vi_order("commune__name")))
    by_commune = {r["commune_id"]: r for r in rows}
    result = []
    for p in participating:
        row = by_commune.get(p.commune_id) or {
            "listed": 0,
            "surveyed": 0,
            "agreed": 0,
            "posted": 0,
            "decided": 0,
            "resurvey": 0,
            "refused": 0,
        }
        result.append({**row, "commune": p.commune, "listed_at": p.listed_at, "overdue": overdue.get(p.commune_id, 0)})
    return result


# --- A decision's households: requests to refuse, reporting groups, households newly out of poverty ---------------

# The statuses a decision recognises, and a certificate (Mẫu 03) attests.
RECOGNISED = (Status.POOR, Status.NEAR_POOR)


def _applications_wanting(item: ReviewItem) -> list[Application]:
    return [a for a in item.applications.all() if a.outcome == Outcome.PENDING]


def refusable(item: ReviewItem) -> bool:
    """A household whose request the review did not grant: it gets a written refusal with reasons, not a line in
    the decision (spec §4.3)."""
    for application in _applications_wanting(item):
        if application.form == ApplicationForm.MAU_04:
            return item.proposed_status in (item.status_before, Status.POOR)
        if application.form == ApplicationForm.MAU_01_AVERAGE:
            return not item.proposed_average_living
        return item.proposed_status not in RECOGNISED
    return False


def _labour_capable(person: Person, day: datetime.date, ages: tuple[int, int]) -> bool:
    age = age_on(person.date_of_birth, day)
    if not ages[0] <= age <= ages[1]:
        return False
    if person.employment == Employment.UNABLE:
        return False
    return person.disability not in (Disability.SEVERE, Disability.VERY_SEVERE)


def working_ages(standard_code: str, day: datetime.date) -> tuple[int, int]:
    """The working age of the standard's derivation data (employment indicator), else of the standard in force."""
    try:
        params = derivation_params(standard_code)
    except DerivationUnavailable:
        params = derivation_params(standard_in_force(day).code)
    return params["working_age_min"].value, params["working_age_max"].value


def household_groups(
    households: Iterable[Household], day: datetime.date, standard_code: str
) -> dict[int, dict[str, bool | int]]:
    """The reporting groups of spec §6.1 for some households, from their current members: a member of merit,
    an ethnic-minority or female head, no member of working age able to work (the legal definition was not found:
    working age is the standard's, and a member unable to work or severely disabled does not count), and the
    number of persons."""
    ages = working_ages(standard_code, day)
    ids = [h.pk for h in households]
    heads = {h.pk: h.head_id for h in households}
    members: dict[int, list[Person]] = defaultdict(list)
    for person in (
        Person.objects.members()
        .filter(household_id__in=ids)
        .only("household_id", "date_of_birth", "employment", "disability", "has_merit", "ethnicity", "sex")
    ):
        members[person.household_id].append(person)
    groups = {}
    for pk in ids:
        people = members[pk]
        head = next((p for p in people if p.pk == heads[pk]), None)
        groups[pk] = {
            "persons": len(people),
            "has_merit": any(p.has_merit for p in people),
            "ethnic_minority": head is not None and head.ethnicity != KINH,
            "female_head": head is not None and head.sex == Sex.FEMALE,
            "no_labour_capacity": not any(_labour_capable(p, day, ages) for p in people),
        }
    return groups


def newly_escaped(*, commune_ids: Iterable[int], as_of: datetime.date) -> set[int]:
    """Households that escaped poverty within the configured months before `as_of` and are not poor again
    (hộ mới thoát nghèo, spec §6.1; 36 months, legal basis unverified)."""
    months = procedure_in_force(as_of).newly_escaped_months.value
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    since = datetime.date(year, month + 1, min(as_of.day, 28))
    escaped = set(
        LedgerEntry.objects.filter(
            commune_id__in=list(commune_ids),
            change__in=[Change.POOR_TO_NEAR_POOR, Change.ESCAPED_POOR],
            recognised_on__gte=since,
            recognised_on__lte=as_of,
        ).values_list("household_id", flat=True)
    )
    poor_now = set(Household.objects.filter(pk__in=escaped, status=Status.POOR).values_list("pk", flat=True))
    return escaped - poor_now
