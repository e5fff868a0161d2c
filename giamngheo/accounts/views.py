"""Account pages: log in and out, change password, and for those who check others' work the audit trail and the
trace of who read whose personal data."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from giamngheo.accounts.access import can_read_audit, can_read_personal_data_reads, can_see_citizen_id
from giamngheo.accounts.audit_display import audit_entries_readable
from giamngheo.accounts.forms import AuditFilterForm, DateRangeFilterForm, LoginForm, PasswordChangeForm, ReadFilterForm
from giamngheo.accounts.models import AuditEntry, PersonalDataRead
from giamngheo.accounts.selectors import audit_entries_visible_to, personal_data_reads_visible_to

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


def _in_range(rows: QuerySet, form: DateRangeFilterForm, day: str) -> QuerySet:
    """The rows whose `day` lookup falls in the form's range (all of them while the form is unbound or invalid)."""
    if not (form.is_bound and form.is_valid()):
        return rows
    if form.cleaned_data["date_from"]:
        rows = rows.filter(**{f"{day}__gte": form.cleaned_data["date_from"]})
    if form.cleaned_data["date_to"]:
        rows = rows.filter(**{f"{day}__lte": form.cleaned_data["date_to"]})
    return rows


def _paged(request: HttpRequest, rows: QuerySet) -> dict[str, object]:
    page = Paginator(rows, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)}


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries: QuerySet[AuditEntry] = _in_range(
        audit_entries_visible_to(request.user).select_related("actor"), form, "at__date"
    )
    if form.is_bound and form.is_valid() and form.cleaned_data["action"]:
        entries = entries.filter(action=form.cleaned_data["action"])
    context = _paged(request, entries)
    return render(
        request,
        "accounts/audit_list.html",
        {
            **context,
            "form": form,
            "rows": audit_entries_readable(
                context["page"].object_list,  # type: ignore[attr-defined]
                citizen_ids_shown=can_see_citizen_id(request.user),
            ),
            "can_read_reads": can_read_personal_data_reads(request.user),
        },
    )


@login_required
@require_GET
def personal_data_reads(request: HttpRequest) -> HttpResponse:
    """Who read whose personal data (households, persons, CCCDs shown, files downloaded), one row per user, object
    and day, in the reader's area."""
    return personal_data_reads_page(request, reads=personal_data_reads_visible_to(request.user))


def personal_data_reads_page(
    request: HttpRequest, *, reads: "QuerySet[PersonalDataRead]", about: str = ""
) -> HttpResponse:
    """The trace's page over `reads` (already within the reader's area), filtered as asked; `about` names the one
    household it is limited to, if any (the household's page links here)."""
    if not can_read_personal_data_reads(request.user):
        raise Http404
    form = ReadFilterForm(request.GET or None)
    reads = _in_range(reads, form, "day")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["user"].strip():
            who = data["user"].strip()
            reads = reads.filter(Q(user_label__icontains=who) | Q(user__full_name__icontains=who))
        if data["kind"]:
            reads = reads.filter(kind=data["kind"])
        if data["target"].strip():
            what = data["target"].strip()
            reads = reads.filter(Q(label__icontains=what) | Q(key=what))
    context = {**_paged(request, reads), "form": form, "about": about, "can_read_reads": True}
    return render(request, "accounts/read_list.html", context)
