"""The review pages: who may see and do what, and that each page writes through its service."""

import datetime

import pytest

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import Application, Decision, DecisionState, ReviewItem, Stage, Survey
from giamngheo.reviews.services.campaigns import review_list_build
from giamngheo.reviews.views import base as views
from giamngheo.testing.factories import LOW_B1, make_household
from giamngheo.testing.surveys import REVIEW_DAY


@pytest.fixture(autouse=True)
def review_day(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: REVIEW_DAY)


@pytest.fixture
def listed(cast, campaign, households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    return {key: ReviewItem.objects.filter(household=h).first() for key, h in households.items()}


def _phieu_b_post(version=0, action="save", **extra):
    data = {f"b1_{k}": v for k, v in LOW_B1.items()}
    data.update(version=str(version), action=action, causes=["capital"], **extra)
    return data


def test_the_province_officer_sees_progress_of_every_commune(client, cast, campaign, listed):
    client.force_login(cast.province_officer)
    response = client.get(f"/ra-soat/{campaign.pk}/")
    assert response.status_code == 200
    rows = {r["commune"].name: r for r in response.context["rows"]}
    assert rows["Xã Thử A"]["listed"] == 2 and rows["Phường Thử B"]["listed"] == 0


def test_a_commune_outside_ones_area_is_not_found(client, cast, campaign, listed):
    client.force_login(cast.other_officer)
    assert client.get(f"/ra-soat/{campaign.pk}/xa/{cast.commune.pk}/").status_code == 404
    client.force_login(cast.far_officer)
    assert client.get(f"/ra-soat/{campaign.pk}/").status_code == 404
    item = listed["poor"]
    assert client.get(f"/ra-soat/ho/{item.pk}/phieu/B/").status_code == 404


def test_the_commune_officer_builds_the_list_on_the_work_page(client, cast, campaign, households):
    client.force_login(cast.officer)
    response = client.post(f"/ra-soat/{campaign.pk}/xa/{cast.commune.pk}/", {"action": "list"}, follow=True)
    assert "Đã thêm 2 hộ" in response.content.decode()
    assert ReviewItem.objects.filter(campaign=campaign).count() == 2


def test_a_viewer_cannot_build_the_list(client, cast, campaign, households):
    client.force_login(cast.viewer)
    response = client.post(f"/ra-soat/{campaign.pk}/xa/{cast.commune.pk}/", {"action": "list"}, follow=True)
    assert "Chỉ cán bộ giảm nghèo" in response.content.decode()
    assert not ReviewItem.objects.exists()


def test_a_collaborator_saves_and_submits_phieu_b_of_their_village(client, cast, listed):
    client.force_login(cast.collaborator)
    item = listed["poor"]
    assert client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post()).status_code == 302
    survey = Survey.objects.get(item=item)
    assert survey.answers["b1"] == LOW_B1 and survey.version == 1
    response = client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post(version=1, action="submit"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.stage == Stage.SURVEYED and item.proposed_status == Status.NEAR_POOR


def test_a_stale_save_is_refused_and_says_who_saved(client, cast, listed):
    item = listed["poor"]
    client.force_login(cast.officer)
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post())
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post(version=1, note="bản của cán bộ"))
    client.force_login(cast.collaborator)
    response = client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post(version=1, note="bản cũ"))
    assert response.status_code == 200
    assert "canbo" in response.content.decode()
    assert Survey.objects.get(item=item).answers["note"] == "bản của cán bộ"


def test_the_form_is_scored_as_it_is_typed(client, cast, listed):
    client.force_login(cast.collaborator)
    item = listed["poor"]
    partial = {"b1_household_size": "6+"}
    assert client.post(f"/ra-soat/ho/{item.pk}/phieu/B/tinh-diem/", partial).json()["complete"] is False
    result = client.post(f"/ra-soat/ho/{item.pk}/phieu/B/tinh-diem/", _phieu_b_post()).json()
    assert result["complete"] is True and result["score"] == 80 and result["status"] == Status.NEAR_POOR
    assert any("Điểm B1" in r for r in result["reasons"])
    assert not Survey.objects.exists()


def test_a_collaborator_cannot_open_another_villages_household(client, cast, campaign):
    elsewhere = make_household(village=cast.other_village, status=Status.POOR)
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=elsewhere)
    client.force_login(cast.collaborator)
    assert client.get(f"/ra-soat/ho/{item.pk}/phieu/B/").status_code == 404


