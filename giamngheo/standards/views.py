"""The public self-assessment page: a family checks its likely status. Nothing typed is stored or logged.

Answers travel by POST (never in the URL, so not in access logs), are not put in the session or the database,
and are hidden from error reports. Requests are rate-limited per address.
"""

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.decorators import ratelimit

from giamngheo.standards.forms import SelfAssessmentForm
from giamngheo.standards.params import standard_in_force, standards
from giamngheo.standards.rules import INCOME_BAND_LABELS, STATUS_LABELS, classify, vnd


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
