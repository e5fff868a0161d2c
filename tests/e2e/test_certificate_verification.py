"""Issue 12, "Done when": the chairman signs a decision in Chromium; the code printed on the stored certificate PDF
(read from the PDF, nothing scanned) opens the public verification page for an anonymous visitor, who sees "valid";
a later decision changes the household's status and the same page says "superseded"; printing the first certificate
again gives the issued file byte for byte."""

import datetime
import hashlib
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from giamngheo.registry.models import Status
from giamngheo.reviews.models import Decision, DocumentKind, IssuedDocument
from giamngheo.testing.browser import log_in
from giamngheo.testing.cast import cast_create
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member
from giamngheo.testing.pdf import pdf_pages
from giamngheo.testing.scenes import THREE, decide_2026, draft

pytestmark = pytest.mark.e2e

PRINTED_CODE = re.compile(r"Mã xác minh: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})")


def test_a_certificate_is_verified_by_its_printed_code_until_a_later_decision_supersedes_it(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    cast = cast_create()
    household = make_household(village=cast.village, members=[member(full_name="Vũ Văn Mới")])
    decision = draft(cast, [(household, "mau_01", {"b1": LOW_B1, "overrides": THREE})])

    # The chairman signs the decision: the household becomes poor and its certificate is issued.
    log_in(page, live_server.url, cast.chairman.username)
    page.goto(f"{live_server.url}/ra-soat/quyet-dinh/{decision.pk}/")
    page.get_by_label("Số quyết định").fill("40/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("01/12/2025")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký quyết định").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ký quyết định")
    household.refresh_from_db()
    assert household.status == Status.POOR

    # The code is read off the stored certificate PDF, as a person reads it off the paper.
    issued = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)
    with issued.file.open("rb") as stored:
        issued_bytes = stored.read()
    match = PRINTED_CODE.search(pdf_pages(issued_bytes)[0])
    assert match is not None
    code = match.group(1)

    # An anonymous visitor (no session) opens the page the code leads to.
    visitor = browser.new_context(locale="vi-VN")
    anonymous = visitor.new_page()
    anonymous.goto(f"{live_server.url}/xac-minh/{code}/")
    expect(anonymous.locator("#verification-state")).to_have_text("Còn hiệu lực")
    expect(anonymous.locator("#verification-status")).to_have_text("Hộ nghèo năm 2025")
    expect(anonymous.locator("#verification-result")).not_to_contain_text("Vũ Văn Mới")

    # The 2026 review finds the household escaped: the same page now says the certificate was superseded.
    later = decide_2026(cast, household, {"b1": HIGH_B1}, signed_on=datetime.date(2026, 11, 2), number="7/QĐ-UBND")
    anonymous.reload()
    expect(anonymous.locator("#verification-state")).to_have_text("Đã được thay thế")
    expect(anonymous.locator("#verification-result")).to_contain_text(str(later))
    visitor.close()

    # Printed again (after the register changed), the first certificate is the issued file, byte for byte.
    reprint = page.request.get(f"{live_server.url}/ra-soat/giay-chung-nhan/{issued.certificate_id}.pdf")
    assert reprint.ok
    assert reprint.body() == issued_bytes
    assert hashlib.sha256(reprint.body()).hexdigest() == issued.sha256
    assert Decision.objects.filter(pk=decision.pk, number="40/QĐ-UBND").exists()