def test_a_meeting_below_half_sends_the_household_back(client, cast, campaign, listed):
    item = listed["poor"]
    client.force_login(cast.officer)
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post())
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post(version=1, action="submit"))
    response = client.post(
        f"/ra-soat/{campaign.pk}/thon/{cast.village.pk}/hop-dan/",
        {
            "held_on": "10/10/2025",
            "chair": "Lò Văn Trưởng",
            "secretary": "Hà Thị Ký",
            "attendees": "20",
            f"agree_{item.pk}": "9",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.stage == Stage.RESURVEY


def test_more_agreeing_than_attending_is_refused(client, cast, campaign, listed):
    item = listed["poor"]
    client.force_login(cast.officer)
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post())
    client.post(f"/ra-soat/ho/{item.pk}/phieu/B/", _phieu_b_post(version=1, action="submit"))
    response = client.post(
        f"/ra-soat/{campaign.pk}/thon/{cast.village.pk}/hop-dan/",
        {"held_on": "10/10/2025", "chair": "A", "secretary": "B", "attendees": "5", f"agree_{item.pk}": "9"},
    )
    assert response.status_code == 200
    assert "phải từ 0 đến số người dự họp" in response.content.decode()
    item.refresh_from_db()
    assert item.stage == Stage.SURVEYED


def test_a_mau_01_gets_its_15_working_day_deadline_and_shows_overdue(client, cast, households, monkeypatch):
    client.force_login(cast.officer)
    response = client.post(
        "/ra-soat/don-de-nghi/",
        {
            "household_code": households["resident"].code,
            "form": "mau_01",
            "applicant_name": "Vũ Văn Khá",
            "reason": "Gia đình có người ốm nặng",
            "received_on": "20/10/2025",
            "channel": "in_person",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    # Received after the 15th: the November review, from 15/11/2025 (Saturday); 15 working days end 05/12/2025.
    assert application.review_starts_on == datetime.date(2025, 11, 15)
    assert application.deadline == datetime.date(2025, 12, 5)
    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 12, 8))
    page = client.get("/ra-soat/don-de-nghi/").content.decode()
    assert "Quá hạn" in page


def test_the_commune_request_list_shows_applicant_reason_and_channel_and_links_the_household(client, cast, households):
    client.force_login(cast.officer)
    household = households["resident"]
    received = {
        "household_code": household.code,
        "form": "mau_01",
        "applicant_name": "Vũ Văn Khá",
        "reason": "Gia đình có người ốm nặng, mất việc làm",
        "received_on": "20/10/2025",
        "channel": "post",
    }
    assert client.post("/ra-soat/don-de-nghi/", received).status_code == 302
    page = client.get("/ra-soat/don-de-nghi/").content.decode()
    row = page[page.index('id="applications"') :]
    assert "Vũ Văn Khá" in row and "Gia đình có người ốm nặng, mất việc làm" in row and "Qua bưu điện" in row
    assert f'<a href="/ho/{household.pk}/">{household.code}</a>' in row


def test_the_chairman_alone_signs_and_statuses_change_only_then(client, cast, campaign, listed):
    from giamngheo.reviews.services.community import meeting_record, posting_create
    from giamngheo.reviews.services.decisions import decision_draft
    from giamngheo.reviews.services.surveys import survey_save, survey_submit

    for item in (listed["poor"], listed["near_poor"]):
        s, _ = survey_save(actor=cast.officer, item=item, form="B", answers={"b1": LOW_B1}, version=0, as_of=REVIEW_DAY)
        survey_submit(actor=cast.officer, item=item, form="B", version=s.version, as_of=REVIEW_DAY)
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=REVIEW_DAY,
        chair="A",
        secretary="B",
        attendees=10,
        votes={listed["poor"].pk: 10, listed["near_poor"].pk: 10},
    )
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 10, 6))
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    form = {"number": "25/QĐ-UBND", "signed_on": "15/10/2025"}

    client.force_login(cast.officer)
    assert client.post(f"/ra-soat/quyet-dinh/{decision.pk}/", form).status_code == 404
    assert Household.objects.get(pk=listed["poor"].household_id).status == Status.POOR

    client.force_login(cast.chairman)
    assert client.post(f"/ra-soat/quyet-dinh/{decision.pk}/", form).status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.APPLIED
    assert Household.objects.get(pk=listed["poor"].household_id).status == Status.NEAR_POOR


def test_the_decision_page_names_a_draft_by_commune_and_year_and_a_signed_one_by_number(client, cast, campaign):
    decision = Decision.objects.create(campaign=campaign, commune=cast.commune, created_by=cast.officer)
    client.force_login(cast.officer)
    page = client.get(f"/ra-soat/quyet-dinh/{decision.pk}/").content.decode()
    assert f"<title>Dự thảo quyết định của {cast.commune.name}, năm {campaign.year} ·" in page
    assert f"#{decision.pk}" not in page
    Decision.objects.filter(pk=decision.pk).update(number="25/QĐ-UBND", signed_on=datetime.date(2025, 10, 15))
    page = client.get(f"/ra-soat/quyet-dinh/{decision.pk}/").content.decode()
    assert "<title>Quyết định số 25/QĐ-UBND ngày 15/10/2025 ·" in page


