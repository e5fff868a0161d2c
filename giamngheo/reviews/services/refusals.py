"""The commune chairman's written refusal, with reasons, of a request the review did not grant (spec §4.3): it comes
after the same survey, meeting and posting as a decision (Decision 24/2021 Art. 5) and closes the household's
requests."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.reviews.models import DecisionLine, Outcome, Refusal, ReviewItem, Stage
from giamngheo.reviews.selectors import refusable
from giamngheo.reviews.services.actors import check_signer
from giamngheo.reviews.services.signing import check_posting_over


@transaction.atomic
def refusal_issue(*, actor: User, item: ReviewItem, number: str, issued_on: datetime.date, reasons: str) -> Refusal:
    """The chairman's written answer, with reasons, to a household whose request is not granted (spec §4.3)."""
    check_signer(actor, item.commune_id)
    item = ReviewItem.objects.select_for_update(of=("self",)).select_related("household", "campaign").get(pk=item.pk)
    if not refusable(item) or item.stage != Stage.POSTED:
        raise ValidationError(
            f"Hộ {item.household.code} không có đề nghị nào đã qua họp dân và niêm yết cần trả lời không đủ điều kiện."
        )
    if DecisionLine.objects.filter(item=item).exists():
        raise ValidationError(f"Hộ {item.household.code} đang có trong dự thảo quyết định; huỷ dự thảo trước.")
    # Decision 24/2021 Art. 5: the same steps (survey, meeting, posting) come before a written refusal.
    check_posting_over(item.campaign, item.commune_id, issued_on, [item.pk])
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
