"""The reports page (choose a table, a unit of one's area, a year and a format, and download it; it carries the
regime's count of what is due, hence its place here) and the reporting regime: the periods, each unit's (or agency's)
report, its review, and what is due and overdue."""

import datetime
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import is_national
from giamngheo.accounts.models import Agency, AuditEntry, Role
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.http import actor_of
from giamngheo.reports.models import ReportPeriod, Submission, SubmissionState
from giamngheo.reports.regime.documents import submission_pdf, submission_xlsx
from giamngheo.reports.regime.figures import figures_differences, figures_tables, submission_figures
from giamngheo.reports.regime.forms import OpenPeriodsForm, ReviewForm, SubmissionForm
from giamngheo.reports.regime.selectors import (
    agencies_visible_to,
    recipient_of,
    regime_agencies_for,
    regime_badge,
    regime_row,
    regime_rows,
    regime_units_for,
)
from giamngheo.reports.regime.services import (
    can_draft_submission,
    can_open_periods,
    can_review_submission,
    report_periods_open,
    submission_approve,
    submission_draft,
    submission_return,
    submission_submit,
)
from giamngheo.reports.tables.catalogue import file_name, report_read_record, report_write
from giamngheo.reports.tables.exports import table_sections
from giamngheo.reports.tables.forms import ReportForm
from giamngheo.reports.tables.selectors import ReportError, area_has_results, area_of
from giamngheo.reports.tallies.selectors import report_units_visible_to

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def report_download(request: HttpRequest) -> HttpResponseBase:
    units = report_units_visible_to(request.user)
    if not units.exists():
        raise Http404
    user = actor_of(request)
    initial = {"year": timezone.localdate().year, "format": "xlsx", "unit": user.area.code if user.area else ""}
    form = ReportForm(request.GET or None, units=units, initial=initial, national=is_national(user))
    empty_warning = empty_key = ""
    if request.GET and form.is_valid():
        data = form.cleaned_data
        area = area_of(data["unit"])
        # The confirmation names its unit and year, so that changing either asks again.
        empty_key = f"{area.code}-{data['year']}"
        if request.GET.get("empty_ok") != empty_key and not area_has_results(area, data["year"]):
            # An all-zero table looks like a result: say so, and download only when asked again.
            empty_warning = _(
                "%(unit)s chưa có kết quả rà soát nào được công nhận trong năm %(year)s: biểu sẽ toàn số 0. "
                "Bấm “Vẫn tải biểu” nếu vẫn cần biểu trống."
            ) % {"unit": area.name, "year": data["year"]}
        else:
            name = file_name(data["report"], data["unit"], data["year"], data["format"])
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / name
                try:
                    report_write(
                        report=data["report"], unit=data["unit"], year=data["year"], fmt=data["format"], path=path
                    )
                except ReportError as error:
                    form.add_error(None, str(error))
                else:
                    report_read_record(user=user, report=data["report"], unit=data["unit"], year=data["year"])
                    # The open file outlives its folder (removed on leaving the block): the response streams from it.
                    handle = open(path, "rb")  # noqa: SIM115 (closed by FileResponse)
                    return FileResponse(
                        handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[data["format"]]
                    )
    context = {
        "form": form,
        "regime": regime_badge(user, today()),
        "empty_warning": empty_warning,
        "empty_key": empty_key,
    }
    return render(request, "reports/download.html", context)


# --- The reporting regime ----------------------------------------------------------------------------------------


def today() -> datetime.date:
    """The date deadlines are counted from (patched in tests)."""
    return timezone.localdate()


def _period_shown(periods: list[ReportPeriod], wanted: str, day: datetime.date) -> ReportPeriod | None:
    """The period asked for; else the next one due (the communes' deadline); else the latest."""
    if wanted.isdigit():
        found = next((p for p in periods if p.pk == int(wanted)), None)
        if found is None:
            raise Http404
        return found
    coming = sorted((p for p in periods if p.commune_due_on >= day), key=lambda p: p.commune_due_on)
    return coming[0] if coming else max(periods, key=lambda p: p.commune_due_on, default=None)


