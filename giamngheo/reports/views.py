"""The reports page: choose a table, a unit of one's area, a year and a format, and download it."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.models import User
from giamngheo.reports.catalogue import file_name, report_write
from giamngheo.reports.forms import ReportForm, TargetForm
from giamngheo.reports.selectors import report_units_visible_to
from giamngheo.reports.services import can_set_targets, target_set
from giamngheo.reports.tables import ReportError
from giamngheo.reports.targets import progress

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
    user = request.user
    assert isinstance(user, User)
    initial = {"year": timezone.localdate().year, "format": "xlsx", "unit": user.area.code if user.area else ""}
    form = ReportForm(request.GET or None, units=units, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        name = file_name(data["report"], data["unit"], data["year"], data["format"])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            try:
                report_write(report=data["report"], unit=data["unit"], year=data["year"], fmt=data["format"], path=path)
            except ReportError as error:
                form.add_error(None, str(error))
            else:
                # The open file outlives its folder (removed on leaving the block): the response streams from it.
                handle = open(path, "rb")  # noqa: SIM115 (closed by FileResponse)
                return FileResponse(
                    handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[data["format"]]
                )
    return render(request, "reports/download.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """A unit's targets for a year and where it stands on each, with the definition used; its officer sets them."""
    units = report_units_visible_to(request.user)
    user = request.user
    assert isinstance(user, User)
    code = request.GET.get("unit") or (user.area.code if user.area else "")
    unit = units.filter(code=code).first()
    if unit is None:
        raise Http404
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2016 <= int(year_text) <= 2100 else timezone.localdate().year
    allowed = can_set_targets(user, unit)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        if not allowed:
            raise Http404
        if form.is_valid():
            try:
                target_set(actor=user, unit=unit, year=year, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect(f"{request.path}?unit={unit.code}&year={year}")
    return render(
        request,
        "reports/targets.html",
        {"unit": unit, "year": year, "rows": progress(unit=unit, year=year), "form": form if allowed else None},
    )
