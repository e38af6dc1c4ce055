from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    Activity,
    Adjustment,
    Allocation,
    Assignment,
    Disbursement,
    Plan,
    PlanTarget,
    Program,
    Settlement,
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
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "ward", "signed_on", "signer"]
    list_filter = ["year"]
    inlines = [PlanTargetInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(SubProject)
class SubProjectAdmin(admin.ModelAdmin):
    list_display = ["local_code", "local_label", "official_code", "plan", "rule_set"]
    list_filter = ["plan"]
    inlines = [AssignmentInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "title", "subproject", "kind", "responsible"]
    list_filter = ["subproject", "kind"]
    list_select_related = ["subproject", "responsible"]


@admin.register(Support)
class SupportAdmin(SimpleHistoryAdmin):
    """Read-only: a support is recorded through the form that checks eligibility."""

    list_display = ["supported_on", "household", "member", "subproject", "items", "value", "eligible"]
    list_filter = ["subproject", "eligible"]
    list_select_related = ["household", "member", "subproject"]
    search_fields = ["household__code", "items"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MoneyAdmin(admin.ModelAdmin):
    """Money rows are written only through projects.budget, which keeps every line within its allocation."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Allocation)
class AllocationAdmin(MoneyAdmin):
    list_display = ["subproject", "budget_year", "source", "amount", "decision_number", "disburse_until"]
    list_filter = ["budget_year", "source"]
    list_select_related = ["subproject"]


@admin.register(Adjustment)
class AdjustmentAdmin(MoneyAdmin):
    list_display = ["allocation", "kind", "amount", "decision_number", "decision_date"]
    list_select_related = ["allocation__subproject"]


@admin.register(Disbursement)
class DisbursementAdmin(MoneyAdmin):
    list_display = ["paid_on", "voucher_number", "kind", "amount", "payee_name", "allocation"]
    list_filter = ["kind", "allocation__budget_year"]
    search_fields = ["voucher_number", "payee_name"]
    list_select_related = ["allocation__subproject"]


@admin.register(Settlement)
class SettlementAdmin(MoneyAdmin):
    list_display = ["allocation", "approved_amount", "returned_amount", "decision_number"]
    list_select_related = ["allocation__subproject"]
