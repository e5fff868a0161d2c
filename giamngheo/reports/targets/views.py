"""A unit's targets for a year and where it stands on each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamngheo.accounts.access import can_set_targets, is_national
from giamngheo.common.http import actor_of
from giamngheo.reports.tallies.choosing import province_choose
from giamngheo.reports.tallies.selectors import report_units_visible_to
from giamngheo.reports.targets.forms import TargetForm
from giamngheo.reports.targets.progress import progress
from giamngheo.reports.targets.services import target_set


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """A unit's targets for a year and where it stands on each, with the definition used; its officer sets them."""
    units = report_units_visible_to(request.user)
    user = actor_of(request)
    code = request.GET.get("unit") or (user.area.code if user.area else "")
    unit = units.filter(code=code).first()
    if unit is None:
        if not code and is_national(user):
            return province_choose(request, units, title=_("Chỉ tiêu giảm nghèo"))
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
