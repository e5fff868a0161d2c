"""The dashboards (tổng quan) of the country, a province and a commune of one's area."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from giamngheo.accounts.access import is_national
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.http import actor_of
from giamngheo.reports.tallies.dashboards import Dashboard, dashboard_build
from giamngheo.reports.tallies.selectors import report_units_visible_to


def _year_asked(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


def _register_link(commune: AdminUnit, **filters: object) -> str:
    """The register's own household list, filtered (registry.views.household_list_view): no second register page."""
    return f"{reverse('registry:household_list')}?{urlencode({'commune': commune.pk, **filters})}"


def _chart_data(board: Dashboard) -> dict[str, object]:
    """What static/js/dashboard.js draws: labels and numbers only, every text already translated."""
    ranked = board.ranking[:20]
    return {
        "series": {
            "labels": [str(year) for year, _f in board.series],
            "poor": [f.poor_rate for _y, f in board.series],
            "near_poor": [f.near_poor_rate for _y, f in board.series],
        },
        "ranking": {
            "labels": [r.unit.name for r in ranked],
            "poor": [r.figures.poor_rate for r in ranked],
            "near_poor": [r.figures.near_poor_rate for r in ranked],
        },
        "deprivations": {
            "labels": [d.label for d in board.deprivations],
            "poor": [d.poor_share for d in board.deprivations],
            "near_poor": [d.near_poor_share for d in board.deprivations],
        },
        "groups": {
            "labels": [g.label.split(" (")[0] for g in board.groups],  # the table below says what "Khác" is
            "poor": [g.poor for g in board.groups],
            "near_poor": [g.near_poor for g in board.groups],
        },
        "text": {
            "poor": _("Hộ nghèo"),
            "near_poor": _("Hộ cận nghèo"),
            "poor_rate": _("Tỷ lệ hộ nghèo (%)"),
            "near_poor_rate": _("Tỷ lệ hộ cận nghèo (%)"),
            "share": _("Tỷ lệ hộ thiếu hụt (%)"),
            "households": _("Số hộ"),
        },
    }


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Tổng quan: the country (national scope), a province or a commune of one's area; anything else is 404."""
    units = report_units_visible_to(request.user)
    user = actor_of(request)
    national = is_national(user)
    unit: AdminUnit | None = None
    if code is None:
        if not national:
            own = units.filter(pk=user.area_id).first() if user.area_id else None
            if own is None:
                raise Http404
            return redirect("reports:dashboard_unit", code=own.code)
    else:
        unit = units.filter(code=code).select_related("province").first()
        if unit is None:
            raise Http404
    board = dashboard_build(unit=unit, year=_year_asked(request))
    trail: list[tuple[str, str]] = []  # (name, url) of the units above, where the user may go
    if national:
        trail.append((_("Cả nước"), reverse("reports:dashboard")))
    province = unit.province if unit is not None and unit.level == Level.COMMUNE else None
    if province is not None and units.filter(pk=province.pk).exists():
        trail.append((province.name, reverse("reports:dashboard_unit", kwargs={"code": province.code})))
    year = board.year
    context: dict[str, object] = {
        "board": board,
        "trail": trail,
        "chart_data": _chart_data(board),
        "ranking": [
            (ranked, f"{reverse('reports:dashboard_unit', kwargs={'code': ranked.unit.code})}?year={year}")
            for ranked in board.ranking
        ],
    }
    if unit is not None and unit.level == Level.COMMUNE:
        context["register"] = {
            "all": _register_link(unit),
            "poor": _register_link(unit, status="poor"),
            "near_poor": _register_link(unit, status="near_poor"),
        }
        context["villages"] = [
            (
                row,
                {
                    "all": _register_link(unit, village=row.village.pk),
                    "poor": _register_link(unit, village=row.village.pk, status="poor"),
                    "near_poor": _register_link(unit, village=row.village.pk, status="near_poor"),
                },
            )
            for row in board.villages
        ]
    return render(request, "reports/dashboard.html", context)
