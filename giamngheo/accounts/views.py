"""Account pages: log in and out, change password, and the audit trail for those who check others' work."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from giamngheo.accounts.access import can_read_audit
from giamngheo.accounts.audit_display import audit_entries_readable
from giamngheo.accounts.forms import AuditFilterForm, LoginForm, PasswordChangeForm
from giamngheo.accounts.selectors import audit_entries_visible_to

AUDIT_PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Đã đăng xuất."))
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("registry:household_list")
    success_message = _("Đã đổi mật khẩu.")


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user).select_related("actor")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_list.html",
        {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "rows": audit_entries_readable(page.object_list),
        },
    )
