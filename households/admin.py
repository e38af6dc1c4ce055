from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.forms import Textarea
from import_export import resources
from simple_history.admin import SimpleHistoryAdmin

from giamngheo.admin import CommuneScopedAdmin, SpreadsheetAdmin
from giamngheo.text import fold
from households import services
from households.forms import BaseMemberFormSet, HouseholdForm, MemberForm
from households.models import (
    Assessment,
    DeprivationIndicator,
    Household,
    Member,
    OfficialPopulation,
    PovertyStandard,
    Review,
    StandardIndicator,
    StatusDecision,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Rows a service writes (it derives fields or takes locks the admin would skip): shown, never edited here."""

    # A province's tables run to millions of rows: the admin's second COUNT(*) of the whole table
    # (85 ms for 3.5 million members) only prints "of N" beside the filtered count.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HouseholdSearchMixin:
    """Search by household through its folded search text, so "nguyen" finds "Nguyễn": plain
    search_fields would compare the text as typed, diacritics and all."""

    household_lookup = "household"

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        households = Household.objects.search(search_term)
        return queryset.filter(self.search_q(search_term, households)), False

    def search_q(self, search_term, households):
        return Q(**{f"{self.household_lookup}__in": households})


class MemberInline(admin.StackedInline):
    model = Member
    # The register page's rules for members: exactly one head, no citizen ID twice.
    formset = BaseMemberFormSet
    form = MemberForm
    extra = 0


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    form = HouseholdForm  # its dates and the household it merged into, parsed as on the register page
    list_display = ["code", "head_name", "residential_group", "area_type"]
    # Not by group: a province's 3,338 groups made a 420 KB sidebar; the register's list filters by
    # group within a commune.
    list_filter = ["area_type"]
    show_full_result_count = False
    # Matched by get_search_results on the folded text; listed so the admin shows its search box.
    search_fields = ["search_text"]
    list_select_related = ["residential_group"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return Household.objects.for_user(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class UserForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=request.user, **form_kwargs)

        return UserForm

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        # Saved with its members in save_related, through the service the register page uses.
        pass

    def save_related(self, request, form, formsets, change):
        members, *others = sorted(formsets, key=lambda formset: formset.model is not Member)
        services.save_household(household=form.instance, members_formset=members)
        form.save_m2m()
        for formset in others:
            self.save_formset(request, form, formset, change)


@admin.register(Member)
class MemberAdmin(CommuneScopedAdmin, ReadOnlyAdmin):
    commune_path = "household__residential_group__unit"
    """Read-only: a member changes the household's head and search text, so it is edited with its household."""

    list_display = ["full_name", "household", "date_of_birth", "sex", "relation"]
    list_filter = ["no_stable_livelihood", "disability"]
    search_fields = ["search_name", "household__code"]
    list_select_related = ["household"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        phrase = " ".join(fold(search_term).split())
        if not phrase:
            return queryset, False
        matches = Q(search_name__contains=phrase) | Q(household__code__icontains=search_term.strip())
        return queryset.filter(matches), False


class DeprivationIndicatorResource(resources.ModelResource):
    class Meta:
        model = DeprivationIndicator
        fields = ["code", "name", "dimension", "order"]
        # Standards refer to indicators by code: a re-imported sheet updates them in place.
        import_id_fields = ["code"]
        clean_model_instances = True


@admin.register(DeprivationIndicator)
class DeprivationIndicatorAdmin(SpreadsheetAdmin):
    resource_classes = [DeprivationIndicatorResource]
    list_display = ["order", "code", "name", "dimension"]
    list_display_links = ["code", "name"]


class StandardIndicatorInline(admin.TabularInline):
    """The standard's indicators, each with its threshold as this standard words it."""

    model = StandardIndicator
    extra = 0
    fields = ["indicator", "threshold", "threshold_confirmed", "suggestion_rule"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


@admin.register(PovertyStandard)
class PovertyStandardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "urban_income_line", "rural_income_line"]
    inlines = [StandardIndicatorInline]


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin.ModelAdmin):
    """Every threshold of every standard in one list, with which are still working text."""

    list_display = ["standard", "indicator", "threshold", "threshold_confirmed", "suggestion_rule"]
    list_filter = ["standard", "threshold_confirmed"]
    list_select_related = ["standard", "indicator"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The list year and the standard default by rule when left empty (Review.fill_defaults)."""

    list_display = ["__str__", "kind", "year", "month", "starts_on", "ends_on", "list_year", "standard"]
    list_filter = ["kind", "year", "list_year", "standard"]
    list_select_related = ["standard"]


@admin.register(Assessment)
class AssessmentAdmin(CommuneScopedAdmin, HouseholdSearchMixin, ReadOnlyAdmin):
    commune_path = "household__residential_group__unit"
    """Read-only: an assessment's result comes from the standard, through the registry's form."""

    list_display = ["household", "review", "assessed_on", "result"]
    list_filter = ["review", "result"]
    list_select_related = ["household", "review"]
    search_fields = ["household__search_text"]


@admin.register(StatusDecision)
class StatusDecisionAdmin(CommuneScopedAdmin, HouseholdSearchMixin, ReadOnlyAdmin):
    commune_path = "household__residential_group__unit"
    """Read-only: services.record_decision locks the household and derives each decision's
    previous status from the earlier ones; an edit or delete here would skip both."""

    list_display = ["household", "status", "effective_on", "number", "signed_on"]
    list_filter = ["status"]
    list_select_related = ["household"]
    search_fields = ["household__search_text", "number"]

    def has_delete_permission(self, request, obj=None):
        return False

    def search_q(self, search_term, households):
        return super().search_q(search_term, households) | Q(number__iexact=search_term.strip())


@admin.register(OfficialPopulation)
class OfficialPopulationAdmin(CommuneScopedAdmin, SimpleHistoryAdmin):
    commune_path = "commune"
    """The commune's official figures per year: a report of that year divides by them."""

    list_display = ["year", "as_of", "households", "people", "source", "recorded_by", "recorded_at"]
    fields = ["year", "as_of", "households", "people", "source"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
