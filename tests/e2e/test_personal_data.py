"""A viewer meets masked CCCDs and shows one, in a real Chromium; the province's auditor then finds the view and the
shown number on the trace of reads of personal data (docs/security.md)."""

import re

import pytest
from playwright.sync_api import Page, expect

from giamngheo.accounts.models import PersonalDataRead, ReadKind
from giamngheo.registry.models import Household, Relation, Sex
from giamngheo.testing.cast import Cast, cast_create
from giamngheo.testing.factories import PASSWORD, make_household, member

pytestmark = pytest.mark.e2e


@pytest.fixture
def household(transactional_db: None) -> tuple[Cast, Household]:
    cast = cast_create()
    an = make_household(
        village=cast.village,
        members=[member(), member(full_name="Trần Thị Bình", sex=Sex.FEMALE, relation=Relation.SPOUSE)],
    )
    return cast, an


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_viewer_shows_one_masked_cccd_and_the_auditor_sees_it_on_the_trace(
    page: Page, live_server, household, tmp_path
) -> None:
    cast, an = household
    wife = an.persons.get(relation=Relation.SPOUSE)
    head_masked = f"{an.head.citizen_id[:4]}•••••{an.head.citizen_id[-3:]}"

    _log_in(page, live_server.url, cast.viewer.username)
    page.goto(f"{live_server.url}/ho/{an.pk}/")
    row = page.locator(f"#person-{wife.pk}")
    expect(row).not_to_contain_text(wife.citizen_id)
    expect(page.locator(f"#person-{an.head_id}")).to_contain_text(head_masked)

    show = row.get_by_role("button", name="Hiện số CCCD của Trần Thị Bình")
    # Vietnamese words in the body face: the monospace face of the number stacks their marks apart ("sô ́").
    assert "monospace" not in show.evaluate("(button) => getComputedStyle(button).fontFamily")
    show.click()
    expect(page.locator(f"#person-{wife.pk}")).to_contain_text(wife.citizen_id)
    expect(page.locator(f"#person-{an.head_id}")).to_contain_text(head_masked)
    page.screenshot(path=str(tmp_path / "household.png"), full_page=True)
    assert PersonalDataRead.objects.filter(user=cast.viewer, kind=ReadKind.SHOW, key=str(wife.pk)).exists()

    page.get_by_role("button", name=re.compile(cast.viewer.username)).click()
    page.get_by_role("button", name="Đăng xuất").click()
    _log_in(page, live_server.url, cast.auditor.username)
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    page.get_by_role("link", name="Truy cập dữ liệu cá nhân").click()
    page.get_by_label("Người dùng").fill(cast.viewer.username)
    page.get_by_role("button", name="Lọc").click()

    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("Hiện số CCCD")
    expect(page.locator("tbody")).to_contain_text(f"Trần Thị Bình, hộ {an.code}")
    expect(page.locator("tbody")).to_contain_text("Xem trang hộ")
    page.screenshot(path=str(tmp_path / "trace.png"), full_page=True)
