"""Villages of a commune (thôn, tổ dân phố): list, create, rename. The commune officer's pages.

Villages are not an administrative level; each commune keeps its own list (spec §10.1). Only users who manage
that commune reach these pages; everyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import can_manage_commune, managed_commune_of
from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.http import actor_of
from giamngheo.common.models import vi_order
from giamngheo.registry.forms import VillageForm
from giamngheo.registry.selectors import communes_visible_to, villages_visible_to
from giamngheo.registry.services.villages import village_create, village_update


def _commune_for_manager(request: HttpRequest, pk: int) -> AdminUnit:
    if not can_manage_commune(request.user):
        raise Http404
    return get_object_or_404(communes_visible_to(request.user).select_related("province"), pk=pk)


def _village_for_manager(request: HttpRequest, pk: int) -> Village:
    if not can_manage_commune(request.user):
        raise Http404
    return get_object_or_404(villages_visible_to(request.user).select_related("commune__province"), pk=pk)


@login_required
@require_GET
def village_home(request: HttpRequest) -> HttpResponse:
    """The menu's "Thôn, tổ dân phố": straight to the user's own commune."""
    commune = managed_commune_of(request.user)
    if commune is None:
        raise Http404
    return redirect("villages:village_list", commune_pk=commune.pk)


@login_required
@require_GET
def village_list(request: HttpRequest, commune_pk: int) -> HttpResponse:
    commune = _commune_for_manager(request, commune_pk)
    villages = (
        villages_visible_to(request.user)
        .filter(commune=commune)
        .annotate(household_count=Count("households", filter=Q(households__ended_on__isnull=True)))
        .order_by("-is_active", vi_order("name"))
    )
    return render(request, "registry/village_list.html", {"commune": commune, "villages": villages})


@login_required
@require_http_methods(["GET", "POST"])
def village_create_view(request: HttpRequest, commune_pk: int) -> HttpResponse:
    commune = _commune_for_manager(request, commune_pk)
    form = VillageForm(request.POST or None)
    del form.fields["is_active"]
    if request.method == "POST" and form.is_valid():
        try:
            village = village_create(
                actor=actor_of(request),
                commune=commune,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã thêm %(village)s.") % {"village": village})
            return redirect("villages:village_list", commune_pk=commune.pk)
    return render(request, "registry/village_form.html", {"form": form, "commune": commune, "village": None})


@login_required
@require_http_methods(["GET", "POST"])
def village_edit(request: HttpRequest, pk: int) -> HttpResponse:
    village = _village_for_manager(request, pk)
    initial = {"kind": village.kind, "name": village.name, "is_active": village.is_active}
    form = VillageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            village = village_update(
                actor=actor_of(request),
                village=village,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu %(village)s.") % {"village": village})
            return redirect("villages:village_list", commune_pk=village.commune_id)
    return render(request, "registry/village_form.html", {"form": form, "commune": village.commune, "village": village})
