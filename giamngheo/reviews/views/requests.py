"""Requests (Mẫu 01, Mẫu 04): received by the commune, or sent by the family online."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from giamngheo.accounts.access import can_receive_applications
from giamngheo.common.http import actor_of
from giamngheo.registry.selectors import households_visible_to
from giamngheo.reviews.forms import ApplicationReceiveForm, OnlineRequestForm
from giamngheo.reviews.models import Channel
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import applications_visible_to, household_for_online_request, overdue_applications
from giamngheo.reviews.services.campaigns import application_receive
from giamngheo.reviews.views import base


@login_required
@require_http_methods(["GET", "POST"])
def applications(request: HttpRequest) -> HttpResponse:
    """The commune's requests (Mẫu 01, Mẫu 04) with their 15-day deadlines; overdue ones first."""
    visible = applications_visible_to(request.user).select_related("item__campaign", "household__head")
    form = None
    if can_receive_applications(request.user):
        form = ApplicationReceiveForm(request.POST or None, initial={"received_on": base.today()})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            household = households_visible_to(request.user).filter(code=data["household_code"].strip()).first()
            if household is None:
                form.add_error(
                    "household_code", _("Không có hộ mã %(code)s trong xã.") % {"code": data["household_code"]}
                )
            else:
                try:
                    application_receive(
                        actor=actor_of(request),
                        household=household,
                        form=data["form"],
                        applicant_name=data["applicant_name"],
                        reason=data["reason"],
                        received_on=data["received_on"],
                        channel=data["channel"],
                    )
                except ValidationError as error:
                    form.add_service_error(error)
                else:
                    messages.success(request, _("Đã nhận giấy đề nghị của hộ %(code)s.") % {"code": household.code})
                    return redirect("reviews:applications")
    elif request.method == "POST":
        raise Http404
    day = base.today()
    overdue_ids = set(overdue_applications(visible, day).values_list("pk", flat=True))
    return render(
        request,
        "reviews/applications.html",
        {
            "applications": visible[:300],
            "overdue_ids": overdue_ids,
            "form": form,
            "today": day,
            "procedure": procedure_in_force(day),
        },
    )


def _online_rate(group: str, request: HttpRequest) -> str:
    return str(settings.ONLINE_REQUEST_RATE)


@sensitive_post_parameters("head_citizen_id")
@never_cache
@ratelimit(key="ip", rate=_online_rate, method="POST", block=False)
def online_request(request: HttpRequest) -> HttpResponse:
    """Public page: a household sends Mẫu 01 or Mẫu 04 itself. It is received like a paper request, with the
    channel "online", and appears on the commune's request list with its deadline."""
    if getattr(request, "limited", False):
        message = _(
            "Có quá nhiều giấy đề nghị gửi từ cùng một địa chỉ trong thời gian ngắn. Hãy thử lại sau một giờ, hoặc "
            "nộp trực tiếp tại UBND xã."
        )
        back = reverse("reviews:online_request")
        return render(request, "reviews/public_limited.html", {"message": message, "back": back}, status=429)
    form = OnlineRequestForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = household_for_online_request(code=data["household_code"], head_citizen_id=data["head_citizen_id"])
        if household is None:
            form.add_error(None, _("Mã hộ và số CCCD của chủ hộ không khớp với sổ hộ gia đình của xã."))
        else:
            try:
                application = application_receive(
                    actor=None,
                    household=household,
                    form=data["form"],
                    applicant_name=data["applicant_name"],
                    reason=data["reason"],
                    received_on=base.today(),
                    channel=Channel.ONLINE,
                )
            except ValidationError as error:
                form.add_service_error(error)
    return render(request, "reviews/online_request.html", {"form": form, "application": application})
