from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from monitoring.models import Holiday


class HolidayResource(resources.ModelResource):
    class Meta:
        model = Holiday
        fields = ["day", "name", "working_day"]
        # The day is the row's identity: re-importing a sheet updates its days, never doubles them.
        import_id_fields = ["day"]
        clean_model_instances = True


@admin.register(Holiday)
class HolidayAdmin(ImportExportModelAdmin):
    """The ward's exceptions to the national calendar; Tết and the other public holidays need no row."""

    resource_classes = [HolidayResource]
    list_display = ["day", "name", "working_day"]
    list_filter = ["working_day"]
    date_hierarchy = "day"
