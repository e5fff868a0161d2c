"""The printed documents as a commune officer gets them in a real Chromium (issue 11, B5–B8): she opens her commune's
review, follows the links to the minutes, the posting list, the signed decision and its certificates, and the reports
page's poor list, and each PDF holds what B5–B8 ask. Thirty-one poor households of four to six members: one list page
and a few rows more.

- B5: one certificate (Mẫu 03) a page with its signature; the minutes sign on the page of their last lines.
- B6: the issuing body and the national motto side by side, in two columns.
- B7: the certificate's permanent address in full (house, village, commune, province).
- B8: lists landscape, a row never split across pages, the header on every page, about 30 rows a page.
"""

import datetime
from io import BytesIO

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from giamngheo.reviews.views import base as views
from giamngheo.testing.cast import cast_create
from giamngheo.testing.factories import PASSWORD
from giamngheo.testing.pdf import pdf_pages, pdf_runs, run_of
from giamngheo.testing.scenes import campaign_2025, signed_review

pytestmark = pytest.mark.e2e

HOUSEHOLDS = 31


@pytest.fixture
def reviewed(transactional_db, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 10, 27))
    cast = cast_create()
    campaign = campaign_2025(cast, [cast.commune])
    _meeting, _posting, decision, listed = signed_review(cast, campaign, households=HOUSEHOLDS, sizes=(4, 5, 6))
    return cast, campaign, decision, listed


def _pdf(page: Page, link: str) -> bytes:
    """The document behind a link of the page, fetched with the page's session, as clicking it downloads it."""
    href = page.get_by_role("link", name=link).first.get_attribute("href") or ""
    origin = "/".join(page.url.split("/")[:3])
    response = page.request.get(origin + href)
    assert response.ok, f"{link}: {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def _two_columns(data: bytes, body: str) -> None:
    """B6: the issuing body and the national name on one line, the motto under the national name, in its column."""
    runs = pdf_runs(data)
    issuer, nation = run_of(runs, body), run_of(runs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = run_of(runs, "Độc lập - Tự do - Hạnh phúc")
    assert abs(issuer.y - nation.y) < 3
    if issuer is nation:  # one run of text drawn left to right along the line: the body, then the national name
        assert issuer.text.index(body) < issuer.text.index("CỘNG HÒA")
    else:
        assert nation.x > issuer.x + 100
    assert motto.y < nation.y and motto.x > issuer.x + 100


def _list_pages(data: bytes, names: list[str], header: str) -> list[str]:
    """B8: landscape pages, each household whole on one page, the header on every page."""
    reader = PdfReader(BytesIO(data))
    assert all(p.mediabox.width > p.mediabox.height for p in reader.pages)
    pages = pdf_pages(data)
    for name in names:
        assert sum(name in page for page in pages) == 1, f"{name} is split or missing"
    assert all(header in page for page in pages)
    return pages


def test_a_commune_officer_prints_the_reviews_documents_as_issue_11_asks(page: Page, live_server, reviewed) -> None:
    cast, campaign, decision, listed = reviewed
    url = live_server.url
    heads = [household.head.full_name for household in listed]

    page.goto(url + "/ra-soat/")
    page.get_by_label("Tên đăng nhập").fill(cast.officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("row", name=str(campaign)).get_by_role("link", name="Công việc của xã").click()
    expect(page.get_by_role("link", name="Biên bản (PDF)")).to_be_visible()

    # The minutes: two copies, each signed on the page of its last lines (B5), under the two-column heading (B6).
    minutes = _pdf(page, "Biên bản (PDF)")
    signed = [text for text in pdf_pages(minutes) if "CHỦ TRÌ (TRƯỞNG THÔN)" in text]
    assert len(signed) == 2
    assert all(text.index("nhất trí ký tên dưới đây") < text.index("CHỦ TRÌ (TRƯỞNG THÔN)") for text in signed)
    _two_columns(minutes, "XÃ THỬ A")

    # The posting list: 31 households on two landscape pages, none split (B8).
    posting = _list_pages(_pdf(page, "Danh sách niêm yết (PDF)"), heads, "Họ tên chủ hộ")
    assert len(posting) == 2

    # The signed decision and its list of poor households (B8), then the certificates (B5, B6, B7).
    page.get_by_role("link", name=str(decision)).click()
    expect(page.get_by_role("link", name="Quyết định (PDF)")).to_be_visible()
    text = pdf_pages(_pdf(page, "Quyết định (PDF)"))
    first = next(n for n, p in enumerate(text) if p.startswith("Danh sách 1 DANH SÁCH HỘ NGHÈO"))
    after = next(n for n, p in enumerate(text) if p.startswith("Danh sách 2 "))
    assert after - first == 2
    for household in listed:
        assert sum(household.code in p and household.head.full_name in p for p in text[first:after]) == 1
    assert " ".join(text[first:after]).count(f"Tổng cộng: {HOUSEHOLDS} hộ") == 1

    certificates = _pdf(page, f"In {HOUSEHOLDS} giấy chứng nhận")
    pages = pdf_pages(certificates)
    assert len(pages) == HOUSEHOLDS  # one a page, households of four to six
    for n, certificate in enumerate(pages):
        assert certificate.count("GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO") == 1
        assert "CHỦ TỊCH" in certificate
        assert f"Nơi thường trú: Số nhà {n + 20}, Thôn Một, Xã Thử A, Tỉnh Thử Nghiệm" in certificate
    _two_columns(certificates, "UBND XÃ THỬ A")

    # The reports page's poor list of the commune for 2025: the same households, landscape, two pages (B8).
    page.goto(url + "/bao-cao/")
    page.get_by_label("Biểu").select_option("poor_list")
    page.get_by_label("Mã tỉnh hoặc xã").fill(cast.commune.code)
    page.get_by_label("Năm rà soát").fill("2025")
    page.get_by_label("Định dạng").select_option("pdf")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải biểu").click()
    listed_pdf = open(download.value.path(), "rb").read()  # noqa: SIM115 (a temporary file Playwright removes)
    report = _list_pages(listed_pdf, heads, "Họ và tên chủ hộ")
    assert len(report) == 2
    _two_columns(listed_pdf, "XÃ THỬ A")
    assert f"Tổng số: {HOUSEHOLDS} hộ." in report[-1]
