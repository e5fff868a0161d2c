"""The register of support, read-only in the admin: records are made and cancelled through the household's page."""

from django.contrib import admin

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.support.models import Support


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("household", "kind", "person", "delivered_on", "status", "amount", "cancelled_at")
    list_filter = ("kind", "status")
    search_fields = ("household__code", "person__full_name", "reference")
    list_select_related = ("household", "person")
    date_hierarchy = "delivered_on"
