"""A province officer reads the province's dashboard in a real Chromium: the charts are drawn (Chart.js, served from
node_modules) without a console error, and she drills down to a commune, one of its villages, and the village's
poor households in the register.

`UPDATE_SCREENSHOTS=1` also writes the province page to docs/screenshot-dashboard.png for the docs; without it the
screenshot goes to a temporary folder, so a test run never changes tracked files.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from giamngheo.registry.models import Sex, Status
from giamngheo.testing.cast import Cast, cast_create
from giamngheo.testing.factories import PASSWORD, make_household, member

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-dashboard.png"
CHARTS = ("chart-series", "chart-ranking", "chart-deprivations", "chart-groups")

pytestmark = pytest.mark.e2e


@pytest.fixture
def province(transactional_db: None) -> Cast:
    """Xã Thử A: 2 poor (one headed by an ethnic-minority woman) and 1 near-poor of 5 households; Phường Thử B:
    1 poor of 4."""
    cast = cast_create()
    people = [
        (cast.village, Status.POOR, member(full_name="Lò Thị Dung", sex=Sex.FEMALE, ethnicity="03")),
        (cast.village, Status.POOR, member(full_name="Vi Văn Hải")),
        (cast.other_village, Status.NEAR_POOR, member(full_name="Hà Văn Minh")),
        (cast.village, Status.NOT_POOR, member(full_name="Nguyễn Văn Khá")),
        (cast.other_village, Status.NOT_POOR, member(full_name="Trần Thị Bình", sex=Sex.FEMALE)),
        (cast.other_commune_village, Status.POOR, member(full_name="Đinh Văn Phường")),
    ] + [(cast.other_commune_village, Status.NOT_POOR, member(full_name=f"Phạm Văn {n}")) for n in "BCD"]
    for village, status, head in people:
        make_household(village=village, status=status, members=[head])
    return cast


def charts_drawn(page: Page) -> list[str]:
    return page.evaluate(
        """(ids) => ids.filter((id) => {
            const canvas = document.getElementById(id);
            return canvas && window.Chart.getChart(canvas) && canvas.width > 0 && canvas.height > 0;
        })""",
        list(CHARTS),
    )


def test_a_province_officer_reads_the_dashboard_and_drills_down_to_the_households(
    page: Page, live_server, province: Cast, tmp_path
) -> None:
    cast = province
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if _is_error(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/")
    page.get_by_label("Tên đăng nhập").fill(cast.province_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Tổng quan").click()

    expect(page.get_by_role("heading", name="Tổng quan giảm nghèo – Tỉnh Thử Nghiệm")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/bao-cao/tong-quan/{cast.province.code}/$"))
    expect(page.locator("[data-kpi=poor_rate]")).to_have_text("33,33 %")  # 3 poor of 9 households
    page.wait_for_function("() => window.Chart !== undefined")
    assert charts_drawn(page) == list(CHARTS)
    ranking = page.locator("#table-ranking tbody tr")
    expect(ranking.first).to_contain_text("Xã Thử A")  # 40 % poor, before Phường Thử B's 25 %
    expect(page.locator("#table-groups tr[data-group=ethnic_minority]")).to_contain_text("1")
    shot = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot), full_page=True)

    ranking.first.get_by_role("link", name="Xã Thử A").click()
    expect(page.get_by_role("heading", name="Tổng quan giảm nghèo – Xã Thử A")).to_be_visible()
    expect(page.locator("[data-kpi=poor_rate]")).to_have_text("40,00 %")
    page.wait_for_function("() => window.Chart !== undefined")
    assert charts_drawn(page) == ["chart-series", "chart-deprivations", "chart-groups"]  # no ranking on a commune
    village = page.locator(f"#table-villages tr[data-village='{cast.village.pk}']")
    expect(village).to_contain_text("Thôn Một")

    village.get_by_role("link", name="Hộ nghèo của Thôn Một").click()
    expect(page.get_by_role("heading", name="Sổ hộ gia đình")).to_be_visible()
    expect(page.locator("#gn-result-count")).to_contain_text("2 hộ")
    expect(page.locator("main")).to_contain_text("Lò Thị Dung")
    expect(page.locator("main")).not_to_contain_text("Hà Văn Minh")  # near-poor, in Thôn Hai

    page.go_back()
    village = page.locator(f"#table-villages tr[data-village='{cast.village.pk}']")
    village.get_by_role("link", name="Thôn Một", exact=True).click()
    expect(page.locator("#gn-result-count")).to_contain_text("3 hộ")
    assert errors == []


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"
