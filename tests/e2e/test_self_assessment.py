"""A family checks its likely status on a phone, without logging in."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from giamngheo.standards import views
from giamngheo.standards.forms import questions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_family_sees_its_likely_status_and_why(page: Page, live_server, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: datetime.date(2026, 11, 22))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tu-danh-gia/")
    expect(page.get_by_role("heading", name="Tự đánh giá tình trạng nghèo của gia đình")).to_be_visible()

    page.get_by_label("Nông thôn (xã)").check()
    page.get_by_label("Số người trong gia đình", exact=True).fill("4")
    page.get_by_label("Tổng thu nhập của cả gia đình trung bình một tháng (đồng)").fill("5600000")
    deprived = {"water", "sanitation", "child_schooling"}
    for code, question in questions("2022-2025").items():
        group = page.get_by_role("group", name=question.text)
        answer = question.deprived_if if code in deprived else {"yes": "no", "no": "yes"}[question.deprived_if]
        group.get_by_label("Có" if answer == "yes" else "Không", exact=True).check()
    page.get_by_role("button", name="Xem kết quả tham khảo").click()

    expect(page.get_by_test_id("self-assessment-status")).to_have_text("Hộ nghèo")
    expect(page.get_by_text("Thu nhập bình quân 1.400.000 đồng/người/tháng")).to_be_visible()
    expect(page.get_by_text("chỉ có rà soát của xã")).to_be_visible()
