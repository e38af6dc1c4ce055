from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Household registry")

    def ready(self):
        from households.importers import EXPORT_KINDS, IMPORT_KINDS
        from imports import registry

        registry.register(*IMPORT_KINDS)
        registry.register_export(*EXPORT_KINDS)
