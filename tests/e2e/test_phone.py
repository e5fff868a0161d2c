"""A village collaborator works on a 390×844 phone: nothing runs off the right edge, the review list shows each
household as a card with its Phiếu buttons on screen, Phiếu B's B2 drop-downs show their whole text, and every
link, button and box she taps is at least 44×44 CSS px (WCAG 2.2, 2.5.5). A laptop keeps the review list's table.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from giamngheo.reviews.models import ReviewItem
from giamngheo.testing.browser import DESKTOP, PHONE, overflowing, small_targets, truncated_selects
from giamngheo.testing.scenes import WorkingDay

pytestmark = pytest.mark.e2e


def review_list(day: WorkingDay) -> str:
    return f"/ra-soat/{day.campaign.pk}/xa/{day.cast.commune.pk}/"


def across_the_screen(element: Locator) -> bool:
    """The element lies between the phone screen's left and right edges."""
    box = element.bounding_box()
    assert box is not None, "not shown"
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_on_a_phone_the_review_list_is_one_card_per_household_with_its_actions_on_screen(
    screen_page: Callable[..., Page], live_server, day: WorkingDay
) -> None:
    page = screen_page(PHONE, day.cast.collaborator)
    page.goto(live_server.url + review_list(day))

    assert overflowing(page) == []
    cards = page.locator("#items [data-household]")
    expect(cards).to_have_count(ReviewItem.objects.filter(campaign=day.campaign, village=day.cast.village).count())
    for card in cards.all():
        assert across_the_screen(card)
    # The first household's Phiếu B is on the first screen, without scrolling either way.
    phieu_b = cards.first.get_by_role("link", name="Phiếu B")
    assert across_the_screen(phieu_b)
    box = phieu_b.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert small_targets(page) == []

    # The officer's list, with the commune's buttons and more actions per household, fits as well.
    page = screen_page(PHONE, day.cast.officer)
    page.goto(live_server.url + review_list(day))
    posted = page.locator(f"#items [data-household='{day.posted.household.code}']")
    assert across_the_screen(posted.get_by_role("link", name="Khiếu nại"))
    assert overflowing(page) + small_targets(page) == []


def test_on_a_laptop_the_review_list_stays_a_table(screen_page: Callable[..., Page], live_server, day: WorkingDay):
    page = screen_page(DESKTOP, day.cast.collaborator)
    page.goto(live_server.url + review_list(day))
    expect(page.locator("#items thead")).to_be_visible()
    assert page.locator("#items tbody tr").first.evaluate("(row) => getComputedStyle(row).display") == "table-row"
    assert page.get_by_role("columnheader", name="Chủ hộ").is_visible()


def test_on_a_phone_phieu_b_shows_the_whole_b2_choices_and_large_targets(
    screen_page: Callable[..., Page], live_server, day: WorkingDay
) -> None:
    page = screen_page(PHONE, day.cast.collaborator)
    page.goto(f"{live_server.url}/ra-soat/ho/{day.listed.pk}/phieu/B/")

    selects = page.locator("select[name^=set_]")
    expect(selects).to_have_count(12)
    assert truncated_selects(page, "select[name^=set_]") == []
    assert overflowing(page) == []
    assert small_targets(page) == []
    # Ticking a cause of poverty by its label still works with the larger targets.
    page.get_by_label("Thiếu vốn sản xuất, kinh doanh").check()
    expect(page.get_by_label("Thiếu vốn sản xuất, kinh doanh")).to_be_checked()


def test_on_a_laptop_phieu_b_shows_the_whole_b2_choices(screen_page: Callable[..., Page], live_server, day: WorkingDay):
    page = screen_page(DESKTOP, day.cast.collaborator)
    page.goto(f"{live_server.url}/ra-soat/ho/{day.listed.pk}/phieu/B/")
    assert truncated_selects(page, "select[name^=set_]") == []


def test_on_a_phone_the_collaborators_other_pages_fit_and_have_large_targets(
    screen_page: Callable[..., Page], live_server, day: WorkingDay
) -> None:
    household = day.listed.household
    pages = {
        "household list": "/ho/",
        "household search": "/ho/?q=lo+van",
        "household page": f"/ho/{household.pk}/",
        "household page (review history, support)": f"/ho/{day.escaped.pk}/",
        "household form": f"/ho/{household.pk}/sua/",
        "person form": f"/ho/{household.pk}/them-thanh-vien/",
        "reviews": "/ra-soat/",
        "Phiếu A": f"/ra-soat/ho/{day.screening.pk}/phieu/A/",
        "Phiếu C": f"/ra-soat/ho/{day.average.pk}/phieu/C/",
        "requests (Mẫu 01/04)": "/ra-soat/don-de-nghi/",
    }
    page = screen_page(PHONE)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    faults = {"login": overflowing(page) + small_targets(page)}
    page = screen_page(PHONE, day.cast.collaborator)
    for name, path in pages.items():
        page.goto(live_server.url + path)
        faults[name] = overflowing(page) + small_targets(page)
    page.get_by_role("button", name="Mở menu").click()
    expect(page.locator("#gn-nav").get_by_role("link", name="Rà soát")).to_be_visible()
    page.get_by_role("button", name=day.cast.collaborator.full_name).click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    faults["menu"] = overflowing(page) + small_targets(page, "#gn-nav")
    report = "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in faults.items() if lines)
    assert not report, report


def test_on_a_laptop_the_national_administrators_menu_fits_the_screen(
    screen_page: Callable[..., Page], live_server, day: WorkingDay
) -> None:
    """The national administrator has the most menu entries (register, review, dashboard, reports, audit, certificate
    verification, B1 tables, administration): they wrap onto a second line rather than push the page sideways."""
    admin = day.cast.national_admin
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    page = screen_page(DESKTOP, admin)
    for path in ("/ho/", "/bao-cao/"):
        page.goto(live_server.url + path)
        assert overflowing(page) == [], path
