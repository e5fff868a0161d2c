"""How the printed documents sit on paper (issue 11, B5–B8): one certificate a page with its signature, the minutes'
signature beside their last lines, the national heading beside the issuing body, the full address, list rows never
split across pages. docs/documents.md says which rules of Decree 30/2020/NĐ-CP they follow."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from giamngheo.reviews.documents.certificates import certificates_pdf
from giamngheo.reviews.documents.decisions import decision_pdf
from giamngheo.reviews.documents.minutes import minutes_pdf
from giamngheo.reviews.documents.posting import posting_list_pdf
from giamngheo.reviews.models import Certificate, VillageMeeting
from giamngheo.testing.pdf import pdf_pages, pdf_runs, run_of
from giamngheo.testing.scenes import signed_review

MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture
def ten_families(cast, campaign):
    """Ten poor households of four, five and six members, signed."""
    return signed_review(cast, campaign, households=10, sizes=(4, 5, 6))


def test_certificates_of_four_to_six_member_households_print_one_a_page_with_the_signature(ten_families):
    pages = pdf_pages(certificates_pdf(Certificate.objects.order_by("serial")))

    assert len(pages) == 10
    for n, page in enumerate(pages):
        assert page.count("GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO") == 1
        assert f"Số: {n + 1:02d}/GCN-HN.HCN" in page
        assert "CHỦ TỊCH" in page and "chutich" in page  # the signature on the certificate's own page


def test_the_minutes_sign_on_the_page_where_their_last_lines_are(ten_families):
    """However long the other opinions (section III) run, the signatures never start a page alone."""
    meeting, *_ = ten_families
    for opinions in range(0, 17, 2):
        note = "\n".join(f"Ý kiến {n}: đề nghị rà soát kỹ điều kiện nhà ở của các hộ." for n in range(opinions))
        VillageMeeting.objects.filter(pk=meeting.pk).update(note=note)
        pages = pdf_pages(minutes_pdf(VillageMeeting.objects.get(pk=meeting.pk)))

        signed = [page for page in pages if "CHỦ TRÌ (TRƯỞNG THÔN)" in page]
        assert len(signed) == 2, opinions  # one for each copy
        for page in signed:
            assert "nhất trí ký tên dưới đây" in page, opinions
            assert page.index("nhất trí ký tên dưới đây") < page.index("CHỦ TRÌ (TRƯỞNG THÔN)")


def test_a_certificate_prints_the_full_residence(ten_families):
    page = pdf_pages(certificates_pdf(Certificate.objects.order_by("serial")[:1]))[0]

    assert "Nơi thường trú: Số nhà 20, Thôn Một, Xã Thử A, Tỉnh Thử Nghiệm" in page


def test_a_certificate_sets_its_issuing_body_beside_the_national_motto(ten_families):
    data = certificates_pdf(Certificate.objects.order_by("serial")[:1])
    runs = pdf_runs(data)

    body, number = run_of(runs, "UBND XÃ THỬ A"), run_of(runs, "Số: 01/GCN-HN.HCN")
    nation, motto = run_of(runs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), run_of(runs, "Độc lập - Tự do - Hạnh phúc")
    assert abs(body.y - nation.y) < 3  # one line of two columns
    assert nation.x > body.x + len(body.text) * 5  # the motto's column starts right of the body's name
    assert motto.y < nation.y and motto.x > body.x + 100  # the motto under the national name, in its column
    assert number.y < body.y and number.x < nation.x  # the number under the issuing body, in its column
    title = run_of(runs, "GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO")
    assert title.y < min(number.y, motto.y)


def test_a_certificate_is_a4_within_the_decree_margins_in_a_serif_face(ten_families):
    data = certificates_pdf(Certificate.objects.order_by("serial")[:1])
    page = PdfReader(BytesIO(data)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    runs = pdf_runs(data)

    assert (round(width / MM), round(height / MM)) == (210, 297)
    assert 30 * MM - 1 <= min(r.x for r in runs) < 40 * MM  # left margin 30–35 mm
    assert height - 25 * MM < max(r.y for r in runs) < height - 20 * MM  # top margin 20–25 mm (the first baseline)
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Noto-Serif" in f for f in fonts)


def test_the_lists_of_a_hundred_households_never_split_a_row_and_fit_on_four_landscape_pages(cast, campaign):
    _meeting, posting, decision, listed = signed_review(cast, campaign, households=100, sizes=(1,))
    data = decision_pdf(decision)
    reader = PdfReader(BytesIO(data))
    pages = pdf_pages(data)
    first = next(n for n, page in enumerate(pages) if page.startswith("Danh sách 1 DANH SÁCH HỘ NGHÈO"))
    after = next(n for n, page in enumerate(pages) if page.startswith("Danh sách 2 "))
    list_pages = pages[first:after]

    assert len(list_pages) <= 4
    assert all(reader.pages[n].mediabox.width > reader.pages[n].mediabox.height for n in range(first, after))
    for household in listed:
        (page,) = [page for page in list_pages if household.code in page]
        assert household.head.full_name in page
    assert all("Mã hộ" in page and "Họ tên chủ hộ" in page for page in list_pages)  # the header on each page
    assert " ".join(list_pages).count("Tổng cộng: 100 hộ") == 1  # the total once, under the last row

    posted = pdf_pages(posting_list_pdf(posting))
    assert len(posted) <= 4
    for household in listed:
        assert sum(f"{household.head.full_name} Thôn Một Hộ nghèo" in page for page in posted) == 1
    assert "TRƯỞNG BAN" in posted[-1] and "Nguyễn Văn Chủ Hộ 099" in posted[-1]
