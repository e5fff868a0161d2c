"""The reporting regime's pages: what is due and overdue in one's area, a unit's report written, sent and reviewed on
its page, printed as PDF and exported as Excel; nothing outside one's area."""

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from giamngheo.reports.models import ReportKind, ReportPeriod, Submission, SubmissionState
from giamngheo.reports.regime import views
from giamngheo.reports.regime.services import submission_approve, submission_draft, submission_submit
from giamngheo.reports.targets.services import target_set
from giamngheo.testing.factories import CommuneFactory, make_household, member

FROZEN_DAY = datetime.date(2025, 6, 12)
RESULTS = "Hỗ trợ 3 hộ nghèo vay vốn sản xuất; 1 hộ thoát nghèo."


@pytest.fixture
def regime(year_2025, monkeypatch):
    """The 2025 periods opened; the pages count days from 12/06/2025: communes were to send their six-month report
    before 10/06, so a commune that has not is 3 days late (10, 11 and 12 June)."""
    call_command("open_report_periods", "--year", "2025", stdout=StringIO())
    monkeypatch.setattr(views, "today", lambda: FROZEN_DAY)
    return year_2025


def _six():
    return ReportPeriod.objects.get(kind=ReportKind.SIX_MONTH, year=2025)


def _url(unit, suffix=""):
    return f"/bao-cao/che-do-bao-cao/{_six().pk}/{unit.code}/{suffix}"


def _sent(cast):
    draft = submission_draft(actor=cast.officer, period=_six(), unit=cast.commune, results=RESULTS)
    return submission_submit(actor=cast.officer, submission=draft)


def test_the_province_sees_each_unit_with_its_deadline_and_the_overdue_ones_highlighted(
    client, regime, django_assert_max_num_queries
):
    cast = regime
    _sent(cast)
    client.force_login(cast.province_officer)
    with CaptureQueriesContext(connection) as three_units:
        client.get("/bao-cao/che-do-bao-cao/", {"ky": _six().pk})
    for n in range(3):
        CommuneFactory.create(code=f"9110{n}", name=f"Xã Thêm {n}", parent=cast.province)
    # Three more communes, not one query more: the page reads the units and their reports once.
    with django_assert_max_num_queries(len(three_units.captured_queries)):
        page = client.get("/bao-cao/che-do-bao-cao/", {"ky": _six().pk}).content.decode()
    assert page.count("data-unit=") == 6
    rows = {code: page.split(f'data-unit="{code}"')[1].split("</tr>")[0] for code in ("91", "91001", "91002")}
    assert "Đã gửi, chờ duyệt" in rows["91001"] and "table-danger" not in rows["91001"]
    # Sent today (the machine's date, after 10/06/2025): on time would need it sent by 09/06/2025.
    assert "Gửi trễ hạn" in rows["91001"]
    assert 'class="table-danger"' in rows["91002"] and "Quá hạn 3 ngày" in rows["91002"]
    assert "Còn 8 ngày" in rows["91"]  # the province sends before 20/06
    assert "92001" not in page  # another province's commune
    assert "Đã gửi: 1/6 đơn vị" in page


def test_the_page_shows_the_next_period_due_by_default_and_the_national_office_sees_provinces(client, regime):
    cast = regime
    client.force_login(cast.national_admin)
    page = client.get("/bao-cao/che-do-bao-cao/").content.decode()
    # On 12/06 the next deadline is the annual report's (10/11).
    assert '<h2 class="h5 mt-4">Báo cáo năm 2025' in page
    assert 'data-unit="91"' in page and 'data-unit="92"' in page and 'data-unit="91001"' not in page
    drill = client.get("/bao-cao/che-do-bao-cao/", {"tinh": "91"}).content.decode()
    assert 'data-unit="91001"' in drill and 'data-unit="92"' not in drill


def test_a_national_administrator_opens_a_years_periods_on_the_page(client, regime):
    cast = regime
    client.force_login(cast.national_admin)
    response = client.post("/bao-cao/che-do-bao-cao/", {"year": "2026"})
    assert response.status_code == 302
    assert set(ReportPeriod.objects.filter(year=2026).values_list("kind", flat=True)) == {"six_month", "annual"}
    page = client.post("/bao-cao/che-do-bao-cao/", {"year": "2019"}).content.decode()
    assert "Dữ liệu chế độ báo cáo chưa có năm 2019" in page
    client.force_login(cast.officer)
    assert client.post("/bao-cao/che-do-bao-cao/", {"year": "2027"}).status_code == 404
    assert not ReportPeriod.objects.filter(year=2027).exists()


