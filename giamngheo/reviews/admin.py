"""Review records are view-only in the admin, for superusers: every step goes through reviews/services, which
checks the role, keeps the procedure's order and writes the audit entry."""

from django.contrib import admin

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.reviews.models import Application, Campaign, Decision, LedgerEntry, ReviewItem, VillageMeeting


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "standard", "plan_start", "plan_end")
    list_filter = ("kind", "year")


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = ("household", "campaign", "basis", "stage", "proposed_status")
    list_filter = ("stage", "basis")
    raw_id_fields = ("household", "campaign", "commune", "village", "assessment")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "channel", "deadline", "outcome")
    list_filter = ("form", "outcome")
    raw_id_fields = ("household", "commune", "item")


@admin.register(VillageMeeting)
class VillageMeetingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "attendees", "chair")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "commune", "state", "signer_name")
    list_select_related = ("commune", "campaign")  # the name of a draft says its commune and year
    list_filter = ("state",)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("household", "year", "start_status", "status", "change", "decision")
    list_select_related = ("household", "decision__commune", "decision__campaign")
    list_filter = ("year", "change")
    raw_id_fields = ("household", "commune", "decision")