def test_the_province_officer_plans_a_campaign_with_communes_of_the_province_only(client, cast):
    client.force_login(cast.province_officer)
    page = client.get("/ra-soat/them/").content.decode()
    assert "Xã Thử A" in page and "Xã Xa" not in page
    response = client.post(
        "/ra-soat/them/",
        {
            "year": "2025",
            "standard": "2022-2025",
            "plan_start": "15/09/2025",
            "plan_end": "30/11/2025",
            "communes": [str(cast.commune.pk)],
        },
    )
    assert response.status_code == 302
    from giamngheo.reviews.models import Campaign

    campaign = Campaign.objects.get()
    assert list(campaign.participations.values_list("commune_id", flat=True)) == [cast.commune.pk]


def test_dates_outside_the_window_are_refused_on_the_form(client, cast):
    client.force_login(cast.province_officer)
    response = client.post(
        "/ra-soat/them/",
        {
            "year": "2025",
            "standard": "2022-2025",
            "plan_start": "15/08/2025",
            "plan_end": "30/11/2025",
            "communes": [str(cast.commune.pk)],
        },
    )
    assert response.status_code == 200
    assert "01/09/2025 – 14/12/2025" in response.content.decode()


def test_a_commune_officer_cannot_plan_campaigns(client, cast):
    client.force_login(cast.officer)
    assert client.get("/ra-soat/them/").status_code == 404


def test_the_household_page_shows_the_ledger_and_the_certificate(client, cast, campaign, listed):
    from giamngheo.reviews.services.community import meeting_record, posting_create
    from giamngheo.reviews.services.decisions import decision_apply, decision_draft
    from giamngheo.reviews.services.surveys import survey_save, survey_submit

    item = listed["poor"]
    s, _ = survey_save(actor=cast.officer, item=item, form="B", answers={"b1": LOW_B1}, version=0, as_of=REVIEW_DAY)
    survey_submit(actor=cast.officer, item=item, form="B", version=s.version, as_of=REVIEW_DAY)
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=REVIEW_DAY,
        chair="A",
        secretary="B",
        attendees=3,
        votes={item.pk: 2},
    )
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 10, 6))
    decision = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="9/QĐ-UBND", signed_on=datetime.date(2025, 10, 10))

    client.force_login(cast.viewer)
    page = client.get(f"/ho/{item.household_id}/").content.decode()
    assert "Thoát nghèo, trở thành hộ cận nghèo" in page and "01/GCN-HN.HCN" in page
    certificate = item.household.certificates.get()
    assert client.get(f"/ra-soat/giay-chung-nhan/{certificate.pk}.pdf").status_code == 200
    client.force_login(cast.other_officer)
    assert client.get(f"/ra-soat/giay-chung-nhan/{certificate.pk}.pdf").status_code == 404
    assert client.get(f"/ra-soat/quyet-dinh/{decision.pk}/").status_code == 404
    assert client.get(f"/ra-soat/quyet-dinh/{decision.pk}/van-ban.pdf").status_code == 404


def test_phieu_b_comes_pre_filled_with_what_the_register_knows(client, cast, campaign):
    from decimal import Decimal

    from giamngheo.registry.models import Education, Relation
    from giamngheo.testing.factories import member

    household = make_household(
        village=cast.village,
        status=Status.POOR,
        members=[
            member(education=Education.UPPER_SECONDARY),
            member(full_name="Lò Thị Con", relation=Relation.CHILD, date_of_birth=datetime.date(2018, 1, 1)),
        ],
        facts={"wall_durable": True, "column_durable": False, "floor_area_m2": Decimal("30")},
    )
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(household=household)
    client.force_login(cast.collaborator)
    form = client.get(f"/ra-soat/ho/{item.pk}/phieu/B/").context["form"]
    assert {name: form[name].value() for name in ("b1_household_size", "b1_dependants", "b1_qualification")} == {
        "b1_household_size": "2",
        "b1_dependants": "1",
        "b1_qualification": "upper_secondary",
    }
    assert form["b1_house_materials"].value() == "walls_or_columns"
    assert form["b1_floor_area"].value() == "8-20"
    assert not form["b1_electricity"].value()
    assert not Survey.objects.exists()  # pre-filling stores nothing


