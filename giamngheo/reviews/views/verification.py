"""The public verification page of a certificate (/xac-minh/<code>/): anyone who holds the paper, or is shown it,
checks that it is real and still in force. No login; rate-limited per address like the other public pages; a
malformed code and an unknown one get the same answer, so the page tells nothing about which codes exist."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from giamngheo.accounts.access import can_verify_certificates_in_bulk
from giamngheo.reviews.forms import CodesUploadForm
from giamngheo.reviews.selectors import verification_counts_visible_to
from giamngheo.reviews.services.verification import certificate_verify, certificates_verify_many
from giamngheo.reviews.verification import code_parse, code_printed
from giamngheo.reviews.views import base


def _rate(group: str, request: HttpRequest) -> str:
    return str(settings.VERIFICATION_RATE)


def _limited(request: HttpRequest) -> HttpResponse:
    message = _("Có quá nhiều lượt xác minh từ cùng một địa chỉ trong thời gian ngắn. Hãy thử lại sau ít phút.")
    back = reverse("verification:start")
    return render(request, "reviews/public_limited.html", {"message": message, "back": back}, status=429)


@never_cache
@require_GET
@ratelimit(key="ip", rate=_rate, method="GET", block=False)
def verification_start(request: HttpRequest) -> HttpResponse:
    """Type the code printed under the QR code; the page then is the code's own address."""
    if getattr(request, "limited", False):
        return _limited(request)
    typed = request.GET.get("ma", "")
    parsed = code_parse(typed) if typed else None
    if parsed:
        return redirect("verification:check", code=code_printed(parsed))
    return render(request, "reviews/verification.html", {"typed": "", "asked": bool(typed), "result": None})


@never_cache
@require_GET
@ratelimit(key="ip", rate=_rate, method="GET", block=False)
def verification_check(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _limited(request)
    result = certificate_verify(code=code, day=base.today())
    # The typed code is not echoed: a malformed code and an unknown one get the very same page.
    return render(
        request,
        "reviews/verification.html",
        {"typed": "", "asked": True, "result": result},
        status=200 if result else 404,
    )


@login_required
@require_http_methods(["GET", "POST"])
def verification_bulk(request: HttpRequest) -> HttpResponse:
    """An agency's officer uploads the codes of the certificates it was shown (Excel) and reads each one's state."""
    if not can_verify_certificates_in_bulk(request.user):
        raise Http404
    form = CodesUploadForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = certificates_verify_many(codes=form.cleaned_data["file"], day=base.today())
    return render(request, "reviews/verification_bulk.html", {"form": form, "results": results})


@login_required
@require_GET
def verification_counts(request: HttpRequest) -> HttpResponse:
    """How often each commune's certificates were checked, month by month, for the communes of one's area."""
    counts = (
        verification_counts_visible_to(request.user)
        .values("commune__name", "day__year", "day__month")
        .annotate(checks=Sum("checks"))
        .order_by("commune__name", "-day__year", "-day__month")
    )
    return render(request, "reviews/verification_counts.html", {"counts": list(counts)})
