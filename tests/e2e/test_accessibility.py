"""Every page of the village collaborator's and the commune officer's daily work passes axe-core with no serious or
critical violation, on a laptop (1280×800) and on a phone (390×844).

axe-core comes from npm (package.json, devDependencies) and is added to every page of the browser context before
the page's own scripts. One logged-in context per role and screen visits all of that role's pages of
`working_day` (giamngheo/testing/scenes.py); a failure lists each page's violations with the rule, the element and
axe's help, so it says what to fix.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from giamngheo.reviews.models import DocumentKind, IssuedDocument
from giamngheo.testing.browser import DESKTOP, PHONE, axe_violations
from giamngheo.testing.scenes import WorkingDay

pytestmark = pytest.mark.e2e


def collaborator_pages(day: WorkingDay) -> dict[str, str]:
    """The collaborator's day: her village's households, their forms, the work list, the three survey forms and the
    requests of her village."""
    household = day.listed.household
    head = household.head
    assert head is not None
    return {
        "household list": "/ho/",
        "household search": "/ho/?q=lo+van",
        "household page": f"/ho/{household.pk}/",
        "household page (review history, support)": f"/ho/{day.escaped.pk}/",
        "household form (new)": "/ho/them/",
        "household form (edit)": f"/ho/{household.pk}/sua/",
        "person form (new)": f"/ho/{household.pk}/them-thanh-vien/",
        "person form (edit)": f"/ho/nhan-khau/{head.pk}/sua/",
        "reviews": "/ra-soat/",
        "review list": f"/ra-soat/{day.campaign.pk}/xa/{day.cast.commune.pk}/",
        "Phiếu A": f"/ra-soat/ho/{day.screening.pk}/phieu/A/",
        "Phiếu B": f"/ra-soat/ho/{day.listed.pk}/phieu/B/",
        "Phiếu B (submitted)": f"/ra-soat/ho/{day.surveyed.pk}/phieu/B/",
        "Phiếu C": f"/ra-soat/ho/{day.average.pk}/phieu/C/",
        "requests (Mẫu 01/04)": "/ra-soat/don-de-nghi/",
        "password": "/tai-khoan/doi-mat-khau/",
    }


def officer_pages(day: WorkingDay) -> dict[str, str]:
    """The commune officer's day: the collaborator's pages (with the form receiving requests), the village's steps,
    the decision, the import, the villages and the commune's reports."""
    campaign, commune = day.campaign.pk, day.cast.commune
    return {
        **collaborator_pages(day),
        "household classification": f"/chuan-ngheo/ho/{day.listed.household_id}/phan-loai/",
        "support form": f"/ho-tro/ho/{day.listed.household_id}/",
        "import": "/ho/nhap-tu-tep/",
        "household moved in from": f"/ho/{day.listed.household_id}/chuyen-den-tu/",
        "villages": f"/don-vi/xa/{commune.pk}/thon/",
        "village meeting": f"/ra-soat/{campaign}/thon/{day.cast.village.pk}/hop-dan/",
        "posting": f"/ra-soat/{campaign}/xa/{commune.pk}/niem-yet/",
        "complaint": f"/ra-soat/ho/{day.posted.pk}/khieu-nai/",
        "complaint re-check": f"/ra-soat/khieu-nai/{day.complaint.pk}/phuc-tra/",
        "decision": f"/ra-soat/quyet-dinh/{day.decision.pk}/",
        "commune dashboard": f"/bao-cao/tong-quan/{commune.code}/",
        "reports": "/bao-cao/",
        "targets": f"/bao-cao/chi-tieu/?don_vi={commune.code}",
        "verification counts": "/xac-minh/thong-ke/",
    }


def public_pages(day: WorkingDay) -> dict[str, str]:
    """What anyone opens without logging in: the login, and the check of 2025's certificate by its printed code."""
    issued = IssuedDocument.objects.get(decision=day.decision, kind=DocumentKind.CERTIFICATE)
    return {"login": "/tai-khoan/dang-nhap/", "certificate verification": f"/xac-minh/{issued.code}/"}


def violations_on(page: Page, url: str, pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, path in pages.items():
        response = page.goto(url + path)
        assert response is not None and response.status == 200, f"{name} ({path}): {response and response.status}"
        found[name] = axe_violations(page)
    return found


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("role", ["collaborator", "officer"])
def test_the_daily_work_has_no_serious_accessibility_violation(
    screen_page: Callable[..., Page], live_server, day: WorkingDay, role: str, screen: dict[str, int]
) -> None:
    page = screen_page(screen)
    found = violations_on(page, live_server.url, public_pages(day))
    page = screen_page(screen, getattr(day.cast, role))
    pages = collaborator_pages(day) if role == "collaborator" else officer_pages(day)
    found |= violations_on(page, live_server.url, pages)
    # A form sent empty: the error summary, its links and the fields marked invalid.
    page.goto(f"{live_server.url}/ho/them/")
    page.locator("form.gn-form").get_by_role("button", name="Thêm hộ").click()
    expect(page.locator(".gn-error-summary")).to_be_visible()
    found["household form with errors"] = axe_violations(page)
    if screen == PHONE:  # the menu, folded behind its button on a phone, opened
        page.get_by_role("button", name="Mở menu").click()
        expect(page.locator("#gn-nav")).to_be_visible()
        found["menu (opened)"] = axe_violations(page)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in found.items() if lines)
    assert not report, f"axe-core found serious or critical violations ({role}, {screen['width']} px):\n{report}"
