"""The officer's classification page and the household page's assessment card."""

import datetime

import pytest

from giamngheo.standards import views
from giamngheo.standards.models import Assessment
from giamngheo.testing.factories import LOW_B1, make_household, member

pytestmark = pytest.mark.django_db
FACTS = {
    "income_per_capita": 1_200_000,
    "water_source": "surface",
    "latrine": "none",
    "uses_telecom": True,
    "owns_tv": True,
    "floor_area_m2": 50,
    "wall_durable": True,
    "column_durable": True,
    "roof_durable": True,
}


@pytest.fixture(autouse=True)
def review_day(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 10, 1))


@pytest.fixture
def household(cast):
    return make_household(village=cast.village, members=[member()], facts=FACTS)


def login(client, user):
    client.force_login(user)


def url(household):
    return f"/chuan-ngheo/ho/{household.pk}/phan-loai/"


def test_the_page_shows_what_the_register_says_for_each_indicator(client, cast, household):
    login(client, cast.officer)
    page = client.get(url(household)).content.decode()
    assert "Không tiếp cận nguồn nước sinh hoạt hợp vệ sinh." in page
    assert "Chuẩn nghèo đa chiều giai đoạn 2022–2025" in page


def test_an_override_without_a_reason_is_refused_and_nothing_is_stored(client, cast, household):
    login(client, cast.officer)
    response = client.post(url(household), {"income_per_capita": 1_200_000, "set_telecom": "yes", "why_telecom": ""})
    assert response.status_code == 200
    assert "Điều chỉnh chỉ số phải ghi rõ lý do." in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_officer_classifies_with_a_reasoned_override_and_the_household_page_shows_it(client, cast, household):
    login(client, cast.collaborator)
    response = client.post(
        url(household),
        {"income_per_capita": 1_200_000, "set_telecom": "yes", "why_telecom": "Điện thoại hỏng từ tháng 8, chưa sửa."},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.deprived) == ("poor", ["water", "sanitation", "telecom"])
    assert assessment.created_by == cast.collaborator
    page = client.get(f"/ho/{household.pk}/").content.decode()
    assert "Kết quả phân loại gần nhất" in page and "Hộ nghèo" in page
    assert "Điện thoại hỏng từ tháng 8" in page


@pytest.mark.parametrize("who", ["other_officer", "far_officer", "viewer", "province_officer", "chairman"])
def test_outside_the_area_or_without_an_editing_role_the_page_is_not_found(client, cast, household, who):
    login(client, getattr(cast, who))
    assert client.get(url(household)).status_code == 404
    assert client.post(url(household), {"income_per_capita": 1}).status_code == 404
    assert not Assessment.objects.exists()


def test_the_recorded_income_is_offered_as_a_plain_number_the_browser_accepts(client, cast, household):
    # A localised "1.200.000" in <input type="number"> is dropped by browsers and the field shows empty.
    login(client, cast.officer)
    page = client.get(url(household)).content.decode()
    assert 'value="1200000"' in page


def test_an_officer_can_classify_with_the_b1_score_and_is_warned_the_table_is_unverified(client, cast, household):
    login(client, cast.officer)
    page = client.get(url(household)).content.decode()
    assert "CHƯA được đối chiếu với Thông tư 07/2021/TT-BLĐTBXH" in page
    incomplete = client.post(url(household), {"method": "proxy", "b1_household_size": "6+"})
    assert "Chọn một mục cho phần B1 này." in incomplete.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(url(household), {"method": "proxy"} | {f"b1_{k}": v for k, v in LOW_B1.items()})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.method, assessment.proxy_score, assessment.status) == ("proxy", 80, "near_poor")


def test_the_income_method_still_needs_an_income(client, cast, household):
    login(client, cast.officer)
    response = client.post(url(household), {"method": "income", "income_per_capita": ""})
    assert "Nhập thu nhập bình quân đầu người." in response.content.decode()