@login_required
@require_http_methods(["GET", "POST"])
def regime(request: HttpRequest) -> HttpResponse:
    """Chế độ báo cáo: the report periods with their dates and sources and, for one's area, where each unit stands
    on the chosen one (state, deadline, days left or overdue). National administrators and province officers open
    a year's periods here."""
    user = actor_of(request)
    visible = report_units_visible_to(user)
    if not visible.exists():
        raise Http404
    day = today()
    may_open = can_open_periods(user)
    open_form = OpenPeriodsForm(request.POST or None, initial={"year": day.year})
    if request.method == "POST":
        if not may_open:
            raise Http404
        if open_form.is_valid():
            try:
                opened = report_periods_open(actor=user, year=open_form.cleaned_data["year"])
            except ValidationError as error:
                open_form.add_service_error(error)
            else:
                messages.success(
                    request, _("Đã mở các kỳ báo cáo: %(titles)s.") % {"titles": ", ".join(p.title for p in opened)}
                )
                return redirect("reports:regime")
    province = None
    if request.GET.get("tinh"):
        province = visible.filter(code=request.GET["tinh"], level=Level.PROVINCE).first()
        if province is None:
            raise Http404
    periods = list(ReportPeriod.objects.all())
    period = _period_shown(periods, request.GET.get("ky", ""), day)
    units = [] if user.role == Role.AGENCY_OFFICER else regime_units_for(user, province=province)
    agencies = regime_agencies_for(user, province=province)
    rows = regime_rows(period=period, units=units, day=day, agencies=agencies) if period else []
    return render(
        request,
        "reports/regime.html",
        {
            "periods": periods,
            "period": period,
            "rows": rows,
            "day": day,
            "province": province,
            "overdue": sum(1 for r in rows if r.overdue),
            "sent": sum(1 for r in rows if r.sent),
            "open_form": open_form if may_open else None,
            "national": is_national(user),
        },
    )


def _submission_of(
    request: HttpRequest, period_pk: int, unit_code: str
) -> tuple[ReportPeriod, AdminUnit, Submission | None]:
    """The period, a unit of one's area (404 outside it) and its report, if any."""
    unit = get_object_or_404(report_units_visible_to(request.user).select_related("province"), code=unit_code)
    period = get_object_or_404(ReportPeriod, pk=period_pk)
    submission = (
        Submission.objects.filter(period=period, unit=unit, agency__isnull=True)
        .select_related("period", "unit__province", "drafted_by", "submitted_by", "reviewed_by")
        .first()
    )
    return period, unit, submission


def _agency_submission_of(
    request: HttpRequest, period_pk: int, agency_pk: int
) -> tuple[ReportPeriod, Agency, Submission | None]:
    """The period, an agency of a province of one's area (404 otherwise) and its report, if any."""
    agency = get_object_or_404(agencies_visible_to(request.user), pk=agency_pk)
    period = get_object_or_404(ReportPeriod, pk=period_pk)
    submission = (
        Submission.objects.filter(period=period, agency=agency)
        .select_related("period", "unit__province", "agency", "drafted_by", "submitted_by", "reviewed_by")
        .first()
    )
    return period, agency, submission


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, period_pk: int, unit_code: str) -> HttpResponse:
    """A unit's report for a period: its figures (frozen once sent, with a notice when the data have changed since),
    the narrative its officers write and send, and the review by the level above."""
    period, unit, submission = _submission_of(request, period_pk, unit_code)
    here = reverse("reports:submission", kwargs={"period_pk": period.pk, "unit_code": unit.code})
    return _submission_page(request, period=period, unit=unit, agency=None, submission=submission, here=here)


@login_required
@require_http_methods(["GET", "POST"])
def agency_submission(request: HttpRequest, period_pk: int, agency_pk: int) -> HttpResponse:
    """An agency's report for a period, written by its officers and reviewed by the province's."""
    period, agency, submission = _agency_submission_of(request, period_pk, agency_pk)
    here = reverse("reports:agency_submission", kwargs={"period_pk": period.pk, "agency_pk": agency.pk})
    return _submission_page(
        request, period=period, unit=agency.province, agency=agency, submission=submission, here=here
    )


