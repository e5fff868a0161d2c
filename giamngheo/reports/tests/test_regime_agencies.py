"""The province's departments and agencies in the reporting regime (the plans' "sở, ban, ngành … định kỳ báo cáo"):
added from the catalogue, each writes its report with the figures of the targets it answers for, sends it to the
province by the communes' date, and the province approves or returns it and names those missing in its own report."""

import datetime
import io
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from giamngheo.accounts.access import scope_of
from giamngheo.accounts.models import Agency, AuditEntry, Role
from giamngheo.registry.models import Status
from giamngheo.reports.models import ReportKind, ReportPeriod, SubmissionState
from giamngheo.reports.regime import views
from giamngheo.reports.regime.figures import submission_figures
from giamngheo.reports.regime.selectors import regime_alerts
from giamngheo.reports.regime.services import (
    agencies_add,
    submission_approve,
    submission_draft,
    submission_return,
    submission_submit,
)
from giamngheo.reports.tables.households import deprivations_table
from giamngheo.testing.factories import UserFactory

RESULTS = "Cấp thẻ bảo hiểm y tế cho 100 % người nghèo; tư vấn dinh dưỡng cho trẻ em hộ nghèo."
HEALTH = "Sở Y tế tỉnh Thử Nghiệm"
EDUCATION = "Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm"


@pytest.fixture
def agencies(year_2025, monkeypatch):
    """Tỉnh Thử Nghiệm with the catalogue's agencies, an officer of its health department and one of its education
    department, and the 2025 periods opened; pages count days from 12/06/2025."""
    cast = year_2025
    call_command("add_agencies", "--province", cast.province.code, stdout=StringIO())
    call_command("open_report_periods", "--year", "2025", stdout=StringIO())
    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 6, 12))
    health = Agency.objects.get(name=HEALTH)
    education = Agency.objects.get(name=EDUCATION)
    cast.health_officer = UserFactory(username="soyte", role=Role.AGENCY_OFFICER, area=cast.province, agency=health)
    cast.education_officer = UserFactory(
        username="sogd", role=Role.AGENCY_OFFICER, area=cast.province, agency=education
    )
    cast.health, cast.education = health, education
    return cast


def _six():
    return ReportPeriod.objects.get(kind=ReportKind.SIX_MONTH, year=2025)


def _draft(cast, actor=None, agency=None):
    return submission_draft(
        actor=actor or cast.health_officer,
        period=_six(),
        unit=cast.province,
        agency=agency or cast.health,
        results=RESULTS,
    )


def test_the_catalogue_gives_a_province_its_agencies_once_with_what_each_answers_for(agencies):
    cast = agencies
    names = set(Agency.objects.filter(province=cast.province).values_list("name", flat=True))
    assert {HEALTH, EDUCATION, "Ngân hàng Chính sách xã hội chi nhánh tỉnh Thử Nghiệm"} <= names
    assert cast.health.targets == ["service_health", "health_insurance_poor"]
    assert AuditEntry.objects.filter(target_type="accounts.agency").count() == len(names)
    out = StringIO()
    call_command("add_agencies", "--province", cast.province.code, stdout=out)
    assert "đã có đủ" in out.getvalue() and Agency.objects.count() == len(names)
    with pytest.raises(ValidationError, match="Chỉ cán bộ Tỉnh Thử Nghiệm hoặc quản trị quốc gia"):
        agencies_add(actor=cast.officer, province=cast.province)


def test_an_agency_report_carries_its_provinces_results_the_deprivations_and_targets_it_answers_for(agencies):
    cast = agencies
    submission = submission_submit(actor=cast.health_officer, submission=_draft(cast))
    assert submission.state == SubmissionState.SUBMITTED and submission.unit == cast.province
    tables = {t["code"]: t for t in submission.figures["tables"]}
    assert set(tables) == {"summary", "agency_deprivations"}
    table = tables["agency_deprivations"]
    titles = [title for _n, title in table["columns"]]
    assert titles[2:] == [
        "Dinh dưỡng: hộ nghèo",
        "Dinh dưỡng: cận nghèo",
        "Bảo hiểm y tế: hộ nghèo",
        "Bảo hiểm y tế: cận nghèo",
    ]
    # The same counts as the official deprivation table, which reads the households rather than the tallies.
    official = deprivations_table(unit=cast.province, year=2025, status=Status.POOR)
    column = {title: i for i, (_n, title) in enumerate((c.number, c.title) for c in official.columns)}
    total = official.rows[-1].households
    mine = table["rows"][-1]["households"]
    assert mine[0] == total[column["Có kết quả chấm điểm"]]
    assert mine[2] == total[column["Dinh dưỡng"]] and mine[4] == total[column["Bảo hiểm y tế"]]
    assert sorted(row["label"] for row in table["rows"][:-1]) == ["Phường Thử B", "Xã Thử A"]
    # The water agency's: Xã Thử A's poor household is deprived in water (1 of 1 assessed, 100 %).
    water = Agency.objects.get(name="Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Thử Nghiệm")
    figures = submission_figures(period=_six(), unit=cast.province, agency=water)
    total_row = next(t for t in figures["tables"] if t["code"] == "agency_deprivations")["rows"][-1]
    assert total_row["households"][2] == total[column["Nguồn nước sinh hoạt"]] == 1
    assert total_row["persons"][2] == 100.0
    assert [t["code"] for t in submission.figures["targets"]] == ["health_insurance_poor", "service_health"]


