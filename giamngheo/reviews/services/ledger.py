"""What signing a decision writes beside the households' statuses: the status ledger, one entry per household and
review year with the change it counts (spec §6.2), and the certificates (Mẫu 03).

`ledger_write` and `certificates_issue` are steps of `decision_apply`, run inside its transaction and under the
commune's lock; they are not business actions of their own.
"""

import datetime

from django.db.models import Max, Q

from giamngheo.registry.models import EventKind, Household, HouseholdEvent, MoveIn, Status
from giamngheo.reviews.models import (
    Certificate,
    Change,
    Decision,
    DecisionLine,
    LedgerEntry,
    Survey,
    SurveyForm,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import RECOGNISED, household_groups


def change_of(
    *, start: str, end: str, ever_poor: bool, ever_near_poor: bool, arrived: bool, moved_in: bool = False
) -> str:
    """Start-of-year status → recognised status, as the change reports count it (spec §6.2). `moved_in`: the
    household moved in and counts as such (moved_in_households), not as newly arising or re-poverty."""
    if start == Status.POOR:
        from_poor: dict[str, str] = {Status.POOR: Change.REMAINED_POOR, Status.NEAR_POOR: Change.POOR_TO_NEAR_POOR}
        return from_poor.get(end, Change.ESCAPED_POOR)
    if start == Status.NEAR_POOR:
        from_near: dict[str, str] = {
            Status.POOR: Change.NEAR_POOR_TO_POOR,
            Status.NEAR_POOR: Change.REMAINED_NEAR_POOR,
        }
        return from_near.get(end, Change.ESCAPED_NEAR_POOR)
    if end == Status.POOR:
        # Households that arrived this year (split off another household, or moved in) are "other increases", not
        # new poverty.
        if moved_in:
            return Change.MOVED_IN_POOR
        return Change.OTHER_INCREASE_POOR if arrived else Change.RE_POOR if ever_poor else Change.NEWLY_POOR
    if end == Status.NEAR_POOR:
        if moved_in:
            return Change.MOVED_IN_NEAR_POOR
        if arrived:
            return Change.OTHER_INCREASE_NEAR_POOR
        return Change.RE_NEAR_POOR if ever_near_poor else Change.NEWLY_NEAR_POOR
    return Change.NOT_POOR


def moved_in_households(ids: list[int], signed_on: datetime.date, decided_before: set[int]) -> set[int]:
    """The households that moved in whom a decision signed on `signed_on` counts as moved in ("khác tăng"): never
    decided here before, moved in within the months the procedure data gives, and with a status there the data
    counts (poor or near-poor with that commune's decision; an unknown one, e.g. from abroad, as the data says)."""
    procedure = procedure_in_force(signed_on)
    statuses = set(procedure.move_in_statuses_there.value)
    unknown_counts = bool(procedure.move_in_unknown_status_counts_as_moved_in.value)
    year, month = divmod(signed_on.year * 12 + signed_on.month - 1 - procedure.move_in_counts_within_months.value, 12)
    since = datetime.date(year, month + 1, min(signed_on.day, 28))
    moves = MoveIn.objects.filter(
        household_id__in=ids, person__isnull=True, moved_on__gte=since, moved_on__lte=signed_on
    ).values_list("household_id", "status_there")
    return {pk for pk, there in moves if pk not in decided_before and (there in statuses if there else unknown_counts)}


def ledger_write(
    *, decision: Decision, lines: list[DecisionLine], households: dict[int, Household], signed_on: datetime.date
) -> None:
    """Each household's entry for the decision's review year, created or taken over from an earlier decision of the
    same year (the start-of-year status stays)."""
    year = decision.campaign.year
    ids = [line.household_id for line in lines]
    existing = {e.household_id: e for e in LedgerEntry.objects.filter(household_id__in=ids, year=year)}
    earlier = LedgerEntry.objects.filter(household_id__in=ids, year__lt=year)
    last_status: dict[int, str] = {}
    for household_id, status in earlier.order_by("year").values_list("household_id", "status"):
        last_status[household_id] = status
    # "Before" includes the start of an earlier year: a household poor at the start of 2025 that escaped in 2025
    # and is poor again in 2026 is re-poor, even though no year ended with it poor.
    ever_poor = set(
        earlier.filter(Q(status=Status.POOR) | Q(start_status=Status.POOR)).values_list("household_id", flat=True)
    )
    ever_near_poor = set(
        earlier.filter(Q(status=Status.NEAR_POOR) | Q(start_status=Status.NEAR_POOR)).values_list(
            "household_id", flat=True
        )
    )
    registered = set(
        HouseholdEvent.objects.filter(household_id__in=ids, kind=EventKind.REGISTERED).values_list(
            "household_id", flat=True
        )
    )
    split_off = set(
        HouseholdEvent.objects.filter(household_id__in=ids, kind=EventKind.SPLIT, occurred_on__year=year).values_list(
            "household_id", flat=True
        )
    )
    moved_in = moved_in_households(ids, signed_on, set(earlier.values_list("household_id", flat=True)))
    groups = household_groups(households.values(), signed_on, decision.campaign.standard)
    causes = dict(
        Survey.objects.filter(item__decision_line__in=lines, form=SurveyForm.PHIEU_B).values_list(
            "item__household_id", "answers__causes"
        )
    )
    to_create, to_update = [], []
    for line in lines:
        pk = line.household_id
        entry = existing.get(pk)
        start = entry.start_status if entry else last_status.get(pk, line.status_before)
        change = change_of(
            start=start,
            end=line.status_after,
            ever_poor=pk in ever_poor,
            ever_near_poor=pk in ever_near_poor,
            arrived=pk in split_off and pk not in registered,
            moved_in=pk in moved_in,
        )
        values = {
            "commune_id": decision.commune_id,
            "status": line.status_after,
            "change": change,
            "decision": decision,
            "recognised_on": signed_on,
            "causes": causes.get(pk) or [],
            "average_living": line.average_living,
            "low_income": line.low_income,
            **groups[pk],
        }
        if entry:
            for name, value in values.items():
                setattr(entry, name, value)
            to_update.append(entry)
        else:
            to_create.append(LedgerEntry(household_id=pk, year=year, start_status=start, **values))
    LedgerEntry.objects.bulk_create(to_create, batch_size=2_000)
    if to_update:
        fields = [
            "commune",
            "status",
            "change",
            "decision",
            "recognised_on",
            "causes",
            "average_living",
            "low_income",
            *groups[ids[0]].keys(),
        ]
        LedgerEntry.objects.bulk_update(to_update, fields, batch_size=2_000)


def certificates_issue(*, decision: Decision, lines: list[DecisionLine], signed_on: datetime.date) -> None:
    """Mẫu 03 for every household recognised poor or near-poor, numbered on from the commune's last of the year.
    decision_apply holds the commune's lock, so no other signing of the commune reads the same last number."""
    year = signed_on.year
    last = Certificate.objects.filter(commune=decision.commune, year=year).aggregate(n=Max("serial"))["n"] or 0
    recognised = [line for line in lines if line.status_after in RECOGNISED]
    Certificate.objects.bulk_create(
        [
            Certificate(
                line=line,
                household_id=line.household_id,
                commune=decision.commune,
                year=year,
                serial=last + n,
                status=line.status_after,
                issued_on=signed_on,
            )
            for n, line in enumerate(recognised, start=1)
        ],
        batch_size=2_000,
    )