def test_collaborators_and_units_outside_ones_area_get_404(client, regime):
    cast = regime
    _sent(cast)
    client.force_login(cast.collaborator)
    assert client.get("/bao-cao/che-do-bao-cao/").status_code == 404
    assert client.get(_url(cast.commune)).status_code == 404
    for outsider in (cast.other_officer, cast.far_officer):
        client.force_login(outsider)
        assert client.get(_url(cast.commune)).status_code == 404
        assert client.get(_url(cast.commune, "pdf/")).status_code == 404
        assert client.post(_url(cast.commune), {"action": "approve"}).status_code == 404
    client.force_login(cast.officer)
    assert client.get("/bao-cao/che-do-bao-cao/", {"tinh": "91"}).status_code == 404
    assert client.get(_url(cast.province)).status_code == 404
    assert Submission.objects.get().state == SubmissionState.SUBMITTED


def test_the_officer_writes_and_sends_the_report_and_the_province_returns_then_approves_it(client, regime):
    cast = regime
    client.force_login(cast.officer)
    page = client.get(_url(cast.commune)).content.decode()
    assert "Chưa lập báo cáo" in page and "Quá hạn 3 ngày" in page
    client.post(_url(cast.commune), {"action": "save", "number": "15/BC-UBND", "results": ""})
    response = client.post(_url(cast.commune), {"action": "submit"}, follow=True)
    assert "Chưa viết phần kết quả thực hiện" in response.content.decode()
    assert Submission.objects.get().state == SubmissionState.DRAFT
    client.post(_url(cast.commune), {"action": "save", "number": "15/BC-UBND", "results": RESULTS})
    client.post(_url(cast.commune), {"action": "submit"})
    assert Submission.objects.get().state == SubmissionState.SUBMITTED
    # Sent: the officer can no longer edit it, nor review it.
    assert client.post(_url(cast.commune), {"action": "save", "results": "x"}).status_code == 404
    assert client.post(_url(cast.commune), {"action": "approve"}).status_code == 404

    client.force_login(cast.province_officer)
    page = client.post(_url(cast.commune), {"action": "return", "comment": ""}).content.decode()
    assert "Ghi rõ lý do trả lại" in page and Submission.objects.get().state == SubmissionState.SUBMITTED
    client.post(_url(cast.commune), {"action": "return", "comment": "Bổ sung kết quả vay vốn."})
    assert Submission.objects.get().state == SubmissionState.RETURNED

    client.force_login(cast.officer)
    page = client.get(_url(cast.commune)).content.decode()
    assert "Bổ sung kết quả vay vốn." in page and "Bị trả lại" in page
    client.post(_url(cast.commune), {"action": "save", "results": RESULTS + " 150 triệu đồng."})
    client.post(_url(cast.commune), {"action": "submit"})

    client.force_login(cast.province_officer)
    client.post(_url(cast.commune), {"action": "approve", "comment": ""})
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.APPROVED and submission.results.endswith("150 triệu đồng.")
    history = client.get(_url(cast.commune)).content.decode().split('id="history"')[1]
    assert "Trả lại báo cáo: “Bổ sung kết quả vay vốn.”" in history and "Duyệt báo cáo" in history


def test_the_page_says_when_the_data_changed_after_the_report_was_sent(client, regime):
    cast = regime
    _sent(cast)
    client.force_login(cast.province_officer)
    assert 'id="differences"' not in client.get(_url(cast.commune)).content.decode()
    make_household(village=cast.village, members=[member(full_name="Đinh Văn Đến")])
    page = client.get(_url(cast.commune)).content.decode()
    assert "Số liệu hiện tại khác số liệu đã gửi" in page.split('id="differences"')[1]
    # The figures shown are still those sent: 3 households, not 4.
    summary = page.split('data-table="summary"')[1].split("</section>")[0]
    assert '<th scope="row">Xã Thử A</th><td class="text-end">3</td>' in summary


