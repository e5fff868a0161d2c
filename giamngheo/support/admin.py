"""The register of support, read-only in the admin: records are made and cancelled through the household's page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giamngheo.support.models import Support


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ("household", "kind", "person", "delivered_on", "status", "amount", "cancelled_at")
    list_filter = ("kind", "status")
    search_fields = ("household__code", "person__full_name", "reference")
    list_select_related = ("household", "person")
    date_hierarchy = "delivered_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
