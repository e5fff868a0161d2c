"""Households and persons are view-only in the admin; villages are written through the register's services.

Every change to the register goes through `registry.services`, which writes the audit entry and the dated event;
an admin form saving a Person directly would bypass both, so nobody (not even a superuser) gets add, change or
delete here. Corrections are made on the register's own pages.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from giamngheo.areas.models import Village
from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.common.http import actor_of
from giamngheo.registry.models import Household, HouseholdEvent, Person
from giamngheo.registry.services.villages import village_create, village_name_taken, village_update


class PersonInline(admin.TabularInline):
    model = Person
    fields = ("full_name", "relation", "sex", "date_of_birth", "citizen_id", "left_on", "left_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = HouseholdEvent
    fk_name = "household"
    fields = ("occurred_on", "kind", "person", "other_household", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("code", "head", "commune", "village", "status", "area_type", "ended_on")
    list_filter = ("status", "area_type")
    search_fields = ("code",)
    list_select_related = ("head", "commune", "village")
    raw_id_fields = ("commune", "legacy_commune", "village", "head")
    inlines = (PersonInline, EventInline)
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "household", "relation", "sex", "date_of_birth", "left_on")
    list_filter = ("sex", "relation")
    search_fields = ("name_folded", "citizen_id", "household__code")
    list_select_related = ("household__head",)
    raw_id_fields = ("household",)
    show_full_result_count = False


@admin.register(HouseholdEvent)
class HouseholdEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "kind", "household", "person", "note")
    list_filter = ("kind",)
    list_select_related = ("household__head", "person")
    raw_id_fields = ("household", "person", "other_household")


class VillageAdminForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ("commune", "kind", "name", "is_active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune = data.get("commune") or getattr(self.instance, "commune", None)
        name = (data.get("name") or "").strip()
        # The service refuses the same name in another case too ("Thôn 1" / "thôn 1"); say so on the form, since
        # an error raised while saving would be a server error in the admin.
        if commune is not None and name and village_name_taken(commune.pk, name, except_pk=self.instance.pk):
            raise ValidationError({"name": _("Xã đã có thôn, tổ dân phố tên “%(name)s”.") % {"name": name}})
        return data


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    form = VillageAdminForm
    list_display = ("name", "kind", "commune", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "commune__name", "commune__code")
    autocomplete_fields = ("commune",)
    list_select_related = ("commune",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving a village to another commune would move its households with it; not a rename.
        return ("commune",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Village, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            stored = Village.objects.get(pk=obj.pk)
            saved = village_update(
                actor=actor_of(request),
                village=stored,
                name=data["name"],
                kind=data["kind"],
                is_active=data["is_active"],
            )
        else:
            saved = village_create(
                actor=actor_of(request),
                commune=data["commune"],
                name=data["name"],
                kind=data["kind"],
            )
            if not data["is_active"]:
                saved = village_update(
                    actor=actor_of(request),
                    village=saved,
                    name=saved.name,
                    kind=saved.kind,
                    is_active=False,
                )
        obj.pk = saved.pk
