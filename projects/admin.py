from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from giamngheo.admin import CommuneScopedAdmin
from households.admin import HouseholdSearchMixin
from projects.models import (
    Activity,
    Assignment,
    Plan,
    PlanTarget,
    Program,
    SubProject,
    Support,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "starts_on", "ends_on"]


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(Plan)
class PlanAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    commune_path = "ward"
    list_display = ["number", "year", "ward", "signed_on", "signer"]
    list_filter = ["year"]
    inlines = [PlanTargetInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(SubProject)
class SubProjectAdmin(CommuneScopedAdmin, admin.ModelAdmin):
    commune_path = "plan__ward"
    list_display = ["local_code", "local_label", "official_code", "plan", "rule_set"]
    list_filter = ["plan"]
    inlines = [AssignmentInline]


@admin.register(Activity)
class ActivityAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_path = "subproject__plan__ward"
    list_display = ["held_on", "title", "subproject", "kind", "responsible"]
    list_filter = ["subproject", "kind"]
    list_select_related = ["subproject", "responsible"]


@admin.register(Support)
class SupportAdmin(CommuneScopedAdmin, HouseholdSearchMixin, SimpleHistoryAdmin):
    commune_path = "subproject__plan__ward"
    """Read-only: a support is recorded through the form that checks eligibility."""

    list_display = ["supported_on", "household", "member", "subproject", "items", "value", "eligible"]
    list_filter = ["subproject", "eligible", "labour_contract"]
    list_select_related = ["household", "member", "subproject"]
    search_fields = ["household__search_text", "items"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def search_q(self, search_term, households):
        return super().search_q(search_term, households) | Q(items__icontains=search_term.strip())
