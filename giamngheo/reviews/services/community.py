"""The village's part: the meeting that agrees the results, public posting, complaints and their re-check."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AdminUnit, Village
from giamngheo.registry.models import Status
from giamngheo.reviews.models import (
    Campaign,
    Complaint,
    MeetingVote,
    Posting,
    PostingLine,
    ReviewItem,
    Stage,
    Survey,
    SurveyState,
    VillageMeeting,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.services.actors import check_commune_officer
from giamngheo.reviews.services.calendar import (
    check_complaint_after_posting,
    check_meeting_after_surveys,
    check_not_after_today,
    check_posting_after_meetings,
)


def agreement_reached(agreeing: int, attendees: int, share: float) -> bool:
    """Decision 24/2021 Art. 4 cl. 2(c): the results need the agreement of at least 50 % of those attending."""
    return agreeing >= share * attendees


@transaction.atomic
def meeting_record(
    *,
    actor: User | None,
    campaign: Campaign,
    village: Village,
    held_on: datetime.date,
    chair: str,
    secretary: str,
    attendees: int,
    votes: Mapping[int, int],
    organisations: str = "",
    front_supervisor: str = "",
    note: str = "",
) -> VillageMeeting:
    """Record a village meeting and, per household, how many attendees agreed with its result. Households below
    the share go back to be surveyed again and to a new meeting; the others are agreed."""
    check_commune_officer(actor, village.commune_id)
    if not chair.strip() or not secretary.strip():
        raise ValidationError("Ghi họ tên người chủ trì (trưởng thôn) và thư ký cuộc họp.")
    if attendees < 1:
        raise ValidationError({"attendees": "Số người tham dự phải lớn hơn 0."})
    if not votes:
        raise ValidationError("Cuộc họp phải xét ít nhất một hộ.")
    check_not_after_today(held_on, "họp dân", "held_on")
    items = {
        i.pk: i
        for i in ReviewItem.objects.select_for_update(of=("self",))
        .select_related("household", "assessment")
        .filter(campaign=campaign, village=village, pk__in=list(votes))
    }
    unknown = [str(pk) for pk in votes if pk not in items]
    if unknown:
        raise ValidationError(f"Các hộ không thuộc danh sách rà soát của {village.name}: {', '.join(unknown)}.")
    for pk, agreeing in votes.items():
        item = items[pk]
        if item.stage != Stage.SURVEYED:
            raise ValidationError(
                f"Hộ {item.household.code} đang ở bước “{item.get_stage_display()}”: chỉ đưa ra họp hộ đã rà soát."
            )
        if not 0 <= agreeing <= attendees:
            raise ValidationError(
                f"Hộ {item.household.code}: số người đồng ý ({agreeing}) phải từ 0 đến số người dự họp ({attendees})."
            )
    check_meeting_after_surveys(list(items.values()), held_on)
    share = procedure_in_force(held_on).agreement_share.value
    meeting = VillageMeeting.objects.create(
        campaign=campaign,
        village=village,
        held_on=held_on,
        chair=chair.strip(),
        secretary=secretary.strip(),
        attendees=attendees,
        organisations=organisations.strip(),
        front_supervisor=front_supervisor.strip(),
        note=note.strip(),
        created_by=actor,
    )
    for pk, agreeing in votes.items():
        item = items[pk]
        agreed = agreement_reached(agreeing, attendees, share)
        MeetingVote.objects.create(
            meeting=meeting, item=item, proposed_status=item.proposed_status, agreeing=agreeing, agreed=agreed
        )
        before = item.stage
        item.stage = Stage.AGREED if agreed else Stage.RESURVEY
        item.save(update_fields=["stage"])
        if not agreed:
            # Back to step 2: the submitted forms reopen as drafts for the re-survey.
            Survey.objects.filter(item=item).update(state=SurveyState.DRAFT)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=item,
            changes={"stage": [before, item.stage], "agreeing": [None, f"{agreeing}/{attendees}"]},
            household_id=item.household_id,
            commune_id=item.commune_id,
            note=str(meeting),
        )
    return meeting


@transaction.atomic
def posting_create(
    *,
    actor: User | None,
    campaign: Campaign,
    commune: AdminUnit,
    starts_on: datetime.date,
    village: Village | None = None,
) -> Posting:
    """Post the agreed results at the village (or at the commune People's Committee) for the configured number of
    days (spec §4.2 step 4; the duration is unverified configuration)."""
    check_commune_officer(actor, commune.pk)
    if village is not None and village.commune_id != commune.pk:
        raise ValidationError({"village": f"{village.name} không thuộc {commune.name}."})
    items = campaign.items.select_for_update().filter(commune=commune, stage__in=[Stage.AGREED, Stage.POSTED])
    if village is not None:
        items = items.filter(village=village)
    if not items.exists():
        raise ValidationError("Chưa có hộ nào đã được họp dân thống nhất để niêm yết.")
    check_not_after_today(starts_on, "bắt đầu niêm yết", "starts_on")
    check_posting_after_meetings(list(items.values_list("pk", flat=True)), starts_on)
    procedure = procedure_in_force(starts_on)
    ends_on = procedure.period_end(starts_on, procedure.posting_days.value, procedure.posting_day_type.value)
    posting = Posting.objects.create(
        campaign=campaign, commune=commune, village=village, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    shown = list(items.only("id", "status_before", "proposed_status"))
    PostingLine.objects.bulk_create(
        [
            PostingLine(posting=posting, item=i, status_before=i.status_before, proposed_status=i.proposed_status)
            for i in shown
        ],
        batch_size=2_000,
    )
    items.filter(stage=Stage.AGREED).update(stage=Stage.POSTED)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=posting,
        changes={"period": [None, f"{starts_on:%d/%m/%Y} – {ends_on:%d/%m/%Y}"]},
        commune_id=commune.pk,
    )
    return posting


@transaction.atomic
def complaint_receive(
    *, actor: User | None, item: ReviewItem, received_on: datetime.date, complainant: str, content: str
) -> Complaint:
    check_commune_officer(actor, item.commune_id)
    if not complainant.strip() or not content.strip():
        raise ValidationError("Ghi người khiếu nại và nội dung khiếu nại.")
    check_not_after_today(received_on, "nhận khiếu nại", "received_on")
    # Locked, so a decision being signed at this moment either sees this complaint or has already decided.
    item = ReviewItem.objects.select_for_update(of=("self",)).select_related("household", "campaign").get(pk=item.pk)
    if item.stage in (Stage.DECIDED, Stage.REFUSED):
        raise ValidationError(
            f"Hộ {item.household.code} đã có quyết định; khiếu nại theo thủ tục khiếu nại quyết định hành chính."
        )
    check_complaint_after_posting(item, received_on)
    complaint = Complaint.objects.create(
        campaign=item.campaign,
        commune_id=item.commune_id,
        item=item,
        received_on=received_on,
        complainant=complainant.strip(),
        content=content.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=complaint,
        changes={"content": [None, complaint.content[:200]]},
        household_id=item.household_id,
        commune_id=item.commune_id,
    )
    return complaint


@transaction.atomic
def complaint_resolve(
    *, actor: User | None, complaint: Complaint, recheck_on: datetime.date, result: str, status_after: str
) -> Complaint:
    """Record the re-check (phúc tra). A different result replaces the household's proposed status."""
    check_commune_officer(actor, complaint.commune_id)
    if complaint.resolved:
        raise ValidationError("Khiếu nại này đã được phúc tra.")
    if status_after not in (Status.POOR, Status.NEAR_POOR, Status.NOT_POOR):
        raise ValidationError({"status_after": "Chọn kết quả sau phúc tra: hộ nghèo, hộ cận nghèo hoặc không nghèo."})
    if not result.strip():
        raise ValidationError({"recheck_result": "Ghi kết quả phúc tra."})
    check_not_after_today(recheck_on, "phúc tra", "recheck_on")
    if recheck_on < complaint.received_on:
        raise ValidationError({"recheck_on": "Ngày phúc tra không được trước ngày nhận khiếu nại."})
    item = ReviewItem.objects.select_for_update().get(pk=complaint.item_id)
    complaint.recheck_on, complaint.recheck_result, complaint.status_after = recheck_on, result.strip(), status_after
    complaint.save(update_fields=["recheck_on", "recheck_result", "status_after"])
    before = item.proposed_status
    if status_after != before:
        item.proposed_status = status_after
        item.save(update_fields=["proposed_status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=item,
        changes={"proposed_status": [before, status_after]},
        household_id=item.household_id,
        commune_id=item.commune_id,
        note=f"Phúc tra khiếu nại ngày {complaint.received_on:%d/%m/%Y}",
    )
    return complaint
