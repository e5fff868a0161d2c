"""Recording on a household's page the support it received, and cancelling a record made by mistake. Households
outside one's area, and users who may not record, get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo.accounts.access import can_cancel_support, can_record_support
from giamngheo.common.http import actor_of
from giamngheo.registry.selectors import household_get_for_user
from giamngheo.support.forms import CancelForm, SupportForm
from giamngheo.support.kinds import support_kinds
from giamngheo.support.models import Support
from giamngheo.support.services import support_cancel, support_record


@login_required
@require_http_methods(["GET", "POST"])
def support_create(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = household_get_for_user(user=request.user, pk=household_pk)
    if not can_record_support(request.user, household):
        raise Http404
    form = SupportForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            support_record(actor=actor_of(request), household=household, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận hỗ trợ."))
            return redirect("registry:household_detail", pk=household.pk)
    return render(
        request,
        "support/support_form.html",
        {"household": household, "form": form, "kinds": support_kinds().values()},
    )


@login_required
@require_POST
def support_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    support = get_object_or_404(Support.objects.select_related("household"), pk=pk)
    household = household_get_for_user(user=request.user, pk=support.household_id)  # 404 outside one's area
    if not can_cancel_support(request.user, household):
        raise Http404
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            support_cancel(actor=actor_of(request), support=support, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã huỷ bản ghi hỗ trợ."))
    else:
        messages.error(request, _("Ghi rõ lý do huỷ."))
    return redirect("registry:household_detail", pk=household.pk)
