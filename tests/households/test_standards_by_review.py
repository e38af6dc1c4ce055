"""A review classifies under the standard of the list it makes, not the assessment date's.

A periodic review (01/09–14/12 of year Y) makes the list of Y + 1 (the autumn-2021 review
applied the 2022–2025 standard); a regular review serves the list of its own year. The
2027 list is made under Nghị định 351/2025/NĐ-CP; the 2026 list still under 07/2021.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from households import deprivations, services
from households.choices import Disability
from households.models import Assessment, PovertyStandard, Review
from tests.factories import error_codes, make_household, make_member, make_user, make_xlsx

pytestmark = pytest.mark.django_db

THREE = ["EMPLOYMENT", "HEALTH_INSURANCE", "HOUSING_AREA"]  # in both standards
ND07, ND351 = "ND07-2021", "ND351-2025"


def assess(review, assessed_on, *, income, deprived=THREE, household=None):
    return services.record_assessment(
        household=household or make_household(),
        review=review,
        assessed_on=assessed_on,
        deprived=deprived,
        income=income,
        score_a=None,
        score_b=None,
        by=make_user("ldtbxh"),
    )


def test_the_autumn_2026_review_classifies_under_nghi_dinh_351_for_the_2027_list():
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2026)
    assessment = assess(review, date(2026, 10, 15), income=2_500_000)
    assert (review.list_year, review.standard.code) == (2027, ND351)
    assert assessment.standard.code == ND351
    assert assessment.result == "poor"  # 2,500,000 ≤ 2,800,000 (đô thị), 3 deprivations
    explanation = " ".join(assessment.explain().explanation)
    assert "Nghị định 351/2025/NĐ-CP ngày 30/12/2025" in explanation
    assert "2.800.000" in explanation


def test_the_same_household_in_the_autumn_2025_review_is_above_the_nghi_dinh_07_line():
    assessment = assess(services.get_or_create_review(Review.Kind.PERIODIC, 2025), date(2025, 10, 15), income=2_500_000)
    assert assessment.standard.code == ND07
    assert assessment.result == "average"  # above 2,000,000, within the 3,000,000 band


def test_the_autumn_2021_review_classifies_under_nghi_dinh_07_for_the_2022_list():
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2021)
    assessment = assess(review, date(2021, 11, 2), income=1_800_000)
    assert (review.list_year, assessment.standard.code, assessment.result) == (2022, ND07, "poor")
    assert "07/2021/NĐ-CP" in assessment.explain().standard


@pytest.mark.parametrize(
    "year, assessed_on, code, result",
    [
        (2027, date(2027, 3, 20), ND351, "poor"),
        (2026, date(2026, 3, 20), ND07, "average"),
    ],
)
def test_a_regular_review_classifies_under_the_standard_of_its_own_year(year, assessed_on, code, result):
    review = services.get_or_create_review(Review.Kind.REGULAR, year, 3)
    assessment = assess(review, assessed_on, income=2_500_000)
    assert (review.list_year, assessment.standard.code, assessment.result) == (year, code, result)


@pytest.mark.parametrize(
    "kind, year, month, list_year",
    [
        (Review.Kind.PERIODIC, 2021, None, 2022),
        (Review.Kind.PERIODIC, 2026, None, 2027),
        (Review.Kind.REGULAR, 2026, 12, 2026),  # runs into January 2027, still the 2026 list
        (Review.Kind.REGULAR, 2027, 1, 2027),
    ],
)
def test_the_list_year_by_default(kind, year, month, list_year):
    assert Review.default_list_year(kind, year, month) == list_year
    review = Review.by_rule(kind, year, month)
    assert review.list_year == list_year
    assert review.standard == PovertyStandard.objects.for_list_year(list_year)


def test_the_standard_for_a_list_year_is_the_one_in_force_on_its_first_day():
    assert PovertyStandard.objects.for_list_year(2021) is None
    assert PovertyStandard.objects.for_list_year(2026).code == ND07
    assert PovertyStandard.objects.for_list_year(2027).code == ND351
    assert PovertyStandard.objects.for_list_year(2030).code == ND351
    assert PovertyStandard.objects.for_list_year(2031) is None


def test_a_standard_set_on_the_review_is_the_one_it_classifies_under():
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2026)
    review.standard = PovertyStandard.objects.get(code=ND07)  # corrected in the admin
    review.full_clean()
    review.save()
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2026)
    assessment = assess(review, date(2026, 10, 15), income=2_500_000)
    assert (review.list_year, assessment.standard.code, assessment.result) == (2027, ND07, "average")


def test_a_review_left_empty_in_the_admin_gets_the_list_year_and_standard_by_rule():
    review = Review(kind=Review.Kind.PERIODIC, year=2026, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 14))
    review.full_clean()
    assert (review.list_year, review.standard.code) == (2027, ND351)
    review.list_year, review.standard = 2026, None
    review.full_clean()
    assert review.standard.code == ND07


def test_a_review_whose_households_are_classified_keeps_its_standard():
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2026)
    assess(review, date(2026, 10, 15), income=2_500_000)
    review.standard = PovertyStandard.objects.get(code=ND07)
    with pytest.raises(ValidationError) as refusal:
        review.full_clean()
    assert refusal.value.error_dict["standard"][0].code == "review_has_assessments"


def test_a_review_for_a_list_with_no_standard_is_refused_with_a_code():
    with pytest.raises(ValidationError) as refusal:
        services.get_or_create_review(Review.Kind.PERIODIC, 2030)  # the 2031 list: no standard yet
    assert refusal.value.code == "no_standard"
    assert not Review.objects.exists()
    with pytest.raises(ValidationError) as refusal:
        services.classify_household(
            household=make_household(),
            review=Review.by_rule(Review.Kind.PERIODIC, 2030),
            deprived=[],
            income=1_000_000,
            score_a=None,
            score_b=None,
        )
    assert refusal.value.code == "no_standard"


def test_an_indicator_outside_the_review_standard_is_refused():
    review = services.get_or_create_review(Review.Kind.PERIODIC, 2026)
    with pytest.raises(ValidationError) as refusal:
        assess(review, date(2026, 10, 15), income=2_500_000, deprived=["INFO_ASSETS"])
    assert refusal.value.code == "indicator_not_in_standard"
    waste = assess(review, date(2026, 10, 16), income=2_500_000, deprived=["WASTE_TREATMENT"])
    assert [d.code for d in waste.deprivations.all()] == ["WASTE_TREATMENT"]


# --- The indicators of each standard ----------------------------------------------


def test_the_2027_standard_has_six_dimensions_and_twelve_indicators():
    standard = PovertyStandard.objects.get(code=ND351)
    codes = set(standard.indicators.values_list("code", flat=True))
    assert len(codes) == 12
    assert "INFO_ASSETS" not in codes and {"TELECOM", "WASTE_TREATMENT"} <= codes
    assert len(set(standard.indicators.values_list("dimension", flat=True))) == 6
    assert (standard.urban_income_line, standard.rural_income_line, standard.poor_min_deprivations) == (
        2_800_000,
        2_200_000,
        3,
    )
    assert standard.urban_average_ceiling is None and standard.urban_score_a_cutoff is None
    nd07 = PovertyStandard.objects.get(code=ND07)
    assert (nd07.valid_from, nd07.valid_to) == (date(2022, 1, 1), date(2026, 12, 31))
    assert "351/2025/NĐ-CP" in nd07.name


def test_each_standard_words_the_dependants_threshold_and_marks_it_working_text():
    terms = {
        code: PovertyStandard.objects.get(code=code).indicator_terms.get(indicator__code="DEPENDANTS")
        for code in (ND07, ND351)
    }
    assert "trợ cấp xã hội hằng tháng" in terms[ND351].threshold
    assert "trợ cấp" not in terms[ND07].threshold
    assert not terms[ND07].threshold_confirmed and not terms[ND351].threshold_confirmed


def test_every_suggestion_rule_a_standard_names_exists():
    assert set(deprivations.RULES) == {code for code, _label in deprivations.RULE_CHOICES}
    for standard in PovertyStandard.objects.all():
        assert set(standard.suggestion_rules().values()) <= set(deprivations.RULES)


def family(*, elderly_allowance: bool):
    """A working head, a 70-year-old parent and a child: two dependants of three under Nghị định 07."""
    household = make_household()
    household.members.update(date_of_birth=date(1985, 1, 1))
    for fields in (
        {"date_of_birth": date(1956, 1, 1), "relation": "parent", "social_allowance": elderly_allowance},
        {"date_of_birth": date(2016, 1, 1), "relation": "child"},
    ):
        make_member(household, full_name="Trần Văn Bình", sex="M", **fields)
    return list(household.members.all())


@pytest.mark.parametrize(
    "code, allowance, suggested",
    [
        (ND07, False, True),
        (ND351, False, False),  # 2027–2030: the elderly count only on the monthly allowance
        (ND351, True, True),
    ],
)
def test_dependants_are_suggested_by_the_rule_of_the_standard(code, allowance, suggested):
    rules = PovertyStandard.objects.get(code=code).suggestion_rules()
    suggestions = deprivations.suggest(rules, family(elderly_allowance=allowance), date(2026, 10, 1))
    assert ("DEPENDANTS" in suggestions) is suggested


def test_a_disabled_member_counts_as_a_dependant_in_2027_only_with_the_allowance():
    rules = PovertyStandard.objects.get(code=ND351).suggestion_rules()
    members = family(elderly_allowance=False)
    members[0].disability = Disability.MILD  # the head
    assert "DEPENDANTS" not in deprivations.suggest(rules, members, date(2027, 3, 1))
    members[0].social_allowance = True
    assert "DEPENDANTS" in deprivations.suggest(rules, members, date(2027, 3, 1))


def test_waste_treatment_and_the_visited_indicators_are_never_suggested():
    rules = PovertyStandard.objects.get(code=ND351).suggestion_rules()
    assert "WASTE_TREATMENT" not in rules
    assert set(rules) == {
        "EMPLOYMENT",
        "DEPENDANTS",
        "HEALTH_INSURANCE",
        "ADULT_EDUCATION",
        "CHILD_SCHOOLING",
        "HOUSING_AREA",
    }


# --- The form and the import ------------------------------------------------------


def test_the_form_names_the_review_standard_and_marks_working_text(client):
    client.force_login(make_user("ldtbxh"))
    household = make_household()
    url = reverse("households:assessment_create", args=[household.code])
    data = {
        "review_kind": "periodic",
        "review_year": "2026",
        "assessed_on": "15/10/2026",
        "method": "income",
        "income": "2.500.000",
        "deprived": THREE,
        "preview": "1",
    }
    response = client.post(url, data)
    form = response.context["form"]
    assert form.review.standard.code == ND351
    assert "WASTE_TREATMENT" in dict(form.fields["deprived"].choices)
    assert "INFO_ASSETS" not in dict(form.fields["deprived"].choices)
    assert response.context["result"].result == "poor"
    page = response.content.decode()
    assert 'id="review-standard"' in page and "Nghị định 351/2025/NĐ-CP" in page
    assert page.count('data-confirmed="false"') == 12
    response = client.post(url, {**data, "review_year": "2021", "assessed_on": "15/10/2021"})
    assert response.context["result"].result == "average"  # under Nghị định 07/2021
    regular_2021 = {"review_kind": "regular", "review_year": "2021", "review_month": "3", "assessed_on": "20/03/2021"}
    response = client.post(url, {**data, **regular_2021})  # the 2021 list: no standard
    assert "no_standard" in [e.code for e in response.context["form"].errors.as_data()["review_year"]]


def test_the_import_classifies_under_the_review_standard(client):
    from households.importers.assessments import AssessmentImporter

    officer = make_user("ldtbxh")
    household = make_household(code="PH-900")
    row = {
        "Mã hộ": "PH-900",
        "Loại rà soát": "Định kỳ",
        "Năm rà soát": 2026,
        "Ngày đánh giá": "15/10/2026",
        "Thu nhập bình quân (đồng/người/tháng)": "2.500.000",
        "Việc làm": "Có",
        "Bảo hiểm y tế": "Có",
        "Xử lý rác thải": "Có",
    }
    report = AssessmentImporter(user=officer, commit=True).run("rs.xlsx", make_xlsx([row]))
    assert report.error_count == 0, report.errors
    assessment = Assessment.objects.get(household=household)
    assert (assessment.standard.code, assessment.result) == (ND351, "poor")
    refused = {**row, "Năm rà soát": 2025, "Ngày đánh giá": "15/10/2025"}
    report = AssessmentImporter(user=officer, commit=False).run("rs.xlsx", make_xlsx([refused]))
    assert error_codes(report) == ["indicator_not_in_standard"]  # no waste indicator before 2027


# --- The data migration -----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_stored_reviews_their_list_year_and_standard():
    executor = MigrationExecutor(connection)
    before = [("households", "0007_regular_review_windows")]
    latest = executor.loader.graph.leaf_nodes("households")
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldReview = apps.get_model("households", "Review")
    for kind, year, month in [("periodic", 2025, None), ("periodic", 2026, None), ("regular", 2026, 3)]:
        starts_on, ends_on = Review.period(kind, year, month)
        OldReview.objects.create(kind=kind, year=year, month=month, starts_on=starts_on, ends_on=ends_on)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    stored = {(r.kind, r.year): (r.list_year, r.standard.code) for r in Review.objects.select_related("standard")}
    assert stored == {
        ("periodic", 2025): (2026, ND07),
        ("periodic", 2026): (2027, ND351),
        ("regular", 2026): (2026, ND07),
    }
    for review in Review.objects.all():
        assert review.list_year == Review.default_list_year(review.kind, review.year, review.month)
