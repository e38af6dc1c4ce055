from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Sub-projects")

    def ready(self):
        from households import panels
        from imports import registry
        from imports.registry import ImportKind
        from projects.panels import household_supports

        panels.register(household_supports)

        registry.register(
            ImportKind(
                key="supports",
                title=_("Import support records"),
                importer_path="projects.importers.SupportImporter",
                columns_path="projects.importers.SUPPORT_COLUMNS",
                permission="projects.add_support",
                template_name="mau-nhap-ho-tro.xlsx",
                back_url="projects:subproject_list",
            )
        )
