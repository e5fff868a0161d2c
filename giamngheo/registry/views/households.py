"""Pages of the household register. Each view reads through the selectors, writes through one service call.

Households outside the user's area, and every editing page for a user who may only read, are "not found" (404):
the selectors and `household_get_for_edit` decide, the views never filter by area themselves. The cards that the
apps above the register add to a household's page (its classification, its reviews, its support) come from
`registry.panels`.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import (
    can_edit_register,
    can_read_personal_data_reads,
    can_see_citizen_id,
    managed_commune_of,
)
from giamngheo.accounts.audit_display import audit_entries_readable, field_value_display
from giamngheo.accounts.models import ReadKind
from giamngheo.accounts.selectors import audit_entries_for_household, personal_data_reads_visible_to
from giamngheo.accounts.views import personal_data_reads_page
from giamngheo.common.forms import form_add_service_error
from giamngheo.common.http import actor_of
from giamngheo.registry.forms import (
    CitizenIdShowForm,
    HeadChangeForm,
    HouseholdCreateForm,
    HouseholdEditForm,
    HouseholdFilterForm,
    JoinForm,
    LeaveForm,
    MergeForm,
    PersonEditForm,
    PersonForm,
    SplitForm,
    household_initial,
    person_initial,
)
from giamngheo.registry.models import Household, Person, Relation
from giamngheo.registry.panels import household_panels_render
from giamngheo.registry.selectors import (
    household_get_for_edit,
    household_get_for_user,
    household_list,
    households_visible_to,
    person_get_for_user,
)
from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS
from giamngheo.registry.services.households import (
    household_merge,
    household_register,
    household_set_head,
    household_split,
    household_update,
)
from giamngheo.registry.services.persons import person_add, person_leave, person_update
from giamngheo.registry.services.reads import register_read_record

PAGE_SIZE = 25
AUDIT_ON_PAGE = 50


def _person_for_edit(request: HttpRequest, pk: int) -> tuple[Person, Household]:
    """A person the user may change: in the area, with an editing role, in a household still on the list."""
    person = person_get_for_user(user=request.user, pk=pk)
    household = household_get_for_edit(user=request.user, pk=person.household_id)
    return person, household


def living_conditions_rows(household: Household) -> list[tuple[str, str]]:
    """The living conditions as (label, value) rows, labels from the model so that the page follows it."""
    fields = {field.name: field for field in Household._meta.concrete_fields}
    not_recorded = _("Chưa ghi nhận")
    return [
        (
            str(capfirst(fields[name].verbose_name)),
            field_value_display(fields[name], getattr(household, name), empty=not_recorded),
        )
        for name in HOUSEHOLD_FACT_FIELDS
    ]


class CappedPaginator(Paginator):
    """For a text search, counts at most `cap` matches: a common name over a national register matches thousands
    of households, and counting them all cost more than the page itself (docs/performance.md). Lists without a
    search keep their exact count (officials want the real number of households of their commune)."""

    cap = 1_000

    def __init__(self, *args: Any, capped: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counting_capped = capped

    @cached_property
    def count(self) -> int:
        if not self.counting_capped:
            return super().count
        # Without the order: a LIMIT over the ordered list would walk the whole ordered index for a rare name.
        households = cast(QuerySet[Household], self.object_list)
        return min(households.order_by()[: self.cap + 1].count(), self.cap + 1)

    @property
    def capped(self) -> bool:
        return self.counting_capped and self.count > self.cap


@login_required
@require_GET
def household_list_view(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    households = household_list(user=request.user, filters=filters)
    page = CappedPaginator(households, PAGE_SIZE, capped=bool(filters.q.strip())).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "can_edit": can_edit_register(request.user),
            "can_import": managed_commune_of(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's page. A reader who may not see full CCCDs sees them masked; the "Hiện số CCCD" button posts
    here and shows that member's number in this response only. Every view and every number shown is recorded
    (docs/security.md)."""
    household = household_get_for_user(user=request.user, pk=pk)
    shown: set[int] = set()
    if request.method == "POST":
        form = CitizenIdShowForm(request.POST, household=household)
        if not form.is_valid():
            for error in form.errors["person"]:
                messages.error(request, str(error))
            return redirect("registry:household_detail", pk=household.pk)
        person = form.cleaned_data["person"]
        register_read_record(user=request.user, kind=ReadKind.SHOW, household=household, person=person)
        shown.add(person.pk)
    register_read_record(user=request.user, kind=ReadKind.HOUSEHOLD, household=household)
    persons = list(household.persons.all())
    members = sorted((p for p in persons if p.is_member), key=lambda p: (p.pk != household.head_id, p.pk))
    former = [p for p in persons if not p.is_member]
    full = can_see_citizen_id(request.user, household)
    if full:
        shown.update(p.pk for p in members)
    can_edit = can_edit_register(request.user) and household.ended_on is None
    entries = audit_entries_for_household(user=request.user, household_id=household.pk)
    audit = audit_entries_readable(entries[:AUDIT_ON_PAGE], citizen_ids_shown=full) if entries is not None else None
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "facts": living_conditions_rows(household),
            "members": members,
            "former_members": former,
            "citizen_ids_shown": shown,
            "events": household.events.select_related("person", "other_household"),
            "moves_in": household.moves_in.select_related("person", "from_commune").order_by("moved_on", "pk"),
            "panels": household_panels_render(request=request, household=household),
            "audit": audit,
            "audit_limit": AUDIT_ON_PAGE,
            "can_edit": can_edit,
            "can_read_reads": can_read_personal_data_reads(request.user),
        },
    )


