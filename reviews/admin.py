"""The review's rows in the admin, read-only: every write goes through reviews.services, step by step."""

from django.contrib import admin

from giamngheo.admin import CommuneScopedAdmin
from reviews.models import Appeal, Campaign, Complaint, Entry, Meeting, Outcome, Recognition, Request, Submission


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "commune"
    list_display = ["__str__", "opened_by", "opened_at"]


@admin.register(Request)
class RequestAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "household__residential_group__unit"
    list_display = ["household", "form", "received_on", "channel", "recorded_by"]
    list_filter = ["form", "channel"]


@admin.register(Entry)
class EntryAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "campaign__commune"
    list_display = ["household", "campaign", "reason", "residential_group", "status_at_start"]
    list_filter = ["campaign", "reason"]
    list_select_related = ["household", "campaign__review", "residential_group"]


@admin.register(Meeting)
class MeetingAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "campaign__commune"
    list_display = ["residential_group", "campaign", "held_on", "chair", "attendees", "recorded_by"]


@admin.register(Complaint)
class ComplaintAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "entry__campaign__commune"
    list_display = ["entry", "lodged_on", "lodged_by", "outcome", "answered_by"]


@admin.register(Submission)
class SubmissionAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "campaign__commune"
    list_display = ["number", "campaign", "kind", "sent_on", "signed_by"]


@admin.register(Recognition)
class RecognitionAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "campaign__commune"
    list_display = ["number", "campaign", "signed_on", "effective_on", "signer"]


@admin.register(Outcome)
class OutcomeAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "recognition__campaign__commune"
    list_display = ["entry", "previous_status", "status", "certificate_number"]
    list_select_related = ["entry__household", "entry__campaign__review"]


@admin.register(Appeal)
class AppealAdmin(CommuneScopedAdmin, ReadOnly):
    commune_path = "outcome__recognition__campaign__commune"
    list_display = ["outcome", "lodged_on", "result", "decided_by"]
