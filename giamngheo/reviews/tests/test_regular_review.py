"""The regular (monthly) review: requests, their deadline, refusals in writing, and re-poverty in the ledger."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import (
    Application,
    Campaign,
    CampaignKind,
    Change,
    LedgerEntry,
    Outcome,
    Refusal,
    ReviewItem,
    Stage,
)
from giamngheo.reviews.selectors import newly_escaped
from giamngheo.reviews.services.campaigns import application_receive
from giamngheo.reviews.services.community import meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_draft
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member
from giamngheo.testing.surveys import THREE_DEPRIVATIONS, phieu_b

NOV = datetime.date(2025, 11, 17)
AFTER_POSTING = datetime.date(2025, 11, 25)


def _receive(cast, household, form="mau_01", on=datetime.date(2025, 11, 3)):
    return application_receive(
        actor=cast.officer, household=household, form=form, applicant_name="Chủ hộ", reason="Ốm đau", received_on=on
    )


def _through_posting(cast, item, answers, *, meeting_day=NOV, form="B"):
    survey, _ = survey_save(actor=cast.officer, item=item, form=form, answers=answers, version=0, as_of=meeting_day)
    survey_submit(actor=cast.officer, item=item, form=form, version=survey.version, as_of=meeting_day)
    meeting_record(
        actor=cast.officer,
        campaign=item.campaign,
        village=item.village,
        held_on=meeting_day,
        chair="A",
        secretary="B",
        attendees=10,
        votes={item.pk: 10},
    )
    posting_create(actor=cast.officer, campaign=item.campaign, commune=item.commune, starts_on=meeting_day)


def test_a_request_joins_the_review_of_the_next_15th_with_a_15_working_day_deadline(cast):
    household = make_household(village=cast.village)
    application = _receive(cast, household, on=datetime.date(2025, 11, 3))
    assert application.review_starts_on == datetime.date(2025, 11, 15)
    assert application.deadline == datetime.date(2025, 12, 5)
    campaign = application.item.campaign
    assert campaign.kind == CampaignKind.REGULAR and (campaign.year, campaign.month) == (2025, 11)
    assert application.item.basis == "applicant"


def test_a_request_during_the_periodic_review_is_handled_by_it(cast, campaign):
    household = make_household(village=cast.village)
    application = _receive(cast, household, on=datetime.date(2025, 10, 2))
    assert application.item.campaign == campaign
    assert application.deadline == campaign.plan_end


def test_bad_requests_are_refused_and_change_nothing(cast):
    not_poor = make_household(village=cast.village)
    with pytest.raises(ValidationError, match="không phải hộ nghèo"):
        _receive(cast, not_poor, form="mau_04")
    _receive(cast, not_poor)
    with pytest.raises(ValidationError, match="chưa giải quyết xong"):
        _receive(cast, not_poor)
    with pytest.raises(ValidationError):
        application_receive(
            actor=cast.other_officer,
            household=not_poor,
            form="mau_01",
            applicant_name="A",
            reason="B",
            received_on=datetime.date(2025, 11, 3),
        )
    assert Application.objects.count() == 1


def test_a_household_found_not_eligible_gets_a_written_refusal_not_a_decision_line(cast):
    household = make_household(village=cast.village)
    item = _receive(cast, household).item
    _through_posting(cast, item, phieu_b(HIGH_B1))
    with pytest.raises(ValidationError, match="Chưa có hộ nào"):
        decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    with pytest.raises(ValidationError, match="Chủ tịch"):
        refusal_issue(actor=cast.officer, item=item, number="5/UBND", issued_on=AFTER_POSTING, reasons="Thu nhập cao")
    refusal_issue(
        actor=cast.chairman, item=item, number="5/UBND", issued_on=AFTER_POSTING, reasons="Điểm B1 cao hơn ngưỡng"
    )
    item.refresh_from_db()
    assert item.stage == Stage.REFUSED
    assert Application.objects.get().outcome == Outcome.REFUSED
    assert Refusal.objects.get().signer == cast.chairman
    assert Household.objects.get(pk=household.pk).status == Status.UNKNOWN


def test_escaping_then_falling_back_is_re_poverty_and_newly_escaped_lasts_the_configured_months(cast):
    household = make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Tái")])
    item = _receive(cast, household, form="mau_04").item
    _through_posting(cast, item, phieu_b(HIGH_B1))
    decision = decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="30/QĐ-UBND", signed_on=datetime.date(2025, 11, 28))
    assert LedgerEntry.objects.get(household=household, year=2025).change == Change.ESCAPED_POOR
    assert newly_escaped(commune_ids=[cast.commune.pk], as_of=datetime.date(2027, 6, 1)) == {household.pk}
    assert newly_escaped(commune_ids=[cast.commune.pk], as_of=datetime.date(2029, 1, 1)) == set()

    later = datetime.date(2026, 3, 16)
    again = _receive(cast, household, form="mau_01", on=datetime.date(2026, 3, 2)).item
    _through_posting(cast, again, phieu_b(LOW_B1, THREE_DEPRIVATIONS), meeting_day=later)
    decision = decision_draft(actor=cast.officer, campaign=again.campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="8/QĐ-UBND", signed_on=datetime.date(2026, 3, 25))
    entry = LedgerEntry.objects.get(household=household, year=2026)
    assert (entry.start_status, entry.status, entry.change) == (Status.NOT_POOR, Status.POOR, Change.RE_POOR)
    assert newly_escaped(commune_ids=[cast.commune.pk], as_of=datetime.date(2026, 4, 1)) == set()


def test_a_decision_cannot_be_signed_twice_or_with_a_number_already_used(cast):
    household = make_household(village=cast.village, status=Status.POOR)
    item = _receive(cast, household, form="mau_04").item
    _through_posting(cast, item, phieu_b(HIGH_B1))
    decision = decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="30/QĐ-UBND", signed_on=datetime.date(2025, 11, 28))
    with pytest.raises(ValidationError, match="đã được ký"):
        decision_apply(
            actor=cast.chairman, decision=decision, number="31/QĐ-UBND", signed_on=datetime.date(2025, 11, 29)
        )


def test_the_daily_command_opens_the_month_once_from_the_15th(cast, capsys):
    call_command("open_regular_reviews", "--date", "14/11/2025")
    assert not Campaign.objects.exists()
    call_command("open_regular_reviews", "--date", "15/11/2025")
    call_command("open_regular_reviews", "--date", "20/11/2025")
    campaigns = Campaign.objects.filter(kind=CampaignKind.REGULAR, year=2025, month=11)
    assert campaigns.count() == 2  # the two provinces of the cast
    assert ReviewItem.objects.count() == 0


def test_the_command_names_a_malformed_date(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="31/02/2025"):
        call_command("open_regular_reviews", "--date", "31/02/2025")


def _phieu_c(agriculture, *, agricultural=True, members=4, allowances=0):
    return {
        "agricultural": agricultural,
        "members": members,
        "income": {"agriculture": agriculture, "wages": 0, "business": 0, "other": 0},
        "costs": 0,
        "social_allowances": allowances,
    }


def test_phieu_c_leaves_social_allowances_out_and_finds_the_average_band(cast):
    from giamngheo.reviews.services.surveys import survey_score

    household = make_household(village=cast.village, members=[member(full_name="Lường Văn Nông")])
    item = _receive(cast, household, form="mau_01_tb").item
    # 4 persons, 12 months: 86,400,000 đồng a year is 1,800,000 a person a month (rural band 1,500,001–2,250,000).
    score = survey_score(item=item, form="C", answers=_phieu_c(86_400_000, allowances=30_000_000), as_of=NOV)
    assert score.status == "average_living" and score.low_income is True
    assert any("không tính vào thu nhập" in r for r in score.reasons)
    assert any("1.800.000" in r for r in score.reasons)
    below = survey_score(item=item, form="C", answers=_phieu_c(60_000_000), as_of=NOV)
    assert below.status == "" and "Phiếu B" in below.reasons[-1]


def test_an_agricultural_household_with_average_living_is_recognised_in_a_fifth_list(cast):
    household = make_household(village=cast.village, members=[member(full_name="Lường Văn Nông")])
    item = _receive(cast, household, form="mau_01_tb").item
    survey, _ = survey_save(actor=cast.officer, item=item, form="C", answers=_phieu_c(86_400_000), version=0, as_of=NOV)
    survey_submit(actor=cast.officer, item=item, form="C", version=survey.version, as_of=NOV)
    meeting_record(
        actor=cast.officer,
        campaign=item.campaign,
        village=item.village,
        held_on=NOV,
        chair="A",
        secretary="B",
        attendees=10,
        votes={item.pk: 10},
    )
    posting_create(actor=cast.officer, campaign=item.campaign, commune=item.commune, starts_on=NOV)
    decision = decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="40/QĐ-UBND", signed_on=datetime.date(2025, 11, 28))
    line = decision.lines.get()
    assert line.average_living and line.status_after == Status.NOT_POOR
    entry = LedgerEntry.objects.get(household=household)
    assert entry.average_living and entry.low_income
    assert Application.objects.get().outcome == Outcome.RECOGNISED


def test_a_household_not_in_farming_is_refused_average_living_in_writing(cast):
    household = make_household(village=cast.village)
    item = _receive(cast, household, form="mau_01_tb").item
    _through_posting(cast, item, _phieu_c(86_400_000, agricultural=False), form="C")
    with pytest.raises(ValidationError, match="Chưa có hộ nào"):
        decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    refusal_issue(
        actor=cast.chairman, item=item, number="6/UBND", issued_on=AFTER_POSTING, reasons="Hộ không làm nông nghiệp"
    )
    assert Application.objects.get().outcome == Outcome.REFUSED


def test_a_poor_household_cannot_ask_for_average_living(cast):
    household = make_household(village=cast.village, status=Status.POOR)
    with pytest.raises(ValidationError, match="không xác định mức sống trung bình"):
        _receive(cast, household, form="mau_01_tb")
