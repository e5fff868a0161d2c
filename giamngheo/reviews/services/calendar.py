"""The review procedure follows the calendar: no step is dated after today, and each step is dated on or after the
step before it (Decision 24/2021/QĐ-TTg Art. 4 cl. 2; the chain is written out in docs/reviews.md).

Every reviews service that records a dated step calls these checks, so pages, commands and imports are all held to
them. Today is the server's date in Asia/Ho_Chi_Minh (settings.TIME_ZONE), as the commune's calendar reads it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.utils import timezone

from giamngheo.reviews.models import Complaint, MeetingVote, PostingLine, ReviewItem


def check_not_after_today(day: datetime.date, step: str, field: str | None = None) -> None:
    """A date after today would let a step be recorded before it happened (a signature dated after the posting
    ends gets round "the posting must be over", issue 11 A1)."""
    today = timezone.localdate()
    if day > today:
        message = f"Ngày {step} ({day:%d/%m/%Y}) không được sau ngày hôm nay ({today:%d/%m/%Y})."
        raise ValidationError({field: message} if field else message)


def check_meeting_after_surveys(items: list[ReviewItem], held_on: datetime.date) -> None:
    """Art. 4 cl. 2(c): the village meeting discusses the results of the survey, so it cannot come before the day
    the household was surveyed (the date its assessment was made on)."""
    early = [i for i in items if i.assessment is not None and i.assessment.as_of > held_on]
    if early:
        names = ", ".join(f"{i.household.code} ({i.assessment.as_of:%d/%m/%Y})" for i in early[:10] if i.assessment)
        raise ValidationError(
            {"held_on": f"Ngày họp ({held_on:%d/%m/%Y}) không được trước ngày rà soát của các hộ: {names}."}
        )


def check_posting_after_meetings(item_ids: list[int], starts_on: datetime.date) -> None:
    """Art. 4 cl. 2(d): what is posted is the result the village meeting agreed, so posting starts on or after the
    last meeting of the households posted."""
    last = MeetingVote.objects.filter(item_id__in=item_ids).aggregate(day=Max("meeting__held_on"))["day"]
    if last is not None and starts_on < last:
        raise ValidationError(
            {
                "starts_on": f"Ngày bắt đầu niêm yết ({starts_on:%d/%m/%Y}) không được trước ngày họp dân của các hộ "
                f"được niêm yết ({last:%d/%m/%Y})."
            }
        )


def check_complaint_after_posting(item: ReviewItem, received_on: datetime.date) -> None:
    """Art. 4 cl. 2(d): complaints are about the posted results, so one is received on or after the day the
    household's result was first posted."""
    first = PostingLine.objects.filter(item=item).aggregate(day=Min("posting__starts_on"))["day"]
    if first is None:
        raise ValidationError(
            f"Kết quả rà soát của hộ {item.household.code} chưa được niêm yết: khiếu nại được nhận từ khi niêm yết."
        )
    if received_on < first:
        raise ValidationError(
            {
                "received_on": f"Ngày nhận khiếu nại ({received_on:%d/%m/%Y}) không được trước ngày bắt đầu niêm yết "
                f"kết quả của hộ {item.household.code} ({first:%d/%m/%Y})."
            }
        )


def check_signing_after_rechecks(item_ids: list[int], signed_on: datetime.date) -> None:
    """Art. 4 cl. 2(đ): the chairman decides on the results as re-checked, so not before the last re-check."""
    last = Complaint.objects.filter(item_id__in=item_ids).aggregate(day=Max("recheck_on"))["day"]
    if last is not None and signed_on < last:
        raise ValidationError(f"Ngày ký ({signed_on:%d/%m/%Y}) không được trước ngày phúc tra ({last:%d/%m/%Y}).")