def test_only_the_agencys_officers_write_it_and_only_the_provinces_officer_reviews_it(agencies):
    cast = agencies
    for outsider in (cast.education_officer, cast.province_officer, cast.officer):
        with pytest.raises(ValidationError, match=f"Chỉ cán bộ của chính {HEALTH}"):
            _draft(cast, actor=outsider)
    submission = submission_submit(actor=cast.health_officer, submission=_draft(cast))
    for outsider in (cast.national_admin, cast.health_officer):
        with pytest.raises(ValidationError, match="Chỉ cán bộ Tỉnh Thử Nghiệm duyệt hoặc trả lại"):
            submission_approve(actor=outsider, submission=submission)
    returned = submission_return(actor=cast.province_officer, submission=submission, comment="Bổ sung số thẻ BHYT.")
    assert returned.state == SubmissionState.RETURNED
    again = submission_submit(actor=cast.health_officer, submission=_draft(cast))
    assert submission_approve(actor=cast.province_officer, submission=again).state == SubmissionState.APPROVED


def test_the_provinces_report_names_the_agencies_without_an_approved_report(agencies):
    cast = agencies
    figures = submission_figures(period=_six(), unit=cast.province, with_targets=False)
    assert figures["agencies"]["approved"] == [] and HEALTH in [a["name"] for a in figures["agencies"]["missing"]]
    sent = submission_submit(actor=cast.health_officer, submission=_draft(cast))
    submission_approve(actor=cast.province_officer, submission=sent)
    figures = submission_figures(period=_six(), unit=cast.province, with_targets=False)
    assert figures["agencies"]["approved"] == [HEALTH]
    assert {"name": EDUCATION, "state_label": "Chưa lập"} in figures["agencies"]["missing"]


def test_agencies_are_due_by_the_communes_date_and_reminded_until_they_send(agencies):
    cast = agencies
    day = datetime.date(2025, 6, 12)  # the communes' six-month date was 10/06
    overdue = {r.name: r for r in regime_alerts(day=day, units=[], agencies=[cast.health, cast.education])}
    assert overdue[HEALTH].overdue and overdue[HEALTH].days_overdue == 3
    submission_submit(actor=cast.health_officer, submission=_draft(cast))
    names = [r.name for r in regime_alerts(day=day) if r.agency is not None]
    assert HEALTH not in names and EDUCATION in names
    out = StringIO()
    call_command("report_reminders", "--date", "2025-06-12", "--unit", cast.province.code, stdout=out)
    assert f"91 {EDUCATION} – Báo cáo 06 tháng đầu năm 2025: gửi trước 10/06/2025, quá hạn 3 ngày" in out.getvalue()


def test_an_agency_officer_reads_the_province_and_works_only_for_an_agency_of_it(agencies):
    cast = agencies
    assert scope_of(cast.health_officer).province_id == cast.province.pk
    cast.health_officer.agency = Agency.objects.create(province=cast.far_commune.province, name="Sở Y tế tỉnh Xa")
    assert scope_of(cast.health_officer).nothing


def test_the_pages_list_agencies_and_their_report_is_written_sent_printed_and_reviewed(client, agencies):
    cast = agencies
    url = f"/bao-cao/che-do-bao-cao/{_six().pk}/co-quan/{cast.health.pk}/"
    client.force_login(cast.province_officer)
    page = client.get("/bao-cao/che-do-bao-cao/", {"ky": _six().pk}).content.decode()
    assert f'data-agency="{cast.health.pk}"' in page and url in page

    client.force_login(cast.health_officer)
    assert client.get("/bao-cao/che-do-bao-cao/").status_code == 200
    response = client.post(url, {"action": "save", "results": RESULTS})
    assert response.status_code == 302
    client.post(url, {"action": "submit"})
    page = client.get(url).content.decode()
    assert "Đã gửi, chờ duyệt" in page and "Dinh dưỡng: hộ nghèo" in page
    pdf = PdfReader(io.BytesIO(client.get(url + "pdf/").content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "SỞ Y TẾ TỈNH THỬ NGHIỆM" in text and "GIÁM ĐỐC" in text and "Ủy ban nhân dân Tỉnh Thử Nghiệm" in text
    assert client.post(url, {"action": "approve"}).status_code == 404  # not the agency's to approve

    client.force_login(cast.province_officer)
    assert client.post(url, {"action": "approve", "comment": ""}).status_code == 302
    assert cast.health.submissions.get().state == SubmissionState.APPROVED

    for outsider in (cast.officer, cast.far_officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(url + "pdf/").status_code == 404
