"""The public self-assessment page: likely result with reasons, no login, nothing stored or logged, rate-limited."""

import datetime
import logging

import pytest
from django.urls import reverse

from giamngheo.accounts.models import AuditEntry
from giamngheo.standards import views
from giamngheo.standards.forms import questions as self_assessment_questions
from giamngheo.standards.models import Assessment

pytestmark = pytest.mark.django_db
URL = "/tu-danh-gia/"
QUESTIONS_2022 = [
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "water",
    "sanitation",
    "telecom",
    "information_assets",
]


@pytest.fixture(autouse=True)
def late_2026(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: datetime.date(2026, 11, 22))


def answers(*, yes=(), area="rural", members=4, income=5_600_000, questions=QUESTIONS_2022, standard="2022-2025"):
    """The form's data for a family deprived in the indicators `yes`, answering each question as it is asked."""
    asked = self_assessment_questions(standard)
    data = {"area": area, "members": members, "monthly_income": income}
    for code in questions:
        deprived_if = asked[code].deprived_if
        data[f"q_{code}"] = deprived_if if code in yes else {"yes": "no", "no": "yes"}[deprived_if]
    return data


@pytest.mark.parametrize("standard", ["2022-2025", "2027-2030"])
def test_the_self_assessment_asks_every_question_the_positive_way(standard):
    for code, question in self_assessment_questions(standard).items():
        assert question.deprived_if in {"yes", "no"}, code
        # No "không" in the question itself (a trailing "không?" would make it a yes/no question, which it already is).
        assert " không " not in f" {question.text.rstrip('?')} ", code
        assert not question.text.startswith("Không"), code


def test_a_family_answering_yes_to_having_clean_water_is_not_deprived_in_water(client):
    data = answers(yes=["sanitation", "telecom"])
    data["q_water"] = "yes"  # "Gia đình có nước sinh hoạt hợp vệ sinh?" — Có
    page = client.post(URL, data)
    assert "water" not in page.context["result"].deprived
    data["q_water"] = "no"
    assert "water" in client.post(URL, data).context["result"].deprived


def test_the_url_is_stable_and_public(client):
    assert reverse("standards:self_assessment") == URL
    response = client.get(URL)
    assert response.status_code == 200
    assert "Chuẩn nghèo đa chiều giai đoạn 2022–2025" in response.content.decode()
    assert "Từ 01/01/2027 áp dụng Chuẩn nghèo đa chiều giai đoạn 2027–2030" in response.content.decode()


def test_the_page_shows_the_likely_result_with_reasons(client):
    response = client.post(URL, answers(yes=["water", "sanitation", "telecom"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"].status == "poor"
    assert "Thu nhập bình quân 1.400.000 đồng/người/tháng, không vượt chuẩn nghèo nông thôn 1.500.000 đồng." in page
    assert "chỉ có rà soát của xã" in page


def test_above_the_line_it_says_not_poor(client):
    response = client.post(URL, answers(yes=["water"], income=8_400_001, members=4, area="urban"))
    assert response.context["result"].status == "not_poor"


def test_the_2027_standard_applies_from_its_first_day(client, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: datetime.date(2027, 1, 1))
    questions = [
        q.replace("telecom", "waste").replace("information_assets", "digital_services") for q in QUESTIONS_2022
    ]
    response = client.post(
        URL,
        answers(
            yes=["waste", "digital_services", "water"], income=8_000_000, questions=questions, standard="2027-2030"
        ),
    )
    assert response.context["result"].standard == "2027-2030"
    assert response.context["result"].status == "poor"  # 2,000,000 per person ≤ 2,200,000


def test_missing_or_bad_answers_get_vietnamese_messages(client):
    data = answers(members=0, income=-1)
    del data["q_water"]
    response = client.post(URL, data)
    assert response.context["result"] is None
    errors = response.context["form"].errors
    assert errors["members"] == ["Gia đình có ít nhất 1 người."]
    assert errors["monthly_income"] == ["Thu nhập không được âm."]
    assert errors["q_water"] == ["Trường này là bắt buộc."]


def test_nothing_typed_is_stored_or_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(URL, answers(income=4_567_891, yes=["water"]))
    assert response.context["result"] is not None
    assert not Assessment.objects.exists() and not AuditEntry.objects.exists()
    assert "4567891" not in caplog.text and "4.567.891" not in caplog.text
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_submissions_are_rate_limited_per_address(client, settings):
    settings.SELF_ASSESSMENT_RATE = "2/m"
    from django.core.cache import cache

    cache.clear()
    assert client.post(URL, answers()).status_code == 200
    assert client.post(URL, answers()).status_code == 200
    limited = client.post(URL, answers())
    assert limited.status_code == 429
    assert "Vui lòng thử lại sau ít phút" in limited.content.decode()
    cache.clear()


def test_the_rate_limit_holds_across_the_cache_clients_of_two_workers(client, settings):
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    settings.SELF_ASSESSMENT_RATE = "2/m"
    own = caches["default"]
    first, second = caches.create_connection("default"), caches.create_connection("default")
    # One process's memory would let each worker count on its own (the limit times the number of workers).
    assert not isinstance(first, LocMemCache)
    first.clear()
    try:
        for worker, status in ((first, 200), (second, 200), (first, 429), (second, 429)):
            caches["default"] = worker
            assert client.post(URL, answers()).status_code == status
    finally:
        caches["default"] = own
        first.clear()


def test_a_forged_forwarded_address_does_not_escape_the_rate_limit(client, settings):
    from django.core.cache import cache

    settings.SELF_ASSESSMENT_RATE = "2/m"
    cache.clear()
    statuses = [client.post(URL, answers(), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_an_income_just_above_the_line_per_person_is_not_rounded_onto_it(client):
    response = client.post(URL, answers(yes=["water", "sanitation", "telecom"], members=3, income=4_500_001))
    assert response.context["result"].status == "not_poor"
