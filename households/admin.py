from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from households import services
from households.models import (
    Assessment,
    DeprivationIndicator,
    Household,
    Member,
    PovertyStandard,
    Review,
    StatusDecision,
)


class MemberInline(admin.StackedInline):
    model = Member
    extra = 0


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["code", "head_name", "residential_group", "area_type"]
    list_filter = ["residential_group", "area_type"]
    search_fields = ["code", "search_text"]
    list_select_related = ["residential_group"]
    inlines = [MemberInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        household = form.instance
        household.refresh_search_fields()
        household.save(update_fields=["head_name", "head_sort_key", "search_text"])


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "household", "date_of_birth", "sex", "relation"]
    search_fields = ["search_name", "household__code"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(DeprivationIndicator)
class DeprivationIndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "dimension"]
    list_display_links = ["code", "name"]


@admin.register(PovertyStandard)
class PovertyStandardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "urban_income_line", "rural_income_line"]
    filter_horizontal = ["indicators"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "month", "starts_on", "ends_on"]
    list_filter = ["kind", "year"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Read-only: an assessment's result comes from the standard, through the registry's form."""

    list_display = ["household", "review", "assessed_on", "result"]
    list_filter = ["review", "result"]
    list_select_related = ["household", "review"]
    search_fields = ["household__code", "household__search_text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StatusDecision)
class StatusDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["household", "status", "effective_on", "number", "signed_on"]
    list_filter = ["status"]
    list_select_related = ["household"]
    search_fields = ["household__code", "number"]
    raw_id_fields = ["household", "assessment"]
    readonly_fields = ["previous_status", "ever_poor_before", "recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        services.rederive_transitions(obj.household)

    def delete_model(self, request, obj):
        household = obj.household
        super().delete_model(request, obj)
        services.rederive_transitions(household)
