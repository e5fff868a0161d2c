"""The commune chairman's decision (Mẫu 02): drafted from the posted households, discarded, or signed and applied.

Applying a signed decision is the only way a household's recognised status changes after registration: every
listed household changes at once, in one transaction, and each change points to the decision. Signing also writes
the status ledger and the certificates (ledger.py) and stores the documents it issues (issuing.py); a request not
granted gets a written refusal instead (refusals.py).
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.areas.models import AdminUnit, StaleCommune
from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import (
    Application,
    Campaign,
    CampaignCommune,
    Decision,
    DecisionLine,
    DecisionState,
    Outcome,
    ReviewItem,
    Stage,
)
from giamngheo.reviews.selectors import refusable
from giamngheo.reviews.services.actors import check_commune_officer, check_signer
from giamngheo.reviews.services.calendar import check_not_after_today
from giamngheo.reviews.services.ledger import certificates_issue, ledger_write
from giamngheo.reviews.services.signing import check_posting_over
from giamngheo.reviews.tasks import documents_issue_queue


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
    check_commune_officer(actor, commune.pk)
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
    check_commune_officer(actor, decision.commune_id)
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


def _check_ready(decision: Decision, signed_on: datetime.date, item_ids: list[int]) -> None:
    check_posting_over(decision.campaign, decision.commune_id, signed_on, item_ids)
    # Decision 24/2021 Art. 4 cl. 2(đ): report to and consult the district chairman (while districts existed).
    if decision.campaign.district_consultation and decision.consulted_on is None:
        raise ValidationError("Đợt rà soát này phải báo cáo, xin ý kiến Chủ tịch UBND cấp huyện trước khi ký.")
    if decision.consulted_on is not None and signed_on < decision.consulted_on:
        raise ValidationError(
            f"Ngày ký ({signed_on:%d/%m/%Y}) không được trước ngày xin ý kiến Chủ tịch UBND cấp huyện "
            f"({decision.consulted_on:%d/%m/%Y})."
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
    check_signer(actor, decision.commune_id)
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
        check_not_after_today(consulted_on, "xin ý kiến Chủ tịch UBND cấp huyện", "consulted_on")
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
    ledger_write(decision=decision, lines=lines, households=households, signed_on=signed_on)
    certificates_issue(decision=decision, lines=lines, signed_on=signed_on)
    # Issue 12: the decision, its certificates, minutes and posting lists are frozen as signed, laid out by the task
    # worker once this commits (reviews.tasks; seconds to minutes for a large commune).
    documents_issue_queue(decision=decision, actor=actor)
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
