"""Each report belongs to a commune: one installation serves every commune of a province."""

import django.db.models.deletion
from django.db import migrations, models

import giamngheo.models
from giamngheo.commune_fill import fill


def fill_commune(apps, schema_editor):
    fill(apps, "monitoring", "Report", "HistoricalReport")


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0005_province_communes"),
        ("monitoring", "0006_historical_report"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="report", name="report_version_unique"),
        migrations.AddField(
            model_name="report",
            name="commune",
            field=models.ForeignKey(
                null=True,
                limit_choices_to={"level": "commune"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="giamngheo.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.AddField(
            model_name="historicalreport",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                limit_choices_to={"level": "commune"},
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="giamngheo.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.RunPython(fill_commune, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="commune",
            field=models.ForeignKey(
                default=giamngheo.models.sole_commune_id,
                limit_choices_to={"level": "commune"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="giamngheo.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreport",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                default=giamngheo.models.sole_commune_id,
                null=True,
                limit_choices_to={"level": "commune"},
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="giamngheo.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("commune", "period", "year", "version"), name="report_version_unique"
            ),
        ),
    ]
