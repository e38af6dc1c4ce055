"""Who wrote what in a report, version by version of its record (django-simple-history)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from monitoring.models import Report

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Long sections are cut in the log: the page shows the current text in full.
EXCERPT_WORDS = 40
SKIPPED_FIELDS = {"id", "snapshot", "created_at", "created_by"}


@dataclass
class Entry:
    when: datetime
    who: str
    type: str  # simple-history's "+", "~" or "-"
    action: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def _display(record, name) -> str:
    model_field = Report._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, name)
        return str(related) if related is not None else ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime) else "%d/%m/%Y")
    return Truncator(str(value)).words(EXCERPT_WORDS)


def report_log(report: Report) -> list[Entry]:
    """Every recorded change of a report, newest first; a save that changed nothing is left out."""
    names = [f.name for f in Report._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
    entries, before = [], None
    records = report.history.select_related("history_user", "submitted_by").order_by("history_date", "history_id")
    for record in records:
        changes = []
        if record.history_type == "~" and before is not None:
            for name in names:
                old, new = _display(before, name), _display(record, name)
                if old != new:
                    changes.append((Report._meta.get_field(name).verbose_name, old, new))
        before = record
        if record.history_type == "~" and not changes:
            continue
        who = record.history_user.get_full_name() if record.history_user else _("system")
        entries.append(Entry(record.history_date, who, record.history_type, ACTIONS[record.history_type], changes))
    entries.reverse()
    return entries