@login_required
@require_GET
def household_reads(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read this household's personal data, for auditors of its area (404 outside it)."""
    household = household_get_for_user(user=request.user, pk=pk)
    reads = personal_data_reads_visible_to(request.user).filter(household_id=household.pk)
    return personal_data_reads_page(request, reads=reads, about=_("Hộ %(household)s") % {"household": household})


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_register(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = HouseholdCreateForm(data, user=request.user)
    head_form = PersonForm(data, prefix="head", relation=Relation.HEAD)
    if data is not None and all([form.is_valid(), head_form.is_valid()]):
        village = form.cleaned_data["village"]
        try:
            household = household_register(
                actor=actor_of(request),
                commune=village.commune,
                village=village,
                members=[{**head_form.person_data(), "relation": Relation.HEAD}],
                registered_on=form.cleaned_data["registered_on"],
                code=form.cleaned_data["code"],
                address=form.cleaned_data["address"],
                area_type=form.cleaned_data["area_type"] or "",
                facts=form.facts(),
            )
        except ValidationError as error:
            form_add_service_error([form, head_form], error)
        else:
            messages.success(request, _("Đã thêm hộ %(code)s vào sổ.") % {"code": household.code})
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_create.html", {"form": form, "head_form": head_form})


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_edit(user=request.user, pk=pk)
    form = HouseholdEditForm(request.POST or None, user=request.user, initial=household_initial(household))
    if request.method == "POST" and form.is_valid():
        try:
            household_update(
                actor=actor_of(request),
                household=household,
                data=form.place_and_facts(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thông tin hộ %(code)s.") % {"code": household.code})
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_edit.html", {"form": form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def person_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_edit(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data)
    join_form = JoinForm(data)
    if data is not None and all([form.is_valid(), join_form.is_valid()]):
        try:
            person = person_add(
                actor=actor_of(request),
                household=household,
                data=form.person_data(),
                kind=join_form.cleaned_data["kind"],
                occurred_on=join_form.cleaned_data["occurred_on"] or form.cleaned_data["date_of_birth"],
                note=join_form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_error([form, join_form], error)
        else:
            messages.success(
                request, _("Đã thêm %(name)s vào hộ %(code)s.") % {"name": person.full_name, "code": household.code}
            )
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/person_add.html", {"form": form, "join_form": join_form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person, household = _person_for_edit(request, pk)
    if request.method == "GET":
        register_read_record(user=request.user, kind=ReadKind.PERSON, household=household, person=person)
    form = PersonEditForm(request.POST or None, initial=person_initial(person), relation=person.relation)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                actor=actor_of(request), person=person, data=form.person_data(), version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": form.cleaned_data["full_name"]})
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/person_edit.html", {"form": form, "person": person, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def person_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    person, household = _person_for_edit(request, pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_leave(
                actor=actor_of(request),
                person=person,
                reason=form.cleaned_data["reason"],
                occurred_on=form.cleaned_data["occurred_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận %(name)s ra khỏi hộ.") % {"name": person.full_name})
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/person_leave.html", {"form": form, "person": person, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def household_head_change(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_edit(user=request.user, pk=pk)
    form = HeadChangeForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            household_set_head(
                actor=actor_of(request),
                household=household,
                person=form.cleaned_data["person"],
                former_head_relation=form.cleaned_data["former_head_relation"],
                occurred_on=form.cleaned_data["occurred_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s là chủ hộ %(code)s từ nay.")
                % {"name": form.cleaned_data["person"].full_name, "code": household.code},
            )
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_head_change.html", {"form": form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def household_split_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_edit(user=request.user, pk=pk)
    form = SplitForm(request.POST or None, household=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            new = household_split(
                actor=actor_of(request),
                household=household,
                persons=list(form.cleaned_data["persons"]),
                new_head=form.cleaned_data["new_head"],
                village=form.cleaned_data["village"],
                occurred_on=form.cleaned_data["occurred_on"],
                address=form.cleaned_data["address"],
                head_under_age_reason=form.cleaned_data["head_under_age_reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Đã tách hộ %(new)s từ hộ %(code)s.") % {"new": new.code, "code": household.code}
            )
            return redirect("registry:household_detail", pk=new.pk)
    return render(request, "registry/household_split.html", {"form": form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def household_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for_edit(user=request.user, pk=pk)
    form = MergeForm(request.POST or None, households=households_visible_to(request.user).exclude(pk=household.pk))
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target_code"]
        try:
            household_merge(
                actor=actor_of(request),
                source=household,
                target=target,
                occurred_on=form.cleaned_data["occurred_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Đã nhập hộ %(code)s vào hộ %(target)s.") % {"code": household.code, "target": target.code}
            )
            return redirect("registry:household_detail", pk=target.pk)
    return render(request, "registry/household_merge.html", {"form": form, "household": household})
