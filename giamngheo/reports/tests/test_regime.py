"""The reporting regime: report periods and deadlines from data, each unit's report sent up level by level (commune →
province → national office), its figures frozen when sent, and reminders of what is due and overdue."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from giamngheo.accounts.models import AuditEntry, Role
from giamngheo.registry.models import Status
from giamngheo.reports.models import ReportKind, ReportPeriod, Submission, SubmissionState
from giamngheo.reports.regime.figures import figures_differences, submission_figures
from giamngheo.reports.regime.selectors import regime_alerts
from giamngheo.reports.regime.services import (
    report_periods_open,
    submission_approve,
    submission_draft,
    submission_return,
    submission_submit,
)
from giamngheo.testing.factories import UserFactory, make_household, member

RESULTS = "Đã rà soát, hỗ trợ 3 hộ nghèo vay vốn; 1 hộ thoát nghèo."


def _open(year=2025):
    call_command("open_report_periods", "--year", str(year), stdout=StringIO())
    return {p.kind: p for p in ReportPeriod.objects.filter(year=year)}


def _table(submission, code):
    return next(t for t in submission.figures["tables"] if t["code"] == code)


def _rows(table):
    return {row["label"]: row for row in table["rows"]}


def _sent(cast, period, unit=None, actor=None, results=RESULTS):
    submission = submission_draft(
        actor=actor or cast.officer, period=period, unit=unit or cast.commune, results=results
    )
    return submission_submit(actor=actor or cast.officer, submission=submission)


# Periods and deadlines come from data/regime.yaml.


def test_opening_2025_gives_the_six_month_annual_and_period_reports_with_the_plans_deadlines(cast):
    out = StringIO()
    call_command("open_report_periods", "--year", "2025", stdout=out)
    periods = {p.kind: p for p in ReportPeriod.objects.all()}
    assert set(periods) == {ReportKind.SIX_MONTH, ReportKind.ANNUAL, ReportKind.PERIOD}
    six, year, stage = periods[ReportKind.SIX_MONTH], periods[ReportKind.ANNUAL], periods[ReportKind.PERIOD]
    # The plan: six-month "gửi trước ngày 10/6", annual "trước ngày 10/11", period "trước ngày 10/11 của năm cuối".
    assert (six.commune_due_on, year.commune_due_on, stage.commune_due_on) == (
        datetime.date(2025, 6, 10),
        datetime.date(2025, 11, 10),
        datetime.date(2025, 11, 10),
    )
    assert (six.starts_on, six.ends_on) == (datetime.date(2025, 1, 1), datetime.date(2025, 5, 31))
    assert (stage.first_year, stage.starts_on, stage.title) == (
        2021,
        datetime.date(2021, 1, 1),
        "Báo cáo giai đoạn 2021–2025",
    )
    # The commune's date is the plan's (partly verified: the plan was a district's); the province's and the covered
    # range are assumptions, marked unverified.
    assert six.sources["commune_due"]["status"] == "P" and "10/6" in six.sources["commune_due"]["reference"]
    assert six.sources["province_due"]["status"] == "U" and six.province_due_on == datetime.date(2025, 6, 20)
    assert six.sources["covers_end"]["status"] == "U"
    assert "xã gửi trước 10/06/2025, tỉnh gửi trước 20/06/2025" in out.getvalue()


def test_opening_again_changes_nothing_and_a_year_without_a_stages_end_has_no_period_report(cast):
    _open(2025)
    _open(2025)
    assert ReportPeriod.objects.count() == 3
    assert AuditEntry.objects.filter(target_type="reports.reportperiod").count() == 3
    assert {p.kind for p in report_periods_open(actor=cast.national_admin, year=2024)} == {"six_month", "annual"}
    with pytest.raises(CommandError, match="chưa có năm 2021"):
        call_command("open_report_periods", "--year", "2021", stdout=StringIO())
    with pytest.raises(CommandError, match="Năm “hai”"):
        call_command("open_report_periods", "--year", "hai", stdout=StringIO())


def test_only_the_national_administrator_or_a_province_officer_opens_periods(cast):
    with pytest.raises(ValidationError, match="mở kỳ báo cáo"):
        report_periods_open(actor=cast.officer, year=2025)
    assert not ReportPeriod.objects.exists()
    assert len(report_periods_open(actor=cast.province_officer, year=2025)) == 3


# The path up: commune → province → national office.


def test_a_communes_report_goes_to_its_province_and_the_provinces_to_the_national_office(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    draft = submission_draft(
        actor=cast.officer,
        period=six,
        unit=cast.commune,
        number="15/BC-UBND",
        results=RESULTS,
        difficulties="Thiếu vốn.",
        proposals="Tăng vốn vay.",
    )
    assert draft.state == SubmissionState.DRAFT
    # Xã Thử A at the end of 2025 (the year the six-month report falls in): 3 households, 1 poor, 1 near-poor.
    assert _rows(_table(draft, "summary"))["Xã Thử A"]["households"] == [3, 1, 33.33, 1, 33.33, 66.67]
    assert _rows(_table(draft, "poor_changes"))["Tổng cộng"]["households"] == [2, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0]
    assert {t["code"] for t in draft.figures["targets"]} >= {"poor_rate", "re_poverty_rate"}

    sent = submission_submit(actor=cast.officer, submission=draft)
    assert (sent.state, sent.submitted_by) == (SubmissionState.SUBMITTED, cast.officer)
    approved = submission_approve(actor=cast.province_officer, submission=sent, comment="Đạt yêu cầu.")
    assert (approved.state, approved.reviewed_by) == (SubmissionState.APPROVED, cast.province_officer)

    province = submission_draft(actor=cast.province_officer, period=six, unit=cast.province, results="Toàn tỉnh …")
    communes = province.figures["communes"]
    assert [c["name"] for c in communes["approved"]] == ["Xã Thử A"]
    assert [(c["name"], c["state_label"]) for c in communes["missing"]] == [("Phường Thử B", "Chưa lập")]
    # Only the approved commune counts: Phường Thử B's near-poor household is not in the province's total.
    summary = _rows(_table(province, "summary"))
    assert summary["Tổng cộng"]["households"] == [3, 1, 33.33, 1, 33.33, 66.67]
    assert list(summary) == ["Xã Thử A", "Tổng cộng"]

    province = submission_submit(actor=cast.province_officer, submission=province)
    province = submission_approve(actor=cast.national_admin, submission=province)
    assert province.state == SubmissionState.APPROVED
    notes = list(
        AuditEntry.objects.filter(target_type="reports.submission").order_by("id").values_list("note", flat=True)
    )
    assert notes == ["Lập báo cáo", "Gửi báo cáo", "Duyệt báo cáo"] * 2


def test_a_province_adds_up_its_approved_communes_and_recomputes_the_rates(year_2025):
    cast = year_2025
    annual = _open()[ReportKind.ANNUAL]
    for actor, unit in ((cast.officer, cast.commune), (cast.other_officer, cast.other_commune)):
        submission_approve(actor=cast.province_officer, submission=_sent(cast, annual, unit, actor))
    figures = submission_figures(period=annual, unit=cast.province)
    summary = _rows(next(t for t in figures["tables"] if t["code"] == "summary"))
    # 3 + 1 households, 1 poor, 1 + 1 near-poor: the rates are recomputed (25 %, 50 %), never added up.
    assert summary["Tổng cộng"]["households"] == [4, 1, 25.0, 2, 50.0, 75.0]
    assert figures["communes"]["missing"] == []


def test_the_period_report_carries_the_series_of_the_giai_doan(year_2025):
    cast = year_2025
    stage = _open()[ReportKind.PERIOD]
    submission = submission_draft(actor=cast.officer, period=stage, unit=cast.commune, results=RESULTS)
    series = _rows(_table(submission, "period_series"))
    assert list(series) == ["Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025", "Thay đổi 2021–2025"]
    # The households were registered in 2025: nothing before, 3 households with 1 poor at its end.
    assert series["Năm 2024"]["households"][:2] == [0, 0]
    assert series["Năm 2025"]["households"][:2] == [3, 1]
    assert series["Thay đổi 2021–2025"]["households"][:2] == [3, 1]
    submission_approve(
        actor=cast.province_officer, submission=submission_submit(actor=cast.officer, submission=submission)
    )
    province = submission_figures(period=stage, unit=cast.province)
    assert _rows(next(t for t in province["tables"] if t["code"] == "period_series"))["Năm 2025"]["households"][:2] == [
        3,
        1,
    ]


def test_a_returned_report_is_edited_and_sent_again(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    sent = _sent(cast, six)
    returned = submission_return(actor=cast.province_officer, submission=sent, comment="Bổ sung số hộ được vay vốn.")
    assert (returned.state, returned.review_comment) == (SubmissionState.RETURNED, "Bổ sung số hộ được vay vốn.")
    edited = submission_draft(
        actor=cast.officer, period=six, unit=cast.commune, results=RESULTS + " 3 hộ vay 150 triệu."
    )
    assert edited.state == SubmissionState.RETURNED  # still to send again
    again = submission_submit(actor=cast.officer, submission=edited)
    assert again.state == SubmissionState.SUBMITTED and again.review_comment == ""
    assert again.results.endswith("150 triệu.")
    returned_entry = AuditEntry.objects.get(target_type="reports.submission", note="Trả lại báo cáo")
    assert returned_entry.changes["review_comment"] == [None, "Bổ sung số hộ được vay vốn."]


def test_the_chairman_may_write_and_send_the_communes_report_a_viewer_may_not(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    with pytest.raises(ValidationError, match="Chỉ cán bộ của chính Xã Thử A"):
        submission_draft(actor=cast.viewer, period=six, unit=cast.commune, results=RESULTS)
    assert _sent(cast, six, actor=cast.chairman).submitted_by == cast.chairman


# Figures frozen when sent.


def test_the_sent_figures_do_not_move_when_the_register_changes(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    sent = _sent(cast, six)
    frozen = sent.figures
    make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Đinh Văn Đến")])
    sent.refresh_from_db()
    assert sent.figures == frozen
    assert _rows(_table(sent, "summary"))["Xã Thử A"]["households"][:2] == [3, 1]
    live = submission_figures(period=six, unit=cast.commune)
    assert _rows(next(t for t in live["tables"] if t["code"] == "summary"))["Xã Thử A"]["households"][:2] == [4, 2]
    assert "Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025" in figures_differences(sent.figures, live)
    assert figures_differences(sent.figures, sent.figures) == []


# Wrong transitions are refused with a message naming what is wrong, and change nothing.


def _state_of_the_database():
    return (
        list(Submission.objects.order_by("pk").values_list("state", "review_comment", "submitted_at", "reviewed_at")),
        AuditEntry.objects.count(),
    )


def test_wrong_transitions_are_refused_and_change_nothing(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    far_province_officer = UserFactory.create(
        username="tinh_xa", role=Role.PROVINCE_OFFICER, area=cast.far_commune.province
    )
    draft = submission_draft(actor=cast.officer, period=six, unit=cast.commune, results="")
    refused = [
        (lambda: submission_approve(actor=cast.province_officer, submission=draft), "chưa được gửi"),
        (lambda: submission_return(actor=cast.province_officer, submission=draft, comment="x"), "chưa được gửi"),
        (lambda: submission_submit(actor=cast.officer, submission=draft), "Chưa viết phần kết quả thực hiện"),
        (
            lambda: submission_draft(actor=cast.other_officer, period=six, unit=cast.commune, results=RESULTS),
            "Chỉ cán bộ của chính Xã Thử A",
        ),
    ]
    for action, message in refused:
        before = _state_of_the_database()
        with pytest.raises(ValidationError, match=message):
            action()
        assert _state_of_the_database() == before

    sent = _sent(cast, six)
    refused = [
        (lambda: submission_submit(actor=cast.officer, submission=sent), "đã gửi ngày"),
        (
            lambda: submission_draft(actor=cast.officer, period=six, unit=cast.commune, results="sửa"),
            "đang chờ cán bộ Tỉnh Thử Nghiệm xem xét",
        ),
        (lambda: submission_approve(actor=far_province_officer, submission=sent), "Chỉ cán bộ Tỉnh Thử Nghiệm"),
        (lambda: submission_approve(actor=cast.officer, submission=sent), "Chỉ cán bộ Tỉnh Thử Nghiệm"),
        (lambda: submission_approve(actor=cast.national_admin, submission=sent), "Chỉ cán bộ Tỉnh Thử Nghiệm"),
        (
            lambda: submission_return(actor=cast.province_officer, submission=sent, comment="  "),
            "Ghi rõ lý do trả lại",
        ),
    ]
    for action, message in refused:
        before = _state_of_the_database()
        with pytest.raises(ValidationError, match=message):
            action()
        assert _state_of_the_database() == before

    approved = submission_approve(actor=cast.province_officer, submission=sent)
    province = _sent(cast, six, unit=cast.province, actor=cast.province_officer)
    refused = [
        (lambda: submission_submit(actor=cast.officer, submission=approved), "đã được duyệt"),
        (lambda: submission_approve(actor=cast.province_officer, submission=approved), "đã được duyệt rồi"),
        (lambda: submission_approve(actor=cast.province_officer, submission=province), "Chỉ Văn phòng Quốc gia"),
    ]
    for action, message in refused:
        before = _state_of_the_database()
        with pytest.raises(ValidationError, match=message):
            action()
        assert _state_of_the_database() == before


def test_a_report_whose_tables_cannot_be_made_is_refused_with_the_tables_reason(year_2025):
    from giamngheo.registry.models import EndReason, Household
    from giamngheo.registry.services.households import household_end

    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    # A household decided poor in 2025 then gone the same year breaks the change identity (see test_tables).
    arisen = Household.objects.get(persons__full_name="Vũ Văn Mới")
    household_end(
        actor=cast.officer, household=arisen, occurred_on=datetime.date(2025, 12, 20), reason=EndReason.MOVED_AWAY
    )
    with pytest.raises(ValidationError, match="Chưa lập được số liệu của báo cáo: Xã Thử A: cột 9"):
        submission_draft(actor=cast.officer, period=six, unit=cast.commune, results=RESULTS)
    assert not Submission.objects.exists()


# Reminders.


def test_reminders_list_the_overdue_and_the_soon_due_units_on_a_frozen_date(year_2025):
    cast = year_2025
    six = _open()[ReportKind.SIX_MONTH]
    _sent(cast, six)  # Xã Thử A has sent its six-month report
    submission_draft(actor=cast.other_officer, period=six, unit=cast.other_commune, results="")  # a draft, not sent
    before = (Submission.objects.count(), AuditEntry.objects.count())
    out = StringIO()
    call_command("report_reminders", "--date", "2025-06-12", stdout=out)
    text = out.getvalue()
    overdue, soon = text.split("SẮP ĐẾN HẠN")
    # "Gửi trước ngày 10/6": on 12/6 the communes that have not sent are 3 days late; the provinces (before 20/6)
    # have 8 days left; the annual and period reports (before 10/11) are not due yet.
    assert (
        "91002 Phường Thử B – Báo cáo 06 tháng đầu năm 2025: gửi trước 10/06/2025, quá hạn 3 ngày (đang soạn)."
        in overdue
    )
    assert "92001 Xã Xa – Báo cáo 06 tháng đầu năm 2025: gửi trước 10/06/2025, quá hạn 3 ngày (chưa lập)." in overdue
    assert "91001" not in text
    assert "91 Tỉnh Thử Nghiệm – Báo cáo 06 tháng đầu năm 2025: gửi trước 20/06/2025, còn 8 ngày (chưa lập)." in soon
    assert "Báo cáo năm 2025" not in text
    assert (Submission.objects.count(), AuditEntry.objects.count()) == before

    # "Trước ngày 10/6" read literally: 9 June is the last day on time, 10 June is the first day late.
    on_time = regime_alerts(day=datetime.date(2025, 6, 9), units=[cast.other_commune])
    assert [(r.overdue, r.days_left, r.days_overdue) for r in on_time] == [(False, 1, None)]
    late = regime_alerts(day=datetime.date(2025, 6, 10), units=[cast.other_commune])
    assert [(r.overdue, r.days_left, r.days_overdue) for r in late] == [(True, None, 1)]


def test_report_reminders_names_a_bad_date(cast):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("report_reminders", "--date", "12/06/2025", stdout=StringIO())
    with pytest.raises(CommandError, match="mã “99”"):
        call_command("report_reminders", "--unit", "99", stdout=StringIO())