def test_the_report_prints_as_an_official_document_and_its_figures_as_a_workbook(client, regime):
    cast = regime
    draft = submission_draft(
        actor=cast.officer,
        period=_six(),
        unit=cast.commune,
        number="15/BC-UBND",
        results=RESULTS,
        proposals="Tăng vốn.",
    )
    client.force_login(cast.officer)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(_url(cast.commune, "pdf/")).content)).pages
    )
    assert "DỰ THẢO" in text
    submission_submit(actor=cast.officer, submission=draft)
    response = client.get(_url(cast.commune, "pdf/"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 15/BC-UBND",
        "BÁO CÁO",
        "Kết quả thực hiện công tác giảm nghèo 06 tháng đầu năm 2025",
        "Kính gửi: Ủy ban nhân dân Tỉnh Thử Nghiệm",
        RESULTS,
        "Tăng vốn.",
        "TM. ỦY BAN NHÂN DÂN",
        "KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025",
        "TỔNG HỢP DIỄN BIẾN HỘ NGHÈO NĂM 2025",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text

    response = client.get(_url(cast.commune, "xlsx/"))
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-six_month-2025-{cast.commune.code}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Báo cáo",
        "Tổng hợp kết quả",
        "Diễn biến hộ nghèo",
        "Diễn biến hộ cận nghèo",
        "Chỉ tiêu",
    ]
    summary = [[c for c in row if c is not None] for row in book["Tổng hợp kết quả"].iter_rows(values_only=True)]
    assert ["Tổng cộng", 3, 1, 33.33, 1, 33.33, 66.67] in summary
    details = {row[0]: row[1] for row in book["Báo cáo"].iter_rows(values_only=True) if row[0]}
    assert details["Kết quả thực hiện"] == RESULTS and details["Tình trạng"] == "Đã gửi, chờ duyệt"


def test_the_provinces_document_names_the_communes_missing(client, regime):
    cast = regime
    submission_approve(actor=cast.province_officer, submission=_sent(cast))
    client.force_login(cast.province_officer)
    # Before the report is written the page previews the tables; the province's targets, measured on the whole
    # register, wait until it is saved.
    assert 'id="targets-later"' in client.get(_url(cast.province)).content.decode()
    province = submission_draft(actor=cast.province_officer, period=_six(), unit=cast.province, results="Toàn tỉnh.")
    page = client.get(_url(cast.province)).content.decode()
    assert "Tổng hợp từ báo cáo đã duyệt của 1/2 xã" in page and "Phường Thử B</a> – Chưa lập" in page
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(_url(cast.province, "pdf/")).content)).pages
    )
    assert "Chưa có báo cáo được duyệt: Phường Thử B (chưa lập)" in " ".join(text.split())
    assert "Văn phòng Quốc gia về giảm nghèo" in " ".join(text.split())
    client.force_login(cast.national_admin)
    client.post(_url(cast.province), {"action": "approve"})
    assert Submission.objects.get(pk=province.pk).state == SubmissionState.DRAFT  # not sent: nothing to approve
    submission_submit(actor=cast.province_officer, submission=province)
    client.post(_url(cast.province), {"action": "approve"})
    assert Submission.objects.get(pk=province.pk).state == SubmissionState.APPROVED


def test_the_reports_page_counts_what_is_overdue_due_soon_and_waiting_for_review(client, regime):
    cast = regime
    _sent(cast)
    client.force_login(cast.province_officer)
    link = client.get("/bao-cao/").content.decode().split('id="regime-link"')[1].split("</a>")[0]
    # Phường Thử B is late with its six-month report, the province's own is due within ten days, Xã Thử A's waits.
    assert "1 quá hạn" in link and "1 sắp đến hạn" in link and "1 chờ duyệt" in link
    client.force_login(cast.officer)
    link = client.get("/bao-cao/").content.decode().split('id="regime-link"')[1].split("</a>")[0]
    assert "badge" not in link  # its report is sent; nothing else is due within ten days


def test_the_units_report_page_and_document_print_rate_targets_with_two_decimals(client, regime):
    cast = regime
    target_set(actor=cast.officer, unit=cast.commune, year=2025, indicator="poor_rate", value=Decimal(4))
    draft = submission_draft(actor=cast.officer, period=_six(), unit=cast.commune, results=RESULTS)
    client.force_login(cast.officer)
    page = client.get(_url(cast.commune)).content.decode()
    targets = page.split("Chỉ tiêu giảm nghèo năm 2025")[1]
    # The poor rate: target 4 %, 1 of 3 households poor (33,33 %); the rates of the summary table likewise.
    assert '<td class="text-end">4,00</td><td class="text-end">33,33</td>' in targets
    assert "66,67" in page.split('data-table="summary"')[1]
    submission_submit(actor=cast.officer, submission=draft)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(_url(cast.commune, "pdf/")).content)).pages
    )
    assert "4,00" in text and "33,33" in text
