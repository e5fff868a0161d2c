"""Admin of administrative units (editable by superusers: area type and region are set per commune here). Villages
are in the register's admin, whose writes go through the registry services and are audited."""

from django.contrib import admin

from giamngheo.areas.models import AdminUnit, UnitSuccession


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
