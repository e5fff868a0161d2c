"""The page that asks a national user which province a unit's report page should show.

A province or commune officer's pages open on their own area; a national officer has no area of their own, so the
targets and year-by-year pages ask for a province instead of answering 404 (issue 11: those pages were unreachable
from the menu for the national office)."""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.models import vi_order


def province_choose(request: HttpRequest, units: QuerySet[AdminUnit], *, title: str) -> HttpResponse:
    """List the provinces the user may report on, each a link to this page with `?unit=<code>` (the year kept)."""
    year = request.GET.get("year", "")
    kept = {"year": year} if year.isdigit() else {}
    provinces = units.filter(level=Level.PROVINCE).order_by(vi_order("name"))
    links = [(province, f"{request.path}?{urlencode({'unit': province.code, **kept})}") for province in provinces]
    return render(request, "reports/province_choose.html", {"title": title, "links": links})
