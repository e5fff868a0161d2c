"""A whole periodic review of one village in a real Chromium, then a regular monthly review of two requests.

Officer lists the households, a collaborator fills Phiếu B on the village's behalf while the score updates as she
types, the village meeting sends one household back (4 of 10 agree) and agrees it at the second meeting, results
are posted, one complaint is re-checked, the chairman signs the decision, and certificates print. Then a Mẫu 01
(refused in writing) and a Mẫu 04 (escaped near-poverty) go through the November review. The register shows
the new statuses at the end, and each status change points to its decision.
"""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import Application, Change, LedgerEntry, Outcome
from giamngheo.reviews.views import base as views
from giamngheo.testing.cast import cast_create
from giamngheo.testing.factories import HIGH_B1, LOW_B1, PASSWORD, make_household, member
from giamngheo.testing.scenes import periodic_review_2026

pytestmark = pytest.mark.e2e

DAY = {"value": datetime.date(2026, 10, 1)}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-phieu-b.png"


@pytest.fixture
def village(transactional_db, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: DAY["value"])
    cast = cast_create()
    households = {
        "poor": make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Dũng")]),
        "near_poor": make_household(
            village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Hà Thị Mai", sex="2")]
        ),
        "resident": make_household(village=cast.village, members=[member(full_name="Vi Văn Khánh")]),
    }
    return cast, households, periodic_review_2026(cast)


