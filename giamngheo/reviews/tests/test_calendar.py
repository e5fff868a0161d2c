"""The review procedure follows the calendar (issue 11 A1–A2): no step is dated after today, and each step is dated
on or after the step before it (Decision 24/2021/QĐ-TTg Art. 4 cl. 2; the chain is in docs/reviews.md)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import Complaint, Posting, ReviewItem, Stage, VillageMeeting
from giamngheo.reviews.services.campaigns import application_receive, review_list_build
from giamngheo.reviews.services.community import complaint_receive, complaint_resolve, meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_draft
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1
from giamngheo.testing.surveys import REVIEW_DAY, phieu_b

MEETING = datetime.date(2025, 12, 8)
TODAY = datetime.date(2025, 12, 8)


@pytest.fixture
def today(monkeypatch):
    """The server's date in Asia/Ho_Chi_Minh, as the services read it; tests move it forward by assignment."""
    state = {"day": TODAY}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: state["day"])
    return state


@pytest.fixture
def surveyed(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    survey, _ = survey_save(
        actor=cast.officer, item=item, form="B", answers=phieu_b(HIGH_B1), version=0, as_of=REVIEW_DAY
    )
    survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=REVIEW_DAY)
    return item


def _meet(cast, campaign, item, held_on):
    return meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=held_on,
        chair="A",
        secretary="B",
        attendees=10,
        votes={item.pk: 10},
    )


def test_a_decision_cannot_be_signed_with_a_date_after_today(cast, campaign, surveyed, today):
    _meet(cast, campaign, surveyed, MEETING)
    posting = posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=MEETING)
    assert posting.ends_on < datetime.date(2025, 12, 20)
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)

    with pytest.raises(ValidationError, match=r"Ngày ký \(20/12/2025\) không được sau ngày hôm nay \(08/12/2025\)"):
        decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=datetime.date(2025, 12, 20))
    assert Household.objects.get(pk=surveyed.household_id).status == Status.POOR
    assert ReviewItem.objects.get(pk=surveyed.pk).stage == Stage.POSTED

    today["day"] = datetime.date(2025, 12, 20)
    decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=datetime.date(2025, 12, 20))
    assert ReviewItem.objects.get(pk=surveyed.pk).stage == Stage.DECIDED


def test_a_refusal_cannot_be_signed_with_a_date_after_today(cast, campaign, households, today):
    item = application_receive(
        actor=cast.officer,
        household=households["resident"],
        form="mau_01",
        applicant_name="Vũ Văn Khá",
        reason="Mất mùa",
        received_on=REVIEW_DAY,
    ).item
    assert item is not None
    survey, _ = survey_save(
        actor=cast.officer, item=item, form="B", answers=phieu_b(HIGH_B1), version=0, as_of=REVIEW_DAY
    )
    survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=REVIEW_DAY)
    _meet(cast, item.campaign, item, datetime.date(2025, 11, 20))
    posting_create(
        actor=cast.officer, campaign=item.campaign, commune=cast.commune, starts_on=datetime.date(2025, 11, 21)
    )
    with pytest.raises(ValidationError, match=r"Ngày ký .* không được sau ngày hôm nay"):
        refusal_issue(
            actor=cast.chairman, item=item, number="5/UBND", issued_on=datetime.date(2025, 12, 9), reasons="Đủ sống"
        )
    assert ReviewItem.objects.get(pk=item.pk).stage == Stage.POSTED


def test_a_survey_meeting_posting_complaint_or_recheck_cannot_be_dated_after_today(cast, campaign, surveyed, today):
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=r"Ngày rà soát \(09/12/2025\) không được sau ngày hôm nay"):
        survey_save(actor=cast.officer, item=surveyed, form="B", answers=phieu_b(), version=0, as_of=tomorrow)
    with pytest.raises(ValidationError, match=r"Ngày họp dân \(09/12/2025\) không được sau ngày hôm nay"):
        _meet(cast, campaign, surveyed, tomorrow)
    assert not VillageMeeting.objects.exists()
    _meet(cast, campaign, surveyed, MEETING)
    with pytest.raises(ValidationError, match=r"Ngày bắt đầu niêm yết .* không được sau ngày hôm nay"):
        posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=tomorrow)
    assert not Posting.objects.exists()
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=MEETING)
    with pytest.raises(ValidationError, match=r"Ngày nhận khiếu nại .* không được sau ngày hôm nay"):
        complaint_receive(actor=cast.officer, item=surveyed, received_on=tomorrow, complainant="A", content="B")
    complaint = complaint_receive(actor=cast.officer, item=surveyed, received_on=TODAY, complainant="A", content="B")
    with pytest.raises(ValidationError, match=r"Ngày phúc tra .* không được sau ngày hôm nay"):
        complaint_resolve(
            actor=cast.officer, complaint=complaint, recheck_on=tomorrow, result="Vẫn nghèo", status_after=Status.POOR
        )
    assert Complaint.objects.get().recheck_on is None


def test_posting_cannot_start_before_the_village_meeting_of_the_households_posted(cast, campaign, surveyed, today):
    _meet(cast, campaign, surveyed, MEETING)
    with pytest.raises(ValidationError, match=r"\(30/11/2025\) không được trước ngày họp dân .* \(08/12/2025\)"):
        posting_create(
            actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 11, 30)
        )
    assert not Posting.objects.exists()
    assert ReviewItem.objects.get(pk=surveyed.pk).stage == Stage.AGREED


def test_a_village_meeting_cannot_be_held_before_the_household_was_surveyed(cast, campaign, surveyed, today):
    with pytest.raises(ValidationError, match=r"Ngày họp \(30/09/2025\) không được trước ngày rà soát"):
        _meet(cast, campaign, surveyed, REVIEW_DAY - datetime.timedelta(days=1))
    assert ReviewItem.objects.get(pk=surveyed.pk).stage == Stage.SURVEYED


def test_a_complaint_cannot_be_received_before_the_households_result_was_posted(cast, campaign, surveyed, today):
    _meet(cast, campaign, surveyed, datetime.date(2025, 12, 1))
    with pytest.raises(ValidationError, match="chưa được niêm yết"):
        complaint_receive(actor=cast.officer, item=surveyed, received_on=TODAY, complainant="A", content="B")
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 12, 3))
    with pytest.raises(ValidationError, match=r"\(02/12/2025\) không được trước ngày bắt đầu niêm yết"):
        complaint_receive(
            actor=cast.officer, item=surveyed, received_on=datetime.date(2025, 12, 2), complainant="A", content="B"
        )
    assert not Complaint.objects.exists()


def test_a_decision_cannot_be_signed_before_the_last_recheck(cast, campaign, surveyed, today):
    today["day"] = datetime.date(2025, 12, 30)
    _meet(cast, campaign, surveyed, datetime.date(2025, 12, 1))
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 12, 1))
    complaint = complaint_receive(
        actor=cast.officer, item=surveyed, received_on=datetime.date(2025, 12, 2), complainant="A", content="B"
    )
    complaint_resolve(
        actor=cast.officer,
        complaint=complaint,
        recheck_on=datetime.date(2025, 12, 20),
        result="Vẫn nghèo",
        status_after=Status.POOR,
    )
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    with pytest.raises(ValidationError, match=r"Ngày ký \(15/12/2025\) không được trước ngày phúc tra \(20/12/2025\)"):
        decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=datetime.date(2025, 12, 15))
    decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=datetime.date(2025, 12, 20))
