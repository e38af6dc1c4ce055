from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from households.status import Status

register = template.Library()

# Short labels: a badge sits in a table cell beside the household's name.
BADGE_LABELS = {Status.POOR: _("Poor"), Status.NEAR_POOR: _("Near-poor"), Status.NONE: _("Not on the lists")}


@register.filter
def status_badge(status):
    """The coloured badge of a list status; anything else (no decision yet) reads "Not on the lists".

    A filter, not an included template: a list page draws fifty, and each include cost as much
    as the row's query.
    """
    key = status if status in BADGE_LABELS else Status.NONE
    return format_html('<span class="badge status-{}">{}</span>', key, BADGE_LABELS[key])
