from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import resources

from giamngheo.admin import SpreadsheetAdmin
from monitoring.models import Holiday, ReportingDeadline


class HolidayResource(resources.ModelResource):
    class Meta:
        model = Holiday
        fields = ["day", "name", "working_day"]
        # The day is the row's identity: re-importing a sheet updates its days, never doubles them.
        import_id_fields = ["day"]
        clean_model_instances = True


@admin.register(Holiday)
class HolidayAdmin(SpreadsheetAdmin):
    """The ward's exceptions to the national calendar; Tết and the other public holidays need no row."""

    resource_classes = [HolidayResource]
    list_display = ["day", "name", "working_day"]
    list_filter = ["working_day"]
    date_hierarchy = "day"


class ReportingDeadlineResource(resources.ModelResource):
    class Meta:
        model = ReportingDeadline
        fields = ["id", "recipient", "period", "working_days", "due_day", "due_month", "year_offset", "source",
                  "applies"]  # fmt: skip
        clean_model_instances = True


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(SpreadsheetAdmin):
    """When reports are due: the ward's reports follow the earliest of the rows that apply."""

    resource_classes = [ReportingDeadlineResource]
    list_display = ["recipient", "period", "rule_text", "applies", "source"]
    list_filter = ["applies", "period"]
    fieldsets = [
        (None, {"fields": ["recipient", "period", "applies", "source"]}),
        (None, {"fields": ["working_days"]}),
        (None, {"fields": ["due_day", "due_month", "year_offset"]}),
    ]

    @admin.display(description=_("rule"))
    def rule_text(self, deadline):
        return deadline.rule_text
