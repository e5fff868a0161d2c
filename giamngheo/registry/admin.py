"""Households and persons are view-only in the admin.

Every change to the register goes through `registry.services`, which writes the audit entry and the dated event;
an admin form saving a Person directly would bypass both, so nobody (not even a superuser) gets add, change or
delete here. Corrections are made on the register's own pages.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.registry.models import Household, HouseholdEvent, Person


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
