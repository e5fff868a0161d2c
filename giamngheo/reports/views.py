"""The reports page: choose a table, a unit of one's area, a year and a format, and download it."""

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from giamngheo.accounts.models import User
from giamngheo.reports.catalogue import file_name, report_write
from giamngheo.reports.forms import ReportForm
from giamngheo.reports.selectors import report_units_visible_to
from giamngheo.reports.tables import ReportError

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