def _submission_page(
    request: HttpRequest,
    *,
    period: ReportPeriod,
    unit: AdminUnit,
    agency: Agency | None,
    submission: Submission | None,
    here: str,
) -> HttpResponse:
    user = actor_of(request)
    editable = submission is None or submission.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)
    may_draft = can_draft_submission(user, unit, agency) and editable
    may_review = (
        submission is not None
        and submission.state == SubmissionState.SUBMITTED
        and can_review_submission(user, unit, agency)
    )
    initial = (
        {k: getattr(submission, k) for k in ("number", "results", "difficulties", "proposals")} if submission else {}
    )
    form = SubmissionForm(initial=initial)
    review_form = ReviewForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        allowed = {"save": may_draft, "submit": may_draft and submission is not None}
        allowed |= {"approve": may_review, "return": may_review}
        if not allowed.get(action):
            raise Http404
        if action == "save":
            form = SubmissionForm(request.POST)
            if form.is_valid():
                try:
                    submission_draft(actor=user, period=period, unit=unit, agency=agency, **form.cleaned_data)
                except ValidationError as error:
                    form.add_service_error(error)
                else:
                    messages.success(request, _("Đã lưu báo cáo; số liệu được lập lại theo dữ liệu hiện tại."))
                    return redirect(here)
        elif action == "submit":
            assert submission is not None
            try:
                submission_submit(actor=user, submission=submission)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Đã gửi báo cáo; số liệu được giữ nguyên như lúc gửi."))
            return redirect(here)
        else:
            assert submission is not None
            review_form = ReviewForm(request.POST)
            if review_form.is_valid():
                comment = review_form.cleaned_data["comment"]
                try:
                    if action == "approve":
                        submission_approve(actor=user, submission=submission, comment=comment)
                    else:
                        submission_return(actor=user, submission=submission, comment=comment)
                except ValidationError as error:
                    review_form.add_service_error(error)
                else:
                    done = _("Đã duyệt báo cáo.") if action == "approve" else _("Đã trả lại báo cáo.")
                    messages.success(request, done)
                    return redirect(here)
    live, live_error = None, ""
    try:
        # A province's own targets are measured on the whole register (seconds for a large province): the page
        # compares its tables and communes; the targets are measured when the report is saved and sent.
        live = submission_figures(
            period=period, unit=unit, agency=agency, with_targets=unit.level == Level.COMMUNE or agency is not None
        )
    except ReportError as error:
        live_error = str(error)
    figures = submission.figures if submission else live or {}
    differences = figures_differences(submission.figures, live) if submission and live is not None else []
    history = (
        AuditEntry.objects.filter(
            target_type=Submission._meta.label_lower, target_id=str(submission.pk)
        ).select_related("actor")
        if submission
        else AuditEntry.objects.none()
    )
    tables = figures_tables(figures, unit)
    documents = (
        reverse(
            "reports:agency_submission_document", kwargs={"period_pk": period.pk, "agency_pk": agency.pk, "fmt": "-"}
        )
        if agency is not None
        else reverse("reports:submission_document", kwargs={"period_pk": period.pk, "unit_code": unit.code, "fmt": "-"})
    )
    return render(
        request,
        "reports/submission_detail.html",
        {
            "period": period,
            "unit": unit,
            "agency": agency,
            "reporter": agency.name if agency is not None else unit.name,
            "submission": submission,
            "row": regime_row(period, unit, submission, today(), agency),
            "figures": figures,
            "tables": [{"table": t, "sections": table_sections(t)} for t in tables],
            "differences": differences,
            "live_error": live_error,
            "form": form if may_draft else None,
            "may_submit": may_draft and submission is not None,
            "review_form": review_form if may_review else None,
            "history": list(history),
            "pdf_url": documents.replace("/-/", "/pdf/"),
            "xlsx_url": documents.replace("/-/", "/xlsx/"),
        },
    )


@login_required
@require_GET
def submission_document(request: HttpRequest, period_pk: int, unit_code: str, fmt: str) -> HttpResponse:
    """The report as an official document (PDF) or its figures as a workbook: the figures it holds (frozen when sent;
    for a draft, as of its last save)."""
    period, unit, submission = _submission_of(request, period_pk, unit_code)
    return _submission_document(period, unit, submission, fmt, name=unit.code)


@login_required
@require_GET
def agency_submission_document(request: HttpRequest, period_pk: int, agency_pk: int, fmt: str) -> HttpResponse:
    period, agency, submission = _agency_submission_of(request, period_pk, agency_pk)
    name = f"{agency.province.code}-co-quan-{agency.pk}"
    return _submission_document(period, agency.province, submission, fmt, name=name, agency=agency)


def _submission_document(
    period: ReportPeriod,
    unit: AdminUnit,
    submission: Submission | None,
    fmt: str,
    *,
    name: str,
    agency: Agency | None = None,
) -> HttpResponse:
    if submission is None or fmt not in ("pdf", "xlsx"):
        raise Http404
    tables = figures_tables(submission.figures, unit)
    file = f"bao-cao-{period.kind}-{period.year}-{name}.{fmt}"
    if fmt == "pdf":
        content = submission_pdf(
            submission=submission,
            tables=tables,
            figures=submission.figures,
            recipient=recipient_of(period, unit, agency),
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = f'inline; filename="{file}"'
        return response
    response = HttpResponse(
        submission_xlsx(submission=submission, tables=tables, figures=submission.figures),
        content_type=CONTENT_TYPES["xlsx"],
    )
    response["Content-Disposition"] = f'attachment; filename="{file}"'
    return response
