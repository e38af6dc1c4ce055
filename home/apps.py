from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and the demo ward: above every feature app, imported by none."""

    name = "home"
    verbose_name = _("Home")
