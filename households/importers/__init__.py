"""The register's imports: households with their members, and review assessments."""

from django.utils.translation import gettext_lazy as _

from imports.registry import ExportKind, ImportKind

IMPORT_KINDS = [
    ImportKind(
        key="households",
        title=_("Import households and members"),
        importer_path="households.importers.households.HouseholdImporter",
        columns_path="households.importers.columns.HOUSEHOLD_COLUMNS",
        permission="households.add_household",
        template_name="mau-nhap-ho-gia-dinh.xlsx",
        back_url="households:list",
    ),
    ImportKind(
        key="assessments",
        title=_("Import assessments"),
        importer_path="households.importers.assessments.AssessmentImporter",
        columns_path="households.importers.assessments.assessment_columns",
        permission="households.add_assessment",
        template_name="mau-nhap-ket-qua-ra-soat.xlsx",
        back_url="households:list",
    ),
]

EXPORT_KINDS = [
    # The household list's export, written by the task worker when the list is large
    # (households.views.household_export): the same rows, columns and masking.
    ExportKind(
        key="households",
        title=_("Export of households and members"),
        rows_path="households.importers.exports.export_rows",
        permission="households.view_household",
        file_words=("Hộ gia đình",),
        back_url="households:list",
    ),
]
