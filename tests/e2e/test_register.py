"""The commune officer's everyday path through the register, in a real Chromium.

Log in, find a household by a name typed without diacritics, correct a member, see the correction and its audit
entry, and meet a 404 for a household of another commune.

`UPDATE_SCREENSHOTS=1` also writes the household list to docs/screenshot-household-list.png for the README;
without it the screenshot goes to a temporary folder, so a test run never changes tracked files.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.registry.models import Household, Person, Relation, Sex, Status
from giamngheo.testing.cast import Cast, cast_create
from giamngheo.testing.factories import PASSWORD, make_household, member

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-household-list.png"

pytestmark = pytest.mark.e2e

NEIGHBOURS = [
    ("Lò Văn Dũng", Sex.MALE, "03", Status.POOR, 5),
    ("Hà Thị Mai", Sex.FEMALE, "04", Status.NEAR_POOR, 3),
    ("Vi Văn Khánh", Sex.MALE, "03", Status.NOT_POOR, 4),
    ("Lương Thị Lan", Sex.FEMALE, "02", Status.UNKNOWN, 2),
    ("Đinh Quang Sơn", Sex.MALE, "01", Status.POOR, 6),
    ("Triệu Thị Huệ", Sex.FEMALE, "06", Status.NEAR_POOR, 1),
]


@pytest.fixture
def register(transactional_db: None) -> tuple[Cast, Household, Household]:
    cast = cast_create()
    cast.officer.full_name = "Lò Thị Hoa"
    cast.officer.save(update_fields=["full_name"])
    an = make_household(
        village=cast.village,
        status=Status.POOR,
        members=[
            member(),
            member(
                full_name="Trần Thị Bình",
                sex=Sex.FEMALE,
                relation=Relation.SPOUSE,
                date_of_birth=datetime.date(1983, 2, 3),
            ),
        ],
    )
    for index, (name, sex, ethnicity, status, size) in enumerate(NEIGHBOURS):
        village = cast.village if index % 2 else cast.other_village
        people = [member(full_name=name, sex=sex, ethnicity=ethnicity)]
        people += [
            member(
                full_name=f"{name.split()[0]} Văn Con {n}",
                relation=Relation.CHILD,
                ethnicity=ethnicity,
                date_of_birth=datetime.date(2005 + n, 1, 1),
                citizen_id="",
            )
            for n in range(size - 1)
        ]
        make_household(village=village, members=people, status=status)
    elsewhere = make_household(village=cast.other_commune_village, members=[member(full_name="Phạm Văn Bắc")])
    return cast, an, elsewhere


def test_the_register_lets_an_officer_find_correct_and_audit_a_household_and_hides_other_communes(
    page: Page, live_server, register, tmp_path
) -> None:
    cast, an, elsewhere = register
    wife = an.persons.get(full_name="Trần Thị Bình")

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(cast.officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Sổ hộ gia đình")).to_be_visible()
    expect(page.locator("#gn-result-count")).to_contain_text("7 hộ")
    shot = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    page.get_by_label("Tìm theo tên không dấu, mã hộ hoặc số CCCD").fill("nguyen van an")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator("#gn-result-count")).to_contain_text("1 hộ")
    page.get_by_role("link", name="Nguyễn Văn An").click()

    expect(page.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/ho/{an.pk}/$"))
    page.get_by_role("link", name="Sửa thông tin của Trần Thị Bình").click()
    page.get_by_label("Nghề nghiệp").fill("Trồng chè")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("status")).to_contain_text("Đã lưu thông tin của Trần Thị Bình.")
    expect(page.locator(f"#person-{wife.pk}")).to_contain_text("Trồng chè")
    audit = page.locator("section", has=page.get_by_role("heading", name="Nhật ký thay đổi"))
    expect(audit).to_contain_text("Nghề nghiệp:")
    expect(audit.locator("ins").first).to_have_text("Trồng chè")

    page.get_by_role("link", name="Nhật ký thay đổi").click()
    expect(page.locator("tbody tr").first).to_contain_text("Trồng chè")

    response = page.goto(f"{live_server.url}/ho/{elsewhere.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang hoặc hồ sơ")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Phạm Văn Bắc")

    assert Person.objects.get(pk=wife.pk).occupation == "Trồng chè"
    entry = AuditEntry.objects.get(target_type="registry.person", target_id=str(wife.pk), action=AuditAction.UPDATE)
    assert entry.actor == cast.officer
    assert entry.changes == {"occupation": ["", "Trồng chè"]}
