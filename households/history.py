"""The change log of a household: who changed what, when, from what to what."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.money import format_number
from households.models import Assessment, Household, Member, StatusDecision

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
CITIZEN_ID_FIELDS = {"citizen_id"}
HEALTH_FIELDS = {"disability", "health_insurance", "pregnant_or_nursing"}
SKIPPED_FIELDS = {"id", "household", "created_at", "updated_at", "assessed_by", "recorded_by"}


@dataclass
class Entry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def _display(record, model, name, user):
    value = getattr(record, name)
    if name in CITIZEN_ID_FIELDS and value and not user.has_perm("households.view_citizen_id"):
        return value[:3] + "******" + value[-3:]
    if name in HEALTH_FIELDS and not user.has_perm("households.view_health_data"):
        return "•••"
    model_field = model._meta.get_field(name)
    if model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and isinstance(model_field, models.PositiveBigIntegerField):
        return format_number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and f.editable and not f.name.endswith("_ptr")
    ]


def household_log(household: Household, user, limit: int = 200) -> list[Entry]:
    """Every recorded change to a household, its members, assessments and decisions."""
    sources = [
        (Household, Household.history.filter(id=household.pk), lambda r: _("Household")),
        (Member, Member.history.filter(household_id=household.pk), lambda r: r.full_name),
        (Assessment, Assessment.history.filter(household_id=household.pk), lambda r: _("Assessment")),
        (StatusDecision, StatusDecision.history.filter(household_id=household.pk), lambda r: r.number),
    ]
    entries = []
    for model, records, subject in sources:
        previous = {}
        names = _fields(model)
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            changes = []
            # A creation or deletion is one line; a change lists each field, old and new.
            for name in names if record.history_type == "~" and before is not None else []:
                new = _display(record, model, name, user)
                old = _display(before, model, name, user)
                if old != new:
                    changes.append((model._meta.get_field(name).verbose_name, old, new))
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            who = record.history_user.get_full_name() if record.history_user else _("system")
            entries.append(Entry(record.history_date, who, subject(record), ACTIONS[record.history_type], changes))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
