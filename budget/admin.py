from django.contrib import admin

from budget.models import Adjustment, Allocation, Disbursement, Settlement, SettlementReopening
from giamngheo.admin import CommuneScopedAdmin


class MoneyAdmin(admin.ModelAdmin):
    """Money rows are written only through budget.services, which keeps every line within its allocation."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Allocation)
class AllocationAdmin(CommuneScopedAdmin, MoneyAdmin):
    commune_path = "subproject__plan__ward"
    list_display = ["subproject", "budget_year", "source", "amount", "decision_number", "disburse_until"]
    list_filter = ["budget_year", "source"]
    list_select_related = ["subproject"]


@admin.register(Adjustment)
class AdjustmentAdmin(CommuneScopedAdmin, MoneyAdmin):
    commune_path = "allocation__subproject__plan__ward"
    list_display = ["allocation", "kind", "amount", "decision_number", "decision_date"]
    list_select_related = ["allocation__subproject"]


@admin.register(Disbursement)
class DisbursementAdmin(CommuneScopedAdmin, MoneyAdmin):
    commune_path = "allocation__subproject__plan__ward"
    list_display = ["paid_on", "voucher_number", "kind", "amount", "payee_name", "allocation"]
    list_filter = ["kind", "allocation__budget_year"]
    search_fields = ["voucher_number", "payee_name"]
    list_select_related = ["allocation__subproject"]


@admin.register(Settlement)
class SettlementAdmin(CommuneScopedAdmin, MoneyAdmin):
    commune_path = "allocation__subproject__plan__ward"
    list_display = ["allocation", "approved_amount", "returned_amount", "decision_number"]
    list_select_related = ["allocation__subproject"]


@admin.register(SettlementReopening)
class SettlementReopeningAdmin(CommuneScopedAdmin, MoneyAdmin):
    commune_path = "settlement__allocation__subproject__plan__ward"
    list_display = ["settlement", "decision_number", "decision_date", "created_by", "created_at"]
    list_select_related = ["settlement__allocation__subproject", "created_by"]
