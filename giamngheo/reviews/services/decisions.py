"""The commune chairman's decision (Mẫu 02), certificates (Mẫu 03), written refusals, and the status ledger.

Applying a signed decision is the only way a household's recognised status changes after registration: every
listed household changes at once, in one transaction, and each change points to the decision.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.selectors import can_sign_decisions, scope_of
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.areas.models import AdminUnit, StaleCommune
from giamngheo.registry.models import (
    KINH,
    Disability,
    Employment,
    EventKind,
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
    CampaignCommune,
    Certificate,
    Change,
    Complaint,
    Decision,
    DecisionLine,
    DecisionState,
    LedgerEntry,
    Outcome,
    Posting,
    Refusal,
    ReviewItem,
    Stage,
    Survey,
    SurveyForm,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.services.campaigns import _check_commune_officer
from giamngheo.standards.derive import DerivationUnavailable, age_on, derivation_params
from giamngheo.standards.params import standard_in_force

RECOGNISED = (Status.POOR, Status.NEAR_POOR)


def change_of(*, start: str, end: str, ever_poor: bool, ever_near_poor: bool, arrived: bool) -> str:
    """Start-of-year status → recognised status, as the change reports count it (spec §6.2)."""
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
        # Households that arrived this year (split off another household) are "other increases", not new poverty.
        return Change.OTHER_INCREASE_POOR if arrived else Change.RE_POOR if ever_poor else Change.NEWLY_POOR
    if end == Status.NEAR_POOR:
        if arrived:
            return Change.OTHER_INCREASE_NEAR_POOR
        return Change.RE_NEAR_POOR if ever_near_poor else Change.NEWLY_NEAR_POOR
    return Change.NOT_POOR


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


def line_values(item: ReviewItem) -> dict[str, object]:
    """What the decision records for a posted household: its proposed status, and the average-living and
    low-income marks only for a household that ends up neither poor nor near-poor (spec §2.4, §4.4)."""
    not_poor = item.proposed_status == Status.NOT_POOR
    return {
        "status_after": item.proposed_status,
        "average_living": not_poor and bool(item.proposed_average_living),
        "low_income": not_poor and bool(item.proposed_low_income),
    }


@transaction.atomic
def decision_draft(*, actor: User | None, campaign: Campaign, commune: AdminUnit) -> Decision:
    """Draft the decision with every posted household of the commune still on the register, except requests to
    refuse in writing."""
    _check_commune_officer(actor, commune.pk)
    # One draft at a time per commune and campaign: lock the participation so two clicks make one draft.
    list(CampaignCommune.objects.select_for_update().filter(campaign=campaign, commune=commune))
    if Decision.objects.filter(campaign=campaign, commune=commune, state=DecisionState.DRAFT).exists():
        raise ValidationError(f"{commune.name} đã có một dự thảo quyết định cho {campaign}; sửa hoặc ký dự thảo đó.")
    items = list(
        campaign.items.filter(
            commune=commune, stage=Stage.POSTED, decision_line__isnull=True, household__ended_on__isnull=True
        )
        .select_related("household")
        .prefetch_related("applications")
    )
    lines = [i for i in items if not refusable(i)]
    if not lines:
        raise ValidationError("Chưa có hộ nào đã niêm yết để đưa vào quyết định.")
    decision = Decision.objects.create(campaign=campaign, commune=commune, created_by=actor)
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(
                decision=decision,
                item=i,
                household_id=i.household_id,
                status_before=i.household.status,
                **line_values(i),
            )
            for i in lines
        ],
        batch_size=2_000,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=decision,
        changes={"households": [None, len(lines)]},
        commune_id=commune.pk,
    )
    return decision


@transaction.atomic
def decision_discard(*, actor: User | None, decision: Decision) -> None:
    """Discard a draft (its households return to "posted"), so that a new draft takes in re-checks, re-surveys and
    households that left the register since."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _check_commune_officer(actor, decision.commune_id)
    if decision.state != DecisionState.DRAFT:
        raise ValidationError(f"{decision} đã được ký: không huỷ được.")
    count = decision.lines.count()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=decision,
        changes={"households": [count, None]},
        commune_id=decision.commune_id,
    )
    decision.delete()