def test_a_family_sends_its_request_online_with_its_code_and_the_heads_cccd(client, cast, households):
    household = households["resident"]
    data = {
        "household_code": household.code,
        "head_citizen_id": household.head.citizen_id,
        "form": "mau_01",
        "applicant_name": "Vũ Văn Khá",
        "reason": "Gia đình có người ốm nặng, mất thu nhập",
    }
    response = client.post("/ra-soat/nop-truc-tuyen/", data)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.channel == "online" and application.created_by is None
    page = response.content.decode()
    assert f"Số tiếp nhận: {application.pk}" in page and application.deadline.strftime("%d/%m/%Y") in page
    assert household.head.citizen_id not in page


def test_a_wrong_cccd_says_only_that_code_and_cccd_do_not_match(client, cast, households):
    household = households["poor"]
    other_id = households["resident"].head.citizen_id
    response = client.post(
        "/ra-soat/nop-truc-tuyen/",
        {
            "household_code": household.code,
            "head_citizen_id": other_id,
            "form": "mau_04",
            "applicant_name": "A",
            "reason": "B",
        },
    )
    page = response.content.decode()
    assert "không khớp" in page and "Lò Văn Nghèo" not in page and "Hộ nghèo" not in page
    assert not Application.objects.exists()


def test_online_requests_are_rate_limited_per_address(client, cast, households, settings):
    settings.ONLINE_REQUEST_RATE = "2/h"
    from django.core.cache import cache

    cache.clear()
    data = {
        "household_code": "X",
        "head_citizen_id": "001234567890",
        "form": "mau_01",
        "applicant_name": "A",
        "reason": "B",
    }
    statuses = [client.post("/ra-soat/nop-truc-tuyen/", data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_phieu_c_is_filled_with_vietnamese_numbers_and_scored_as_typed(client, cast, households):
    from giamngheo.reviews.services.campaigns import application_receive

    application = application_receive(
        actor=cast.officer,
        household=households["resident"],
        form="mau_01_tb",
        applicant_name="Vũ Văn Khá",
        reason="Xác định mức sống trung bình",
        received_on=datetime.date(2025, 11, 3),
    )
    client.force_login(cast.officer)
    url = f"/ra-soat/ho/{application.item.pk}/phieu/C/"
    assert client.get(url).context["form"]["members"].value() == 1
    data = {
        "agricultural": "on",
        "members": "1",
        "income_agriculture": "21.600.000",
        "income_wages": "0",
        "income_business": "0",
        "income_other": "0",
        "costs": "0",
        "social_allowances": "6.000.000",
    }
    result = client.post(url + "tinh-diem/", data).json()
    assert result["complete"] and result["status"] == "average_living"
    assert client.post(url, {**data, "version": "0", "action": "submit"}).status_code == 302
    application.item.refresh_from_db()
    assert application.item.proposed_average_living is True


def test_overdue_requests_are_flagged_on_the_communes_work_list(client, cast, households, monkeypatch):
    from giamngheo.reviews.services.campaigns import application_receive

    application = application_receive(
        actor=cast.officer,
        household=households["resident"],
        form="mau_01",
        applicant_name="Vũ Văn Khá",
        reason="Ốm đau",
        received_on=datetime.date(2025, 11, 3),
    )
    client.force_login(cast.officer)
    url = f"/ra-soat/{application.item.campaign_id}/xa/{cast.commune.pk}/"
    assert "đã quá hạn" not in client.get(url).content.decode()
    monkeypatch.setattr(views, "today", lambda: application.deadline + datetime.timedelta(days=1))
    page = client.get(url).content.decode()
    assert "1 giấy đề nghị đã quá hạn trả lời" in page and households["resident"].code in page


def test_the_household_page_shows_the_statuses_recognised_year_by_year(client, year_2025):
    cast = year_2025
    escaped = Household.objects.get(persons__full_name="Lò Văn Thoát")
    client.force_login(cast.officer)
    page = client.get(f"/ho/{escaped.pk}/").content.decode()
    assert "Tình trạng được công nhận qua các năm" in page  # the reviews card, through registry.panels
    assert ">2025</td>" in page and "2.025" not in page  # a year, not a number
    assert "40/QĐ-UBND" in page


@pytest.mark.parametrize("tinh", ["abc", "²", "99999999999999999999999"])
def test_planning_a_review_for_a_province_that_is_no_province_asks_to_choose_again(client, cast, tinh):
    client.force_login(cast.national_admin)
    response = client.get("/ra-soat/them/", {"tinh": tinh})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không có tỉnh, thành phố nào như đã chọn" in page and cast.province.name in page
