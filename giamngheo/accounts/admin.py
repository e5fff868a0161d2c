"""Admin of users, of the audit trail and of the trace of reads of personal data. Both trails are read-only here:
no add, change or delete, for anyone."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from giamngheo.accounts.models import Agency, AuditEntry, PersonalDataRead, User
from giamngheo.common.admin import ReadOnlyAdmin

admin.site.site_header = _("Quản trị hệ thống thông tin giảm nghèo")
admin.site.site_title = _("Quản trị giảm nghèo")
admin.site.index_title = _("Danh mục quản trị")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "area", "village", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email", "area__name")
    list_select_related = ("area", "village")
    autocomplete_fields = ("area", "village", "agency")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email")}),
        (_("Vai trò và địa bàn"), {"fields": ("role", "area", "village", "agency", "national_access")}),
        (_("Quyền quản trị"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Vai trò và địa bàn"), {"fields": ("full_name", "role", "area", "village", "agency", "national_access")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users who leave are deactivated: their audit entries must keep pointing to them.
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """The province's departments and agencies; usually added from the catalogue with `manage.py add_agencies`."""

    list_display = ("name", "province", "is_active")
    list_filter = ("is_active", "province")
    search_fields = ("name", "province__name")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Its officers' area and its reports' unit are its province: once it has either, the province stays.
        if obj is not None and (obj.users.exists() or obj.submissions.exists()):
            return ("province",)
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An agency that stops reporting is deactivated: its reports keep pointing to it.
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Not area-scoped, so superusers only; auditors read the trail of their area on /tai-khoan/nhat-ky/."""

    list_display = ("at", "actor_label", "action", "target_type", "target_label", "household_id", "commune_id")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_label", "target_id")
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(ReadOnlyAdmin):
    """Not area-scoped, so superusers only; auditors read the reads of their area on /tai-khoan/nhat-ky/truy-cap/.
    Rows leave only through `purge_personal_data_reads`, after the retention period."""

    list_display = ("day", "at", "user_label", "kind", "label", "household_id", "commune_id", "province_id")
    list_filter = ("kind",)
    search_fields = ("user_label", "label", "key")
    date_hierarchy = "day"
    readonly_fields = [field.name for field in PersonalDataRead._meta.fields]
