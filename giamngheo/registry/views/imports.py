"""Import of households from an Excel or CSV file, for commune officers: every row or none (registry.imports)."""

import io
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import managed_commune_of
from giamngheo.areas.models import AdminUnit
from giamngheo.common.http import actor_of
from giamngheo.registry.forms import (
    ImportUploadForm,
)
from giamngheo.registry.imports import households_import, import_errors_write, import_summary, import_template_write
from giamngheo.registry.imports.reports import import_reports_folder

IMPORT_SHOWN = 200


def _import_commune(user: Any) -> AdminUnit:
    """The commune an officer imports for; everyone else gets 404 (the command serves national imports)."""
    commune = managed_commune_of(user)
    if commune is None:
        raise Http404
    return commune


def _upload_name(name: str) -> str:
    """The user's own file name, so that the import's messages name the file they chose, kept within what a file
    system takes (no folder, no NUL byte, at most 200 bytes); the form has checked its .xlsx / .csv suffix."""
    plain = Path(name.replace("\x00", "")).name
    stem, suffix = Path(plain).stem, Path(plain).suffix.lower()
    while len((stem + suffix).encode()) > 200:
        stem = stem[:-1]
    return (stem if stem.strip(". ") else "tep-tai-len") + suffix


@login_required
@require_http_methods(["GET", "POST"])
def household_import_view(request: HttpRequest) -> HttpResponse:
    commune = _import_commune(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / _upload_name(upload.name)
            with path.open("wb") as sink:
                for chunk in upload.chunks():
                    sink.write(chunk)
            result = households_import(actor=actor_of(request), path=path, commune=commune)
        if result.ok:
            messages.success(request, import_summary(result))
            for warning in result.warnings[:IMPORT_SHOWN]:
                messages.warning(request, str(warning))
            return redirect(f"{reverse('registry:household_list')}?commune={commune.pk}")
        # The full report (with the values typed) is kept for this user's session only, at most a day
        # (purge_import_reports).
        token = secrets.token_urlsafe(16)
        report = import_reports_folder() / f"{token}.xlsx"
        report.parent.mkdir(parents=True, exist_ok=True)
        import_errors_write(errors=result.errors, path=report)
        request.session["import_report"] = token
    return render(
        request,
        "registry/household_import.html",
        {"form": form, "commune": commune, "result": result, "shown": IMPORT_SHOWN},
    )


@login_required
@require_GET
def household_import_report(request: HttpRequest) -> FileResponse:
    _import_commune(request.user)
    token = request.session.get("import_report", "")
    report = import_reports_folder() / f"{token}.xlsx"
    if not token or not report.is_file():
        raise Http404
    # The report holds the names and CCCDs that were typed: it is handed over once, then deleted.
    data = report.read_bytes()
    report.unlink()
    del request.session["import_report"]
    return FileResponse(io.BytesIO(data), as_attachment=True, filename="bao-cao-loi-nhap-ho.xlsx")


@login_required
@require_GET
def household_import_template(request: HttpRequest) -> FileResponse:
    _import_commune(request.user)
    folder = Path(tempfile.mkdtemp())
    path = import_template_write(path=folder / "mau-nhap-ho.xlsx")
    data = path.read_bytes()
    shutil.rmtree(folder)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename="mau-nhap-ho.xlsx")
