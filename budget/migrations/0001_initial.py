# The money models moved here from the projects app. Their tables, rows and
# permissions stay: the state moves (projects/0006 lets go of it), the content types
# are renamed so that every group keeps the permissions it was granted.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["allocation", "adjustment", "disbursement", "settlement"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="budget", model=model).exists():
            ContentType.objects.filter(app_label="projects", model=model).update(app_label="budget")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="budget", model__in=MODELS).update(app_label="projects")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("households", "0006_importbatch_moved_to_imports"),
        ("projects", "0006_budget_moved_to_budget"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Allocation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("budget_year", models.PositiveSmallIntegerField(verbose_name="budget year")),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("central_investment", "Central budget – development investment"),
                                    ("central_recurrent", "Central budget – recurrent"),
                                    ("local_budget", "Local budget"),
                                    ("local_counterpart", "Local counterpart funds"),
                                    ("integrated", "Integrated funds"),
                                    ("policy_credit", "Policy credit"),
                                    ("mobilised", "Other mobilised funds"),
                                    ("people", "People's contributions"),
                                ],
                                max_length=25,
                                verbose_name="funding source",
                            ),
                        ),
                        ("amount", models.PositiveBigIntegerField(verbose_name="amount (VND)")),
                        ("decision_number", models.CharField(max_length=50, verbose_name="decision number")),
                        ("decision_date", models.DateField(verbose_name="decision date")),
                        ("issuing_body", models.CharField(max_length=200, verbose_name="issued by")),
                        (
                            "disburse_until",
                            models.DateField(
                                help_text="31/12 of the budget year, or the extended deadline of a carry-over.",
                                verbose_name="disbursement deadline",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                        (
                            "carried_from",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="carried_to",
                                to="budget.allocation",
                                verbose_name="carried over from",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "subproject",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="allocations",
                                to="projects.subproject",
                                verbose_name="sub-project",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "projects_allocation",
                        "verbose_name": "allocation",
                        "verbose_name_plural": "allocations",
                        "ordering": ["-budget_year", "subproject__order", "source"],
                    },
                ),
                migrations.CreateModel(
                    name="Adjustment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("increase", "Increase"),
                                    ("decrease", "Decrease"),
                                    ("carry_over", "Carried over to the next year"),
                                ],
                                max_length=12,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "amount",
                            models.BigIntegerField(
                                help_text="Positive raises the line, negative lowers it.", verbose_name="change (VND)"
                            ),
                        ),
                        ("decision_number", models.CharField(max_length=50, verbose_name="decision number")),
                        ("decision_date", models.DateField(verbose_name="decision date")),
                        ("issuing_body", models.CharField(max_length=200, verbose_name="issued by")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "allocation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="adjustments",
                                to="budget.allocation",
                                verbose_name="allocation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "projects_adjustment",
                        "verbose_name": "adjustment",
                        "verbose_name_plural": "adjustments",
                        "ordering": ["decision_date", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Disbursement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("advance", "Advance"), ("payment", "Payment"), ("reversal", "Reversal")],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("paid_on", models.DateField(verbose_name="date")),
                        ("amount", models.BigIntegerField(help_text="Negative for a reversal.", verbose_name="amount (VND)")),
                        ("voucher_number", models.CharField(max_length=50, verbose_name="voucher number")),
                        (
                            "payee_name",
                            models.CharField(
                                help_text="The household head, person or organisation, as the voucher names it.",
                                max_length=255,
                                verbose_name="payee",
                            ),
                        ),
                        ("purpose", models.CharField(max_length=255, verbose_name="purpose")),
                        ("reason", models.TextField(blank=True, verbose_name="reason for the reversal")),
                        (
                            "request_key",
                            models.UUIDField(
                                editable=False,
                                help_text="Makes a repeated form submission harmless.",
                                unique=True,
                                verbose_name="request key",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payments",
                                to="projects.activity",
                                verbose_name="activity paid for",
                            ),
                        ),
                        (
                            "allocation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disbursements",
                                to="budget.allocation",
                                verbose_name="allocation",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "payee_household",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payments",
                                to="households.household",
                                verbose_name="paid to household",
                            ),
                        ),
                        (
                            "payee_member",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payments",
                                to="households.member",
                                verbose_name="paid to person",
                            ),
                        ),
                        (
                            "reverses",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reversed_by",
                                to="budget.disbursement",
                                verbose_name="reverses",
                            ),
                        ),
                        (
                            "support",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payments",
                                to="projects.support",
                                verbose_name="support paid for",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "projects_disbursement",
                        "verbose_name": "disbursement",
                        "verbose_name_plural": "disbursements",
                        "ordering": ["-paid_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Settlement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("approved_amount", models.PositiveBigIntegerField(verbose_name="approved expenditure (VND)")),
                        ("returned_amount", models.PositiveBigIntegerField(verbose_name="returned to the budget (VND)")),
                        ("decision_number", models.CharField(max_length=50, verbose_name="decision number")),
                        ("decision_date", models.DateField(verbose_name="decision date")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                        (
                            "allocation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="settlement",
                                to="budget.allocation",
                                verbose_name="allocation",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "projects_settlement",
                        "verbose_name": "settlement",
                        "verbose_name_plural": "settlements",
                    },
                ),
                migrations.AddConstraint(
                    model_name="allocation",
                    constraint=models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="allocation_amount_positive"),
                ),
                migrations.AddConstraint(
                    model_name="allocation",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("carried_from__isnull", True)),
                        fields=("subproject", "budget_year", "source"),
                        name="allocation_one_line_per_source_year",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="adjustment",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amount__gt", 0), ("kind", "increase")),
                            models.Q(("amount__lt", 0), ("kind__in", ["decrease", "carry_over"])),
                            _connector="OR",
                        ),
                        name="adjustment_sign_matches_kind",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="disbursement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amount__gt", 0), ("kind__in", ["advance", "payment"]), ("reverses__isnull", True)),
                            models.Q(
                                ("amount__lt", 0),
                                ("kind", "reversal"),
                                ("reverses__isnull", False),
                                models.Q(("reason", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="disbursement_sign_and_reversal",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="disbursement",
                    constraint=models.UniqueConstraint(fields=("voucher_number",), name="disbursement_voucher_once"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
