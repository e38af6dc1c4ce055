"""Fill the stored status of every household from its decisions, as services.refresh_status does.

The rule is written out here, not imported, so that the migration keeps doing what it did
when it was written: the status in force today (the latest decision effective by today, the
last recorded of a day), the next decision's date, and the latest escape in force under each
meaning of GIAMNGHEO_ESCAPE_MEANS. One UPDATE per batch of households, subqueries per row
on the (household, effective_on) index.
"""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

BATCH = 5000
ESCAPES = {
    # Off both lists, from either.
    "escaped_lists_on": Q(previous_status__in=["poor", "near_poor"], status="none"),
    # Off the poor list, even onto the near-poor one.
    "escaped_poor_list_on": Q(previous_status="poor", status__in=["near_poor", "none"]),
}


def fill_status(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    StatusDecision = apps.get_model("households", "StatusDecision")
    today = timezone.localdate()
    decisions = StatusDecision.objects.filter(household=OuterRef("pk"))
    in_force = decisions.filter(effective_on__lte=today).order_by("-effective_on", "-pk")
    upcoming = decisions.filter(effective_on__gt=today).order_by("effective_on")
    fields = {
        "current_status": Coalesce(Subquery(in_force.values("status")[:1]), Value("none")),
        "status_since": Subquery(in_force.values("effective_on")[:1]),
        "status_changes_on": Subquery(upcoming.values("effective_on")[:1]),
        **{field: Subquery(in_force.filter(q).values("effective_on")[:1]) for field, q in ESCAPES.items()},
    }
    pks = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        Household.objects.filter(pk__gte=pks[start], pk__lte=pks[min(start + BATCH, len(pks)) - 1]).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("households", "0015_household_stored_status")]

    operations = [migrations.RunPython(fill_status, migrations.RunPython.noop)]
