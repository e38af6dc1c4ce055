# A review makes the list of a year and classifies under that list's standard:
#   - Review.list_year and Review.standard, filled for the stored reviews by the rule of
#     Review.default_list_year (periodic Y -> Y + 1; regular -> Y) and the standard in
#     force on 01/01 of the list year; a review whose list year has no standard stops the
#     migration with its name (add the standard in the admin, then migrate again);
#   - each standard words its indicators' thresholds itself (StandardIndicator, the
#     through table of PovertyStandard.indicators: the plain many-to-many's table, kept
#     with its rows), copied from the indicators' single threshold, and names the rule
#     that suggests each one;
#   - Member.social_allowance, which the 2027–2030 dependants indicator counts.

from datetime import date

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

RULE_CHOICES = [
    ("uninsured_6_plus", "A member aged 6 or over has no health insurance."),
    ("child_not_in_school", "A child aged 3 to under 16 is not attending school."),
    ("dependants_over_half", "Dependants (under 16, 60 or over, severely disabled) are more than half the household."),
    (
        "dependants_allowance_over_half",
        "Dependants (under 16, and elderly or disabled people receiving a monthly social allowance) "
        "are more than half the household.",
    ),
    ("working_age_without_contract", "A working-age member is unemployed or works for wages without a contract."),
    ("young_adult_under_qualified", "A member aged 16 to 30 is out of school without the schooling for their age."),
    ("floor_area_under_8", "Floor area is under 8 m² per person."),
]

# The suggestion each indicator had before standards named it (households/deprivations.py).
SUGGESTED_BY = {
    "HEALTH_INSURANCE": "uninsured_6_plus",
    "CHILD_SCHOOLING": "child_not_in_school",
    "DEPENDANTS": "dependants_over_half",
    "EMPLOYMENT": "working_age_without_contract",
    "ADULT_EDUCATION": "young_adult_under_qualified",
    "HOUSING_AREA": "floor_area_under_8",
}


def check_constraints_now(schema_editor):
    # PostgreSQL defers foreign-key checks to the commit, and refuses to ALTER a table
    # with checks pending: run them now, before the schema operations that follow.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def list_year(kind: str, year: int) -> int:
    """Review.default_list_year as of this migration."""
    return year + 1 if kind == "periodic" else year


def fill_reviews(apps, schema_editor):
    Review = apps.get_model("households", "Review")
    Standard = apps.get_model("households", "PovertyStandard")
    missing = []
    for review in Review.objects.filter(Q(list_year__isnull=True) | Q(standard__isnull=True)):
        review.list_year = review.list_year or list_year(review.kind, review.year)
        first_day = date(review.list_year, 1, 1)
        standard = (
            Standard.objects.filter(valid_from__lte=first_day)
            .filter(Q(valid_to__gte=first_day) | Q(valid_to__isnull=True))
            .order_by("-valid_from")
            .first()
        )
        if standard is None:
            missing.append(f"{review.kind} {review.month or ''}/{review.year} (list of {review.list_year})")
            continue
        review.standard = standard
        review.save(update_fields=["list_year", "standard"])
    check_constraints_now(schema_editor)
    if missing:
        raise RuntimeError(
            "No poverty standard is in force on 01/01 of the list year of these reviews: "
            + "; ".join(missing)
            + ". Add the standard (or correct the reviews), then migrate again."
        )


def copy_thresholds(apps, schema_editor):
    StandardIndicator = apps.get_model("households", "StandardIndicator")
    for row in StandardIndicator.objects.select_related("indicator"):
        row.threshold = row.indicator.threshold
        row.suggestion_rule = SUGGESTED_BY.get(row.indicator.code, "")
        row.save(update_fields=["threshold", "suggestion_rule"])


def copy_thresholds_back(apps, schema_editor):
    StandardIndicator = apps.get_model("households", "StandardIndicator")
    # The earliest standard's wording last, so that it is the one the indicator keeps.
    for row in StandardIndicator.objects.select_related("indicator").order_by("-standard__valid_from"):
        row.indicator.threshold = row.threshold
        row.indicator.save(update_fields=["threshold"])


class Migration(migrations.Migration):
    dependencies = [("households", "0007_regular_review_windows")]

    operations = [
        # Member.social_allowance
        migrations.AddField(
            model_name="historicalmember",
            name="social_allowance",
            field=models.BooleanField(
                default=False,
                help_text="An elderly or disabled person on the monthly social allowance: "
                "a dependant under the 2027–2030 standard.",
                verbose_name="receives a monthly social allowance",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="social_allowance",
            field=models.BooleanField(
                default=False,
                help_text="An elderly or disabled person on the monthly social allowance: "
                "a dependant under the 2027–2030 standard.",
                verbose_name="receives a monthly social allowance",
            ),
        ),
        # Thresholds per standard: the plain many-to-many's table becomes the through model
        # StandardIndicator, rows and all (Django cannot add a through model to an existing
        # many-to-many: declare it over the same table, then add its columns).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StandardIndicator",
                    fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "standard",
                            models.ForeignKey(
                                db_column="povertystandard_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicator_terms",
                                to="households.povertystandard",
                                verbose_name="standard",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                db_column="deprivationindicator_id",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="standard_terms",
                                to="households.deprivationindicator",
                                verbose_name="indicator",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "households_povertystandard_indicators",
                        "verbose_name": "indicator of a standard",
                        "verbose_name_plural": "indicators of a standard",
                        "ordering": ["standard", "indicator__order", "indicator__code"],
                    },
                ),
                migrations.AlterField(
                    model_name="povertystandard",
                    name="indicators",
                    field=models.ManyToManyField(
                        related_name="standards",
                        through="households.StandardIndicator",
                        to="households.deprivationindicator",
                        verbose_name="indicators",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="standardindicator",
            name="threshold",
            field=models.TextField(
                blank=True,
                help_text="When a household counts as deprived, as the legal text words it.",
                verbose_name="deprivation threshold",
            ),
        ),
        migrations.AddField(
            model_name="standardindicator",
            name="threshold_confirmed",
            field=models.BooleanField(
                default=False,
                help_text="Ticked once the threshold has been checked against the published text; "
                "until then it is working text.",
                verbose_name="threshold confirmed",
            ),
        ),
        migrations.AddField(
            model_name="standardindicator",
            name="suggestion_rule",
            field=models.CharField(
                blank=True,
                choices=RULE_CHOICES,
                help_text="Empty: never suggested (the indicator needs a visit).",
                max_length=40,
                verbose_name="suggested from the register by",
            ),
        ),
        migrations.AddConstraint(
            model_name="standardindicator",
            constraint=models.UniqueConstraint(
                fields=("standard", "indicator"), name="standardindicator_once_per_standard"
            ),
        ),
        migrations.RunPython(copy_thresholds, copy_thresholds_back),
        migrations.RemoveField(model_name="deprivationindicator", name="threshold"),
        # The review's list year and standard
        migrations.AddField(
            model_name="review",
            name="list_year",
            field=models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="list year"),
        ),
        migrations.AddField(
            model_name="review",
            name="standard",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="households.povertystandard",
                verbose_name="standard",
            ),
        ),
        migrations.RunPython(fill_reviews, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="review",
            name="list_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The year of the list this review makes: the next year for a periodic review, "
                "its own year for a regular one. Empty: by that rule.",
                verbose_name="list year",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="standard",
            field=models.ForeignKey(
                blank=True,
                help_text="The standard its households are classified under. "
                "Empty: the one in force on 01/01 of the list year.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="households.povertystandard",
                verbose_name="standard",
            ),
        ),
    ]
