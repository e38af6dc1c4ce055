"""Each campaign belongs to a commune, and every commune works its own campaign of a review."""

import django.db.models.deletion
from django.db import migrations, models

import giamngheo.models
from giamngheo.commune_fill import fill


def fill_commune(apps, schema_editor):
    fill(apps, "reviews", "Campaign")


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0005_province_communes"),
        ("households", "0016_fill_household_status"),
        ("reviews", "0003_appeal"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
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
        migrations.RunPython(fill_commune, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="campaign",
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
            model_name="campaign",
            name="review",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="campaigns",
                to="households.review",
                verbose_name="review",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.UniqueConstraint(fields=("commune", "review"), name="campaign_once_per_commune"),
        ),
    ]
