"""Pages of the standards app: the officer's classification of a household, and the public self-assessment page.

On the self-assessment page a family checks its likely status and nothing typed is stored or logged: answers travel
by POST (never in the URL, so not in access logs), are not put in the session or the database, and are hidden from
error reports. Submissions are rate-limited per address.
"""

import datetime
import io
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from giamngheo.accounts.access import can_load_proxy_tables
from giamngheo.common.http import actor_of
from giamngheo.registry.selectors import household_get_for_edit
from giamngheo.standards.derive import DerivationUnavailable, derive
from giamngheo.standards.forms import ClassifyForm, ProxyTableUploadForm, SelfAssessmentForm
from giamngheo.standards.models import ProxyTable
from giamngheo.standards.params import standard_in_force, standards
from giamngheo.standards.proxy import PointTable, table_for
from giamngheo.standards.proxy_tables import proxy_tables_load, proxy_tables_template_write
from giamngheo.standards.rules import INCOME_BAND_LABELS, STATUS_LABELS, InvalidInput, classify, vnd
from giamngheo.standards.services import assessment_from_proxy, assessment_from_register, household_facts


def today() -> datetime.date:
    return timezone.localdate()


def _rate(group: str, request: HttpRequest) -> str:
    return str(settings.SELF_ASSESSMENT_RATE)


@sensitive_post_parameters()
@never_cache
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def self_assessment(request: HttpRequest) -> HttpResponse:
    day = today()
    standard = standard_in_force(day)
    upcoming = [s for s in standards().values() if s.valid_from > day][:1]
    if getattr(request, "limited", False):
        return render(request, "standards/self_assessment_limited.html", status=429)
    form = SelfAssessmentForm(request.POST or None, standard=standard)
    result = None
    if request.method == "POST" and form.is_valid():
        income = form.income_per_capita()
        result = classify(standard, area=form.cleaned_data["area"], income_per_capita=income, deprived=form.deprived())
    context = {
        "form": form,
        "standard": standard,
        "upcoming": upcoming[0] if upcoming else None,
        "result": result,
        "status_label": STATUS_LABELS.get(result.status) if result else "",
        "band_label": INCOME_BAND_LABELS.get(result.income_band) if result else "",
        "income_text": vnd(form.income_per_capita()) if result else "",
        "lines": {area: vnd(p.value) for area, p in standard.poverty_line.items()},
        "unverified": standard.unverified_params(),
    }
    return render(request, "standards/self_assessment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def household_classify(request: HttpRequest, pk: int) -> HttpResponse:
    """Derive the household's indicators under the standard in force, let the officer correct them, and store."""
    household = household_get_for_edit(user=request.user, pk=pk)
    day = today()
    standard = standard_in_force(day)
    try:
        derivation = derive(standard, household_facts(household), as_of=day)
    except DerivationUnavailable as error:
        messages.error(request, str(error))
        return redirect("registry:household_detail", pk=household.pk)
    try:
        table: PointTable | None = table_for(standard, area_type=household.area_type, region=household.commune.region)
    except InvalidInput:
        table = None
    form = ClassifyForm(
        request.POST or None,
        standard=standard,
        proxy_table=table,
        initial={"income_per_capita": household.income_per_capita, "method": "income"},
    )
    if request.method == "POST" and form.is_valid():
        actor = actor_of(request)
        try:
            if form.cleaned_data["method"] == "proxy":
                assessment = assessment_from_proxy(
                    actor=actor,
                    household=household,
                    as_of=day,
                    answers=form.proxy_answers(),
                    overrides=form.overrides(),
                )
            else:
                assessment = assessment_from_register(
                    actor=actor,
                    household=household,
                    as_of=day,
                    income_per_capita=form.cleaned_data["income_per_capita"],
                    overrides=form.overrides(),
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Đã lưu kết quả phân loại: %(status)s.") % {"status": assessment.get_status_display()}
            )
            return redirect("registry:household_detail", pk=household.pk)
    return render(
        request,
        "standards/household_classify.html",
        {
            "household": household,
            "standard": standard,
            "form": form,
            "derivation": derivation,
            "as_of": day,
            "proxy_table": table,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proxy_tables(request: HttpRequest) -> HttpResponse:
    """National administrators load the B1 point tables from Excel; everyone else: 404."""
    user = request.user
    if not can_load_proxy_tables(user):
        raise Http404
    form = ProxyTableUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "b1.xlsx"
            path.write_bytes(upload.read())
            try:
                count = proxy_tables_load(
                    actor=actor_of(request),
                    path=path,
                    standard_code=form.cleaned_data["standard"],
                    verified=form.cleaned_data["verified"],
                    source=form.cleaned_data["source"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã nạp %(n)s bảng điểm B1.") % {"n": count})
                return redirect("standards:proxy_tables")
    return render(
        request,
        "standards/proxy_tables.html",
        {"form": form, "tables": ProxyTable.objects.filter(is_active=True).select_related("loaded_by")},
    )


@login_required
@require_GET
def proxy_table_template_download(request: HttpRequest, code: str) -> FileResponse:
    if not can_load_proxy_tables(request.user):
        raise Http404
    folder = Path(tempfile.mkdtemp())
    try:
        data = proxy_tables_template_write(path=folder / "b1.xlsx", standard_code=code).read_bytes()
    except ValidationError:
        raise Http404 from None
    finally:
        shutil.rmtree(folder)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"bang-diem-b1-{code}.xlsx")
