"""The "Chuyển đến từ" pages: where a household, or one of its members, that moved in came from (issue 12 §5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamngheo.common.http import actor_of
from giamngheo.registry.forms_moves import MoveInForm, move_in_initial
from giamngheo.registry.models import Household, MoveIn, Person
from giamngheo.registry.selectors import household_get_for_edit, person_get_for_user
from giamngheo.registry.services.moves import move_in_record


def _move_in_page(request: HttpRequest, household: Household, person: Person | None) -> HttpResponse:
    move = MoveIn.objects.filter(household=household, person=person).select_related("from_commune__parent").first()
    form = MoveInForm(request.POST or None, initial=move_in_initial(move), dated=person is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            move_in_record(
                actor=actor_of(request),
                household=household,
                person=person,
                moved_on=data.get("moved_on"),
                from_commune=data["from_commune"],
                from_abroad=data["from_abroad"],
                status_there=data["status_there"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nơi chuyển đến từ."))
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/move_in.html", {"form": form, "household": household, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def household_move_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_in_page(request, household_get_for_edit(user=request.user, pk=pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def person_move_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=pk)
    return _move_in_page(request, household_get_for_edit(user=request.user, pk=person.household_id), person)
