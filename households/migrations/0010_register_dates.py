"""Households and members get the dates they entered and left the register.

Nothing recorded when the existing rows came onto the register. They are taken as
there from the day the register began: the earliest date it holds (a decision, an
assessment, a review, or a row's creation). A member born after that day entered at
birth. The officer corrects a household's date where the ward knows it.
"""

from datetime import date

from django.db import migrations, models
from django.db.models import F, Min


def register_began(apps) -> date | None:
    dates = []
    for model, field in (
        ("StatusDecision", "effective_on"),
        ("Assessment", "assessed_on"),
        ("Review", "starts_on"),
    ):
        dates.append(apps.get_model("households", model).objects.aggregate(d=Min(field))["d"])
    created = apps.get_model("households", "Household").objects.aggregate(d=Min("created_at"))["d"]
    if created is not None:
        dates.append(created.date())
    history = apps.get_model("households", "HistoricalHousehold").objects.aggregate(d=Min("history_date"))["d"]
    if history is not None:
        dates.append(history.date())
    dates = [d for d in dates if d is not None]
    return min(dates) if dates else None


def fill_dates(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    began = register_began(apps)
    if began is None:
        return
    Household.objects.update(entered_on=began)
    Member.objects.filter(date_of_birth__lte=began).update(entered_on=began, entry_reason="registered")
    Member.objects.filter(date_of_birth__gt=began).update(entered_on=F("date_of_birth"), entry_reason="born")
    for name in ("HistoricalHousehold",):
        apps.get_model("households", name).objects.update(entered_on=began)
    historical = apps.get_model("households", "HistoricalMember")
    historical.objects.filter(date_of_birth__lte=began).update(entered_on=began, entry_reason="registered")
    historical.objects.filter(date_of_birth__gt=began).update(entered_on=F("date_of_birth"), entry_reason="born")


class Migration(migrations.Migration):
    dependencies = [("households", "0009_standard_2027_2030")]

    operations = [
        migrations.AddField(
            model_name="household",
            name="entered_on",
            field=models.DateField(null=True, verbose_name="on the register since"),
        ),
        migrations.AddField(
            model_name="historicalhousehold",
            name="entered_on",
            field=models.DateField(null=True, verbose_name="on the register since"),
        ),
        migrations.AddField(
            model_name="member",
            name="entered_on",
            field=models.DateField(null=True, verbose_name="in the household since"),
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="entered_on",
            field=models.DateField(null=True, verbose_name="in the household since"),
        ),
        migrations.AddField(
            model_name="member",
            name="entry_reason",
            field=models.CharField(
                choices=[
                    ("registered", "With the household when it was registered"),
                    ("born", "Born"),
                    ("moved_in", "Moved in"),
                ],
                default="registered",
                max_length=10,
                verbose_name="how they came",
            ),
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="entry_reason",
            field=models.CharField(
                choices=[
                    ("registered", "With the household when it was registered"),
                    ("born", "Born"),
                    ("moved_in", "Moved in"),
                ],
                default="registered",
                max_length=10,
                verbose_name="how they came",
            ),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop, elidable=False),
    ]