def _check_signer(actor: User, commune_id: int) -> None:
    scope = scope_of(actor)
    if not can_sign_decisions(actor) or scope.commune_id != commune_id:
        raise ValidationError("Chỉ Chủ tịch UBND xã ký quyết định công nhận và giấy chứng nhận của xã mình.")


def _check_posting_over(campaign: Campaign, commune_id: int, day: datetime.date, item_ids: list[int]) -> None:
    """Decision 24/2021 Art. 4 cl. 2(d)–(đ) and Art. 5: the chairman decides (or answers in writing) only after the
    results were posted publicly and the posting period is over, and after every complaint was re-checked."""
    postings = Posting.objects.filter(campaign=campaign, commune_id=commune_id)
    last_end = postings.aggregate(end=Max("ends_on"))["end"]
    if last_end is None:
        raise ValidationError("Chưa niêm yết công khai kết quả rà soát.")
    if day <= last_end:
        raise ValidationError(f"Chỉ ký sau khi hết thời gian niêm yết (đến hết ngày {last_end:%d/%m/%Y}).")
    open_complaints = Complaint.objects.filter(item_id__in=item_ids, recheck_on__isnull=True).select_related(
        "item__household"
    )
    if open_complaints:
        codes = ", ".join(c.item.household.code for c in open_complaints)
        raise ValidationError(f"Còn khiếu nại chưa phúc tra: {codes}.")


def _check_ready(decision: Decision, signed_on: datetime.date, item_ids: list[int]) -> None:
    _check_posting_over(decision.campaign, decision.commune_id, signed_on, item_ids)
    # Decision 24/2021 Art. 4 cl. 2(đ): report to and consult the district chairman (while districts existed).
    if decision.campaign.district_consultation and decision.consulted_on is None:
        raise ValidationError("Đợt rà soát này phải báo cáo, xin ý kiến Chủ tịch UBND cấp huyện trước khi ký.")


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


def _ledger_write(
    decision: Decision, lines: list[DecisionLine], households: dict[int, Household], signed_on: datetime.date
) -> None:
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


def _certificates(decision: Decision, lines: list[DecisionLine], signed_on: datetime.date) -> None:
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