def login(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/ra-soat/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def open_work(page: Page, campaign_label: str) -> None:
    page.get_by_role("row", name=campaign_label).get_by_role("link", name="Công việc của xã").click()


def fill_phieu_b(page: Page, code: str, b1: dict[str, str], deprived: tuple[str, ...] = ()) -> None:
    page.locator(f"tr[data-household='{code}']").get_by_role("link", name="Phiếu B").click()
    for group, option in b1.items():
        page.locator(f"select[name=b1_{group}]").select_option(option)
    for indicator in deprived:
        page.locator(f"select[name=set_{indicator}]").select_option("yes")
        page.locator(f"input[name=why_{indicator}]").fill("Kiểm tra thực tế tại hộ")
    page.get_by_label("Thiếu vốn sản xuất, kinh doanh").check()


def meeting(page: Page, held_on: str, attendees: int, votes: dict[str, int]) -> None:
    page.get_by_role("link", name="Họp dân Thôn Một").click()
    page.get_by_label("Ngày họp").fill(held_on)
    page.get_by_label("Số người tham dự").fill(str(attendees))
    page.get_by_label("Chủ trì (trưởng thôn)").fill("Lò Văn Trưởng")
    page.get_by_role("textbox", name="Thư ký", exact=True).fill("Hà Thị Ký")
    page.get_by_label("Đại diện Mặt trận Tổ quốc giám sát").fill("Vi Thị Mặt Trận")
    for code, agreeing in votes.items():
        page.get_by_label(f"Số người đồng ý với kết quả của hộ {code}").fill(str(agreeing))
    page.get_by_role("button", name="Ghi biên bản").click()


def post_results(page: Page, starts_on: str) -> None:
    page.get_by_role("link", name="Niêm yết công khai").click()
    page.get_by_label("Nơi niêm yết").select_option(label="Thôn Một")
    page.get_by_label("Ngày bắt đầu niêm yết").fill(starts_on)
    page.get_by_role("button", name="Niêm yết").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text("Đã niêm yết")


def download(page: Page, link_name: str) -> bytes:
    """The body of the document behind a link, fetched with the page's session."""
    href = page.get_by_role("link", name=link_name).first.get_attribute("href") or ""
    response = page.request.get(page.url.split("/ra-soat/")[0] + href)
    assert response.ok, f"{link_name}: {response.status}"
    return response.body()


def sign(page: Page, number: str, signed_on: str) -> None:
    page.get_by_label("Số quyết định").fill(number)
    page.get_by_label("Ngày ký").fill(signed_on)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký quyết định").click()


def test_a_village_goes_through_the_periodic_review_and_a_monthly_review(
    page: Page, live_server, village, tmp_path
) -> None:
    cast, households, campaign = village
    url = live_server.url
    poor, near_poor, resident = (households[k] for k in ("poor", "near_poor", "resident"))
    label = str(campaign)

    # 1. The commune officer lists the households to review.
    login(page, url, cast.officer.username)
    open_work(page, label)
    page.get_by_role("button", name="Lập danh sách hộ cần rà soát").click()
    expect(page.get_by_role("status")).to_contain_text("Đã thêm 2 hộ")
    expect(page.locator("#items tbody tr")).to_have_count(2)

    # 2. The collaborator fills Phiếu B; the score follows her answers before anything is saved.
    login(page, url, cast.collaborator.username)
    open_work(page, label)
    fill_phieu_b(page, poor.code, LOW_B1)
    expect(page.locator("#score-status")).to_have_text("Hộ cận nghèo")
    expect(page.locator("#score-points")).to_contain_text("Điểm B1: 80 / ngưỡng 140")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã nộp phiếu của hộ {poor.code}")
    fill_phieu_b(page, near_poor.code, LOW_B1, deprived=("employment", "housing_quality", "water"))
    expect(page.locator("#score-status")).to_have_text("Hộ nghèo")
    # UPDATE_SCREENSHOTS=1 writes the README's picture of Phiếu B; otherwise it goes to a temporary folder.
    shot = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.get_by_role("button", name="Nộp phiếu").click()

    # 3. The meeting: 4 of 10 agree on Mai's household, below half, so it is surveyed again and met again.
    login(page, url, cast.officer.username)
    open_work(page, label)
    meeting(page, "02/10/2026", 10, {poor.code: 8, near_poor.code: 4})
    expect(page.get_by_role("status")).to_contain_text("1 hộ chưa đạt 50% đồng ý")
    expect(page.locator(f"tr[data-household='{near_poor.code}']")).to_contain_text("rà soát lại")
    page.locator(f"tr[data-household='{near_poor.code}']").get_by_role("link", name="Phiếu B").click()
    page.get_by_role("button", name="Nộp phiếu").click()
    meeting(page, "03/10/2026", 12, {near_poor.code: 7})
    expect(page.get_by_role("status")).to_contain_text("mọi hộ đều được thống nhất")
    assert download(page, "Biên bản (PDF)").startswith(b"%PDF")

    # 4. Posting (three working days after Monday 05/10) and one complaint, re-checked.
    post_results(page, "05/10/2026")
    DAY["value"] = datetime.date(2026, 10, 6)  # complaints come while the results are posted, not before
    page.locator(f"tr[data-household='{poor.code}']").get_by_role("link", name="Khiếu nại").click()
    page.get_by_label("Người khiếu nại").fill("Vi Văn Hàng Xóm")
    page.get_by_label("Nội dung").fill("Đề nghị xem lại thu nhập của hộ")
    page.get_by_role("button", name="Ghi lại").click()
    page.get_by_role("link", name="Phúc tra").click()
    page.get_by_label("Kết quả phúc tra").fill("Kiểm tra lại tại hộ: giữ nguyên kết quả")
    page.get_by_label("Kết quả sau phúc tra").select_option(label="Hộ cận nghèo")
    page.get_by_role("button", name="Ghi lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi kết quả phúc tra")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lập dự thảo quyết định").click()
    expect(page.locator("[data-list=poor]")).to_contain_text(near_poor.code)
    expect(page.locator("[data-list=escaped_poor]")).to_contain_text(poor.code)
    decision_url = page.url

    # 5. The chairman signs; only now do the statuses change.
    assert Household.objects.get(pk=poor.pk).status == Status.POOR
    login(page, url, cast.chairman.username)
    page.goto(decision_url)
    sign(page, "15/QĐ-UBND", "09/10/2026")
    expect(page.get_by_role("status")).to_contain_text("Đã ký quyết định")
    assert download(page, "In 2 giấy chứng nhận").startswith(b"%PDF")
    page.goto(f"{url}/ho/{near_poor.pk}/")
    expect(page.locator("body")).to_contain_text("Hộ nghèo")
    assert Household.objects.get(pk=poor.pk).status == Status.NEAR_POOR
    assert LedgerEntry.objects.get(household=near_poor).change == Change.NEAR_POOR_TO_POOR

    # 6. The monthly review: a Mẫu 01 and a Mẫu 04 received on 16/10 join the review from 15/11.
    DAY["value"] = datetime.date(2026, 10, 16)
    login(page, url, cast.officer.username)
    page.goto(url + "/ra-soat/don-de-nghi/")
    for code, form, name in ((resident.code, "mau_01", "Vi Văn Khánh"), (poor.code, "mau_04", "Lò Văn Dũng")):
        page.get_by_label("Mã hộ").fill(code)
        page.get_by_label("Loại giấy đề nghị").select_option(form)
        page.get_by_label("Người đề nghị").fill(name)
        page.get_by_label("Lý do đề nghị").fill("Gia đình đề nghị xem xét")
        page.get_by_label("Ngày nhận").fill("16/10/2026")
        page.get_by_role("button", name="Nhận giấy đề nghị").click()
        expect(page.get_by_role("status")).to_contain_text(f"Đã nhận giấy đề nghị của hộ {code}")
    expect(page.locator("#applications")).to_contain_text("15/11/2026")

    DAY["value"] = datetime.date(2026, 11, 16)
    page.goto(url + "/ra-soat/")
    open_work(page, "Rà soát thường xuyên tháng 11/2026")
    fill_phieu_b(page, resident.code, HIGH_B1)
    page.get_by_role("button", name="Nộp phiếu").click()
    fill_phieu_b(page, poor.code, HIGH_B1)
    expect(page.locator("#score-status")).to_have_text("Không nghèo")
    page.get_by_role("button", name="Nộp phiếu").click()
    meeting(page, "16/11/2026", 9, {resident.code: 9, poor.code: 9})
    post_results(page, "17/11/2026")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lập dự thảo quyết định").click()
    expect(page.locator("[data-list=escaped_near_poor]")).to_contain_text(poor.code)
    decision_url = page.url

    DAY["value"] = datetime.date(2026, 11, 23)  # the posting ran to Friday 20/11
    login(page, url, cast.chairman.username)
    page.goto(decision_url)
    sign(page, "21/QĐ-UBND", "23/11/2026")
    expect(page.get_by_role("status")).to_contain_text("Đã ký quyết định")
    page.goto(url + "/ra-soat/")
    open_work(page, "Rà soát thường xuyên tháng 11/2026")
    page.locator(f"tr[data-household='{resident.code}']").get_by_role("link", name="Trả lời không đủ điều kiện").click()
    page.get_by_label("Số văn bản").fill("22/UBND")
    page.get_by_role("button", name="Ghi lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ký văn bản trả lời 22/UBND")
    assert download(page, "Văn bản trả lời").startswith(b"%PDF")

    assert Household.objects.get(pk=poor.pk).status == Status.NOT_POOR
    assert Household.objects.get(pk=resident.pk).status == Status.UNKNOWN
    assert set(Application.objects.values_list("outcome", flat=True)) == {Outcome.RECOGNISED, Outcome.REFUSED}
    entry = LedgerEntry.objects.get(household=poor)
    assert entry.change == Change.ESCAPED_POOR and entry.decision.number == "21/QĐ-UBND"
