# The model moved here from the households app; its table and rows stay where they are.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="imports", model="importbatch").exists():
        ContentType.objects.filter(app_label="households", model="importbatch").update(app_label="imports")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="imports", model="importbatch").update(app_label="households")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("households", "0006_importbatch_moved_to_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=15, verbose_name="kind")),
                        ("state", models.CharField(choices=[("queued", "Waiting to be checked"), ("checking", "Being checked"), ("ready", "Checked: ready to import"), ("invalid", "Has errors: nothing imported"), ("applying", "Being imported"), ("applied", "Imported"), ("failed", "Import refused: nothing changed"), ("expired", "Expired: upload it again")], default="queued", max_length=10, verbose_name="state")),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("sha256", models.CharField(db_index=True, max_length=64, verbose_name="SHA-256")),
                        ("size", models.PositiveBigIntegerField(verbose_name="size (bytes)")),
                        ("content", models.BinaryField(blank=True, null=True)),
                        ("total_rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                        ("processed_rows", models.PositiveIntegerField(default=0, verbose_name="rows read")),
                        ("created_count", models.PositiveIntegerField(default=0, verbose_name="created")),
                        ("updated_count", models.PositiveIntegerField(default=0, verbose_name="updated")),
                        ("unchanged_count", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                        ("error_count", models.PositiveIntegerField(default=0, verbose_name="errors")),
                        ("errors", models.JSONField(blank=True, default=list, verbose_name="errors")),
                        ("actions", models.JSONField(blank=True, default=list, verbose_name="rows")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                        ("checked_at", models.DateTimeField(blank=True, null=True, verbose_name="checked")),
                        ("applied_at", models.DateTimeField(blank=True, null=True, verbose_name="imported")),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="uploaded by")),
                    ],
                    options={
                        "verbose_name": "import",
                        "verbose_name_plural": "imports",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "households_importbatch",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