@transaction.atomic
def decision_apply(
    *,
    actor: User,
    decision: Decision,
    number: str,
    signed_on: datetime.date,
    consulted_on: datetime.date | None = None,
) -> Decision:
    """The chairman signs: every household of the decision takes its new status, its ledger entry and, if poor or
    near-poor, its certificate; requests are closed. All of it or nothing."""
    _check_signer(actor, decision.commune_id)
    # Signings of one commune run one at a time: decision numbers and certificate serials are per commune.
    list(AdminUnit.objects.select_for_update().filter(pk=decision.commune_id))
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("campaign", "commune").get(pk=decision.pk)
    )
    if decision.state != DecisionState.DRAFT:
        raise ValidationError(f"{decision} đã được ký và áp dụng.")
    number = number.strip()
    if not number:
        raise ValidationError({"number": "Ghi số quyết định."})
    if Decision.objects.filter(commune=decision.commune, number=number).exclude(pk=decision.pk).exists():
        raise ValidationError({"number": f"Số quyết định {number} đã dùng ở {decision.commune.name}."})
    if consulted_on is not None:
        decision.consulted_on = consulted_on
    lines = list(decision.lines.all())
    if not lines:
        raise ValidationError("Dự thảo không có hộ nào.")
    items = {
        i.pk: i
        for i in ReviewItem.objects.select_for_update(of=("self",))
        .select_related("household")
        .filter(pk__in=[line.item_id for line in lines])
    }
    stale = [
        line
        for line in lines
        if items[line.item_id].stage != Stage.POSTED
        or any(getattr(line, name) != value for name, value in line_values(items[line.item_id]).items())
    ]
    if stale:
        codes = ", ".join(items[line.item_id].household.code for line in stale[:10])
        raise ValidationError(
            f"Dự thảo không còn khớp kết quả rà soát (phúc tra, rà soát lại hoặc đã trả lời) của các hộ: {codes}. "
            "Huỷ dự thảo và lập lại."
        )
    _check_ready(decision, signed_on, list(items))
    households = {
        h.pk: h
        for h in Household.objects.select_for_update(of=("self",))
        .select_related("head")
        .filter(pk__in=[line.household_id for line in lines])
    }
    moved = [line for line in lines if households[line.household_id].status != line.status_before]
    if moved:
        codes = ", ".join(households[line.household_id].code for line in moved[:10])
        raise ValidationError(f"Tình trạng của các hộ đã thay đổi sau khi lập dự thảo: {codes}. Lập lại dự thảo.")
    ended = [h.code for h in households.values() if h.ended_on is not None]
    if ended:
        raise ValidationError(
            f"Các hộ đã ra khỏi danh sách: {', '.join(ended[:10])}. Huỷ dự thảo và lập lại (hộ đã ra khỏi danh "
            "sách không được đưa vào)."
        )

    decision.number, decision.signed_on, decision.signer = number, signed_on, actor
    decision.signer_name = actor.full_name or actor.get_username()
    decision.state, decision.applied_at = DecisionState.APPLIED, timezone.now()
    decision.save()
    now = timezone.now()
    by_status: dict[str, list[int]] = defaultdict(list)
    for line in lines:
        household = households[line.household_id]
        if household.status != line.status_after:
            household.status, household.updated_at = line.status_after, now
            by_status[line.status_after].append(household.pk)
    for status, ids in by_status.items():  # one UPDATE per new status, not a CASE per household
        for start in range(0, len(ids), 2_000):
            Household.objects.filter(pk__in=ids[start : start + 2_000]).update(status=status, updated_at=now)
    ReviewItem.objects.filter(pk__in=[line.item_id for line in lines]).update(stage=Stage.DECIDED)
    Application.objects.filter(item_id__in=[line.item_id for line in lines], outcome=Outcome.PENDING).update(
        outcome=Outcome.RECOGNISED, closed_on=signed_on
    )
    _ledger_write(decision, lines, households, signed_on)
    _certificates(decision, lines, signed_on)
    StaleCommune.objects.mark([decision.commune_id])
    label = f"Quyết định số {number} ngày {signed_on:%d/%m/%Y}"
    audit_record_many(
        actor=actor,
        action=AuditAction.UPDATE,
        changes=(
            (
                households[line.household_id],
                {"status": [line.status_before, line.status_after]},
                line.household_id,
                decision.commune_id,
            )
            for line in lines
            if line.status_before != line.status_after
        ),
        note=label,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=decision,
        changes={"state": [DecisionState.DRAFT, DecisionState.APPLIED], "households": [None, len(lines)]},
        commune_id=decision.commune_id,
    )
    return decision


@transaction.atomic
def refusal_issue(*, actor: User, item: ReviewItem, number: str, issued_on: datetime.date, reasons: str) -> Refusal:
    """The chairman's written answer, with reasons, to a household whose request is not granted (spec §4.3)."""
    _check_signer(actor, item.commune_id)
    item = ReviewItem.objects.select_for_update(of=("self",)).select_related("household", "campaign").get(pk=item.pk)
    if not refusable(item) or item.stage != Stage.POSTED:
        raise ValidationError(
            f"Hộ {item.household.code} không có đề nghị nào đã qua họp dân và niêm yết cần trả lời không đủ điều kiện."
        )
    if DecisionLine.objects.filter(item=item).exists():
        raise ValidationError(f"Hộ {item.household.code} đang có trong dự thảo quyết định; huỷ dự thảo trước.")
    # Decision 24/2021 Art. 5: the same steps (survey, meeting, posting) come before a written refusal.
    _check_posting_over(item.campaign, item.commune_id, issued_on, [item.pk])
    if not number.strip() or not reasons.strip():
        raise ValidationError("Ghi số văn bản và lý do không đủ điều kiện.")
    refusal = Refusal.objects.create(
        item=item,
        commune_id=item.commune_id,
        number=number.strip(),
        issued_on=issued_on,
        reasons=reasons.strip(),
        signer=actor,
        signer_name=actor.full_name or actor.get_username(),
    )
    before = item.stage
    item.stage = Stage.REFUSED
    item.save(update_fields=["stage"])
    item.applications.filter(outcome=Outcome.PENDING).update(outcome=Outcome.REFUSED, closed_on=issued_on)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=item,
        changes={"stage": [before, Stage.REFUSED]},
        household_id=item.household_id,
        commune_id=item.commune_id,
        note=f"Văn bản số {refusal.number}: {refusal.reasons[:150]}",
    )
    return refusal


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
