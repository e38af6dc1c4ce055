"""Each commune enters its own official population figure of a year."""

import django.db.models.deletion
from django.db import migrations, models

import giamngheo.models
from giamngheo.commune_fill import fill


def fill_commune(apps, schema_editor):
    fill(apps, "households", "OfficialPopulation", "HistoricalOfficialPopulation")


def commune_field(**extra):
    return models.ForeignKey(
        limit_choices_to={"level": "commune"},
        related_name="+",
        to="giamngheo.administrativeunit",
        verbose_name="commune",
        **extra,
    )


HISTORICAL = {"blank": True, "db_constraint": False, "null": True, "on_delete": django.db.models.deletion.DO_NOTHING}


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0005_province_communes"),
        ("households", "0016_fill_household_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="officialpopulation",
            name="commune",
            field=commune_field(null=True, on_delete=django.db.models.deletion.PROTECT),
        ),
        migrations.AddField(model_name="historicalofficialpopulation", name="commune", field=commune_field(**HISTORICAL)),
        migrations.RunPython(fill_commune, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="officialpopulation",
            name="commune",
            field=commune_field(default=giamngheo.models.sole_commune_id, on_delete=django.db.models.deletion.PROTECT),
        ),
        migrations.AlterField(
            model_name="historicalofficialpopulation",
            name="commune",
            field=commune_field(default=giamngheo.models.sole_commune_id, **HISTORICAL),
        ),
        migrations.AlterField(
            model_name="officialpopulation", name="year", field=models.PositiveSmallIntegerField(verbose_name="year")
        ),
        migrations.AlterField(
            model_name="historicalofficialpopulation",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AddConstraint(
            model_name="officialpopulation",
            constraint=models.UniqueConstraint(fields=("commune", "year"), name="population_once_per_commune_year"),
        ),
    ]
