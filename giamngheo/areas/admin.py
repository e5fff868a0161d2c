"""Admin of administrative units (editable by superusers: area type and region are set per commune here) and of
villages, whose writes go through the registry services so that they are audited like the register's."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from giamngheo.areas.models import AdminUnit, UnitSuccession, Village
from giamngheo.common.http import actor_of
from giamngheo.registry.services import village_create, village_name_taken, village_update


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "era", "province", "area_type", "region")
    list_filter = ("era", "level", "area_type", "region")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent", "province")
    list_select_related = ("province",)
    readonly_fields = ("source_key",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old", "new", "is_whole", "is_default")
    list_filter = ("is_whole", "is_default")
    search_fields = ("old__name", "new__name", "old__code", "new__code")
    raw_id_fields = ("old", "new")
    list_select_related = ("old", "new")


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
