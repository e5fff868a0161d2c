"""The periodic review through the services, step by step, as Decision 24/2021 Art. 4 describes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.accounts.models import AuditEntry
from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import (
    Certificate,
    Change,
    DecisionState,
    LedgerEntry,
    ReviewItem,
    Stage,
    Survey,
    SurveyState,
)
from giamngheo.reviews.services.campaigns import campaign_create, review_list_build
from giamngheo.reviews.services.community import (
    complaint_receive,
    complaint_resolve,
    meeting_record,
    posting_create,
)
from giamngheo.reviews.services.decisions import decision_apply, decision_discard, decision_draft
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1
from giamngheo.testing.surveys import REVIEW_DAY, THREE_DEPRIVATIONS, phieu_b


def _survey(actor, item, answers):
    survey, _ = survey_save(actor=actor, item=item, form="B", answers=answers, version=0, as_of=REVIEW_DAY)
    return survey_submit(actor=actor, item=item, form="B", version=survey.version, as_of=REVIEW_DAY)


def test_a_campaign_must_lie_inside_the_legal_window(cast):
    with pytest.raises(ValidationError, match="01/09/2025 – 14/12/2025"):
        campaign_create(
            actor=cast.province_officer,
            province=cast.province,
            year=2025,
            standard_code="2022-2025",
            plan_start=datetime.date(2025, 8, 20),
            plan_end=datetime.date(2025, 11, 30),
            communes=[cast.commune],
        )


def test_only_the_province_plans_its_campaign(cast):
    with pytest.raises(ValidationError, match="cán bộ tỉnh"):
        campaign_create(
            actor=cast.officer,
            province=cast.province,
            year=2025,
            standard_code="2022-2025",
            plan_start=datetime.date(2025, 9, 15),
            plan_end=datetime.date(2025, 11, 30),
            communes=[cast.commune],
        )


def test_the_district_consultation_step_ends_with_the_districts(cast, campaign):
    assert campaign.district_consultation is False  # ends after 01/07/2025
    earlier = campaign_create(
        actor=cast.province_officer,
        province=cast.province,
        year=2024,
        standard_code="2022-2025",
        plan_start=datetime.date(2024, 9, 15),
        plan_end=datetime.date(2024, 11, 30),
        communes=[cast.commune],
    )
    assert earlier.district_consultation is True


def test_the_list_holds_the_poor_and_near_poor_and_can_be_built_again(cast, campaign, households):
    items = review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    assert {i.household_id for i in items} == {households["poor"].pk, households["near_poor"].pk}
    assert review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune) == []
    assert AuditEntry.objects.filter(target_type="reviews.reviewitem").count() == 2


def test_another_communes_officer_cannot_build_the_list(cast, campaign, households):
    with pytest.raises(ValidationError):
        review_list_build(actor=cast.other_officer, campaign=campaign, commune=cast.commune)
    assert not ReviewItem.objects.exists()


def test_two_editors_never_overwrite_each_other(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=households["poor"])
    first, _ = survey_save(actor=cast.collaborator, item=item, form="B", answers=phieu_b(), version=0, as_of=REVIEW_DAY)
    survey_save(
        actor=cast.officer, item=item, form="B", answers=phieu_b(HIGH_B1), version=first.version, as_of=REVIEW_DAY
    )
    with pytest.raises(ValidationError, match="canbo"):
        survey_save(
            actor=cast.collaborator, item=item, form="B", answers=phieu_b(), version=first.version, as_of=REVIEW_DAY
        )
    assert Survey.objects.get(item=item).answers["b1"] == HIGH_B1


def test_a_collaborator_surveys_only_their_own_village(cast, campaign):
    from giamngheo.reviews.services.surveys import survey_save
    from giamngheo.testing.factories import make_household

    elsewhere = make_household(village=cast.other_village, status=Status.POOR)
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=elsewhere)
    with pytest.raises(ValidationError):
        survey_save(actor=cast.collaborator, item=item, form="B", answers=phieu_b(), version=0, as_of=REVIEW_DAY)


def test_the_whole_periodic_review_changes_statuses_only_by_the_decision(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    poor = ReviewItem.objects.get(household=households["poor"])
    near = ReviewItem.objects.get(household=households["near_poor"])

    # Step 2: survey. The poor household escapes (high B1), the near-poor one is now poor (three deprivations).
    _survey(cast.collaborator, poor, phieu_b(HIGH_B1))
    _survey(cast.collaborator, near, phieu_b(overrides=THREE_DEPRIVATIONS))
    poor.refresh_from_db()
    near.refresh_from_db()
    assert (poor.proposed_status, near.proposed_status) == (Status.NOT_POOR, Status.POOR)
    assert Household.objects.get(pk=households["poor"].pk).status == Status.POOR  # nothing changed yet

    # Step 3: the meeting agrees on one household and not the other (4 of 10 < 50 %): back to re-survey.
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 10),
        chair="Trưởng thôn",
        secretary="Thư ký",
        attendees=10,
        votes={poor.pk: 8, near.pk: 4},
    )
    near.refresh_from_db()
    assert near.stage == Stage.RESURVEY
    assert Survey.objects.get(item=near).state == SurveyState.DRAFT
    survey = Survey.objects.get(item=near)
    survey_submit(actor=cast.collaborator, item=near, form="B", version=survey.version, as_of=REVIEW_DAY)
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 17),
        chair="Trưởng thôn",
        secretary="Thư ký",
        attendees=12,
        votes={near.pk: 6},  # exactly 50 %: agreed
    )

    # Step 4: posting, one complaint and its re-check.
    posting = posting_create(
        actor=cast.officer,
        campaign=campaign,
        commune=cast.commune,
        village=cast.village,
        starts_on=datetime.date(2025, 10, 20),
    )
    # Three working days after the posting day (Civil Code 2015 Art. 147: the first day is not counted).
    assert posting.ends_on == datetime.date(2025, 10, 23)
    complaint = complaint_receive(
        actor=cast.officer,
        item=poor,
        received_on=datetime.date(2025, 10, 21),
        complainant="Hàng xóm",
        content="Hộ vẫn còn khó khăn",
    )
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    with pytest.raises(ValidationError, match="chưa phúc tra"):
        decision_apply(
            actor=cast.chairman, decision=decision, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25)
        )
    complaint_resolve(
        actor=cast.officer,
        complaint=complaint,
        recheck_on=datetime.date(2025, 10, 23),
        result="Hộ có thu nhập ổn định, giữ kết quả",
        status_after=Status.NEAR_POOR,
    )
    # The re-check changed the proposal after the draft: the old draft cannot be signed, it is drawn up again.
    with pytest.raises(ValidationError, match="không còn khớp"):
        decision_apply(
            actor=cast.chairman, decision=decision, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25)
        )
    decision_discard(actor=cast.officer, decision=decision)
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)

    # Step 5: only the chairman signs, after the posting ended.
    with pytest.raises(ValidationError, match="Chủ tịch"):
        decision_apply(
            actor=cast.officer, decision=decision, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25)
        )
    with pytest.raises(ValidationError, match="hết thời gian niêm yết"):
        decision_apply(
            actor=cast.chairman, decision=decision, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 23)
        )
    decision_apply(actor=cast.chairman, decision=decision, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25))

    decision.refresh_from_db()
    assert decision.state == DecisionState.APPLIED
    assert Household.objects.get(pk=households["poor"].pk).status == Status.NEAR_POOR
    assert Household.objects.get(pk=households["near_poor"].pk).status == Status.POOR
    ledger = {e.household_id: e for e in LedgerEntry.objects.all()}
    assert ledger[households["poor"].pk].change == Change.POOR_TO_NEAR_POOR
    assert ledger[households["near_poor"].pk].change == Change.NEAR_POOR_TO_POOR
    assert ledger[households["near_poor"].pk].female_head is True
    assert ledger[households["near_poor"].pk].causes == ["capital"]
    assert all(e.decision_id == decision.pk for e in ledger.values())
    numbers = sorted(c.number for c in Certificate.objects.all())
    assert numbers == ["01/GCN-HN.HCN", "02/GCN-HN.HCN"]
    status_audit = AuditEntry.objects.filter(target_type="registry.household", note__contains="12/QĐ-UBND")
    assert status_audit.count() == 2


def test_households_with_a_recorded_income_are_scored_from_the_register_in_bulk(cast, campaign):
    from giamngheo.reviews.services.surveys import review_score_commune
    from giamngheo.testing.factories import make_household, member

    poor = make_household(village=cast.village, status=Status.POOR, facts={"income_per_capita": 900_000})
    better = make_household(
        village=cast.village,
        status=Status.NEAR_POOR,
        facts={"income_per_capita": 4_000_000},
        members=[member(full_name="Đặng Văn Khá")],
    )
    unknown = make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Chưa")])
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    assert review_score_commune(actor=cast.officer, campaign=campaign, commune=cast.commune, as_of=REVIEW_DAY) == 2
    items = {i.household_id: i for i in ReviewItem.objects.select_related("assessment")}
    assert items[poor.pk].stage == Stage.SURVEYED and items[poor.pk].assessment.household_id == poor.pk
    assert items[poor.pk].proposed_status == items[poor.pk].assessment.status == Status.NEAR_POOR
    assert items[better.pk].proposed_status == Status.NOT_POOR and items[better.pk].assessment.household_id == better.pk
    assert items[unknown.pk].stage == Stage.LISTED and items[unknown.pk].assessment is None
    with pytest.raises(ValidationError):
        review_score_commune(actor=cast.collaborator, campaign=campaign, commune=cast.commune, as_of=REVIEW_DAY)
