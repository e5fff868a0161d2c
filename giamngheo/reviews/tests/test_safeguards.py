"""The procedure cannot be walked round: stale drafts, double outcomes, the wrong form, results edited after
submission, posting lists rewritten afterwards. Each case is one a reviewer found possible and is now refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.documents.posting import posting_list_pdf
from giamngheo.reviews.models import Decision, ReviewItem, Stage, SurveyState
from giamngheo.reviews.services.campaigns import application_receive, review_list_build
from giamngheo.reviews.services.community import complaint_receive, complaint_resolve, meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_discard, decision_draft
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.services.survey_entry import survey_enter
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member
from giamngheo.testing.surveys import REVIEW_DAY, phieu_b

POSTED_ON = datetime.date(2025, 10, 6)
SIGNED_ON = datetime.date(2025, 10, 20)


def _submit(cast, item, form="B", answers=None):
    survey, _ = survey_save(
        actor=cast.officer, item=item, form=form, answers=answers or phieu_b(), version=0, as_of=REVIEW_DAY
    )
    survey_submit(actor=cast.officer, item=item, form=form, version=survey.version, as_of=REVIEW_DAY)


def _meet_and_post(cast, campaign, items):
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=REVIEW_DAY,
        chair="A",
        secretary="B",
        attendees=10,
        votes={i.pk: 10 for i in items},
    )
    return posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=POSTED_ON)


def test_a_draft_overtaken_by_a_recheck_cannot_be_signed_and_can_be_discarded(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    _submit(cast, item, answers=phieu_b(HIGH_B1))
    _meet_and_post(cast, campaign, [item])
    complaint = complaint_receive(
        actor=cast.officer, item=item, received_on=POSTED_ON, complainant="Hàng xóm", content="Hộ còn khó khăn"
    )
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    complaint_resolve(
        actor=cast.officer, complaint=complaint, recheck_on=POSTED_ON, result="Vẫn nghèo", status_after=Status.POOR
    )
    with pytest.raises(ValidationError, match="không còn khớp"):
        decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=SIGNED_ON)
    assert Household.objects.get(pk=item.household_id).status == Status.POOR
    with pytest.raises(ValidationError):
        decision_discard(actor=cast.collaborator, decision=decision)
    decision_discard(actor=cast.officer, decision=decision)
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="1/QĐ", signed_on=SIGNED_ON)
    assert decision.lines.get().status_after == Status.POOR


def test_a_household_in_a_draft_cannot_also_be_refused(cast, campaign, households):
    item = application_receive(
        actor=cast.officer,
        household=households["near_poor"],
        form="mau_04",
        applicant_name="Hà Thị Cận",
        reason="Đã có việc làm ổn định",
        received_on=REVIEW_DAY,
    ).item
    _submit(cast, item, answers=phieu_b(HIGH_B1))
    _meet_and_post(cast, campaign, [item])
    decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        refusal_issue(actor=cast.chairman, item=item, number="2/UBND", issued_on=SIGNED_ON, reasons="Không")


def test_a_refusal_waits_for_the_meeting_and_the_posting(cast, campaign, households):
    item = application_receive(
        actor=cast.officer,
        household=households["resident"],
        form="mau_01",
        applicant_name="Vũ Văn Khá",
        reason="Ốm đau",
        received_on=REVIEW_DAY,
    ).item
    _submit(cast, item, answers=phieu_b(HIGH_B1))
    with pytest.raises(ValidationError, match="họp dân và niêm yết"):
        refusal_issue(actor=cast.chairman, item=item, number="3/UBND", issued_on=SIGNED_ON, reasons="Thu nhập cao")
    _meet_and_post(cast, campaign, [item])
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="hết thời gian niêm yết"):
        refusal_issue(actor=cast.chairman, item=item, number="3/UBND", issued_on=POSTED_ON, reasons="Thu nhập cao")
    refusal_issue(actor=cast.chairman, item=item, number="3/UBND", issued_on=SIGNED_ON, reasons="Thu nhập cao")


def test_phieu_a_and_phieu_c_are_only_for_the_requests_they_serve(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    poor = ReviewItem.objects.get(household=households["poor"])
    for form, answers in (("A", {"criteria": ["car"]}), ("C", {"members": 1})):
        with pytest.raises(ValidationError, match="không thuộc diện"):
            survey_save(actor=cast.officer, item=poor, form=form, answers=answers, version=0, as_of=REVIEW_DAY)
    applicant = application_receive(
        actor=cast.officer,
        household=households["resident"],
        form="mau_01",
        applicant_name="Vũ Văn Khá",
        reason="Ốm đau",
        received_on=REVIEW_DAY,
    ).item
    _submit(cast, applicant, form="A", answers={"criteria": ["car"]})
    applicant.refresh_from_db()
    assert applicant.proposed_status == Status.NOT_POOR


def test_phieu_b_after_phieu_c_drops_the_average_living_mark(cast, campaign):
    household = make_household(village=cast.village, members=[member(full_name="Lường Văn Nông")])
    item = application_receive(
        actor=cast.officer,
        household=household,
        form="mau_01_tb",
        applicant_name="Lường Văn Nông",
        reason="Xác định mức sống trung bình",
        received_on=REVIEW_DAY,
    ).item
    income = {"agriculture": 86_400_000, "wages": 0, "business": 0, "other": 0}
    _submit(cast, item, form="C", answers={"agricultural": True, "members": 4, "income": income})
    item.refresh_from_db()
    assert item.proposed_average_living is True
    _submit(cast, item, form="B", answers=phieu_b(LOW_B1))
    item.refresh_from_db()
    assert item.proposed_status == Status.NEAR_POOR and item.proposed_average_living is None


def test_editing_a_submitted_form_withdraws_its_result_until_it_is_submitted_again(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    _submit(cast, item)
    item.refresh_from_db()
    assert item.stage == Stage.SURVEYED
    survey = item.surveys.get()
    survey_save(
        actor=cast.officer, item=item, form="B", answers=phieu_b(HIGH_B1), version=survey.version, as_of=REVIEW_DAY
    )
    item.refresh_from_db()
    assert (item.stage, item.proposed_status, item.assessment_id) == (Stage.LISTED, "", None)


def test_a_refused_submission_leaves_the_draft_as_it_was(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    incomplete = {"b1": {}, "overrides": {}, "causes": [], "needs": []}
    with pytest.raises(ValidationError, match="chưa đủ để chấm điểm"):
        survey_enter(
            actor=cast.officer, item=item, form="B", answers=incomplete, version=0, submit=True, as_of=REVIEW_DAY
        )
    assert not item.surveys.exists()
    survey = survey_enter(
        actor=cast.officer, item=item, form="B", answers=phieu_b(), version=0, submit=True, as_of=REVIEW_DAY
    )
    item.refresh_from_db()
    assert survey.state == SurveyState.SUBMITTED and item.stage == Stage.SURVEYED


def test_only_a_surveyor_of_the_household_enters_its_form(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    with pytest.raises(ValidationError, match="Chỉ cộng tác viên của thôn này"):
        survey_enter(
            actor=cast.other_officer, item=item, form="B", answers=phieu_b(), version=0, submit=False, as_of=REVIEW_DAY
        )
    assert not item.surveys.exists()


def test_the_posting_list_prints_what_was_posted(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    _submit(cast, item, answers=phieu_b(HIGH_B1))
    posting = _meet_and_post(cast, campaign, [item])
    complaint = complaint_receive(
        actor=cast.officer, item=item, received_on=POSTED_ON, complainant="Hàng xóm", content="Hộ còn khó khăn"
    )
    complaint_resolve(
        actor=cast.officer, complaint=complaint, recheck_on=POSTED_ON, result="Vẫn nghèo", status_after=Status.POOR
    )
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(posting_list_pdf(posting))).pages)
    assert "Thoát nghèo" in text  # the result posted on the day, not the re-checked one
    assert posting.lines.get().proposed_status == Status.NOT_POOR


def test_the_commune_work_page_costs_the_same_queries_for_3_or_30_households(
    client, cast, campaign, django_assert_max_num_queries
):
    for n in range(3):
        make_household(village=cast.village, status=Status.POOR, members=[member(full_name=f"Hộ {n}")])
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    client.force_login(cast.officer)
    url = f"/ra-soat/{campaign.pk}/xa/{cast.commune.pk}/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(27):
        make_household(village=cast.village, status=Status.POOR, members=[member(full_name=f"Hộ thêm {n}")])
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["rows"]) == 30
    assert not Decision.objects.exists()
