from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiamngheoConfig(AppConfig):
    name = "giamngheo"
    verbose_name = _("Ward and users")

    def ready(self):
        from giamngheo import access_log  # noqa: F401  (connects the signals)
