"""The Alkire–Foster comparison and a unit's years on today's map."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from giamngheo.accounts.access import is_national
from giamngheo.common.http import actor_of
from giamngheo.reports.analysis.comparison import register_mpi
from giamngheo.reports.analysis.forms import MPIForm
from giamngheo.reports.analysis.history import series_on_current_map
from giamngheo.reports.tables.selectors import ReportError
from giamngheo.reports.tallies.choosing import province_choose
from giamngheo.reports.tallies.selectors import report_units_visible_to


@login_required
@require_GET
def mpi(request: HttpRequest) -> HttpResponse:
    """Alkire–Foster measures of a unit's households beside the official classification, with the difference said."""
    units = report_units_visible_to(request.user)
    if not units.exists():
        raise Http404
    user = actor_of(request)
    initial = {"year": timezone.localdate().year, "unit": user.area.code if user.area else "", "scheme": "equal"}
    form = MPIForm(request.GET or None, units=units, initial=initial)
    comparison = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            comparison = register_mpi(
                unit=data["unit"],
                year=data["year"],
                k=float(data["k"]) if data["k"] is not None else None,
                scheme=data["scheme"],
                group=data["group"],
            )
        except ReportError as error:
            form.add_error("k", str(error))
    return render(request, "reports/mpi.html", {"form": form, "comparison": comparison})


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """A unit's poor and near-poor households year by year on today's map, with how old communes were counted."""
    units = report_units_visible_to(request.user)
    user = actor_of(request)
    code = request.GET.get("unit") or (user.area.code if user.area else "")
    unit = units.filter(code=code).first()
    if unit is None:
        if not code and is_national(user):
            return province_choose(request, units, title=_("Hộ nghèo, hộ cận nghèo qua các năm"))
        raise Http404
    this_year = timezone.localdate().year
    series = series_on_current_map(unit=unit, years=range(2016, this_year + 1))
    return render(request, "reports/history.html", {"series": series})
