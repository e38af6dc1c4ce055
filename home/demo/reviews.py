"""Three years of the demo ward's periodic reviews (the lists of 2023–2025, all under Nghị định
07/2021): assessments and status decisions, written in bulk."""

from datetime import date

from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from home.demo.ward import MERGER_DAY, Ward
from households import services
from households.models import (
    Assessment,
    DeprivationIndicator,
    Household,
    Member,
    PovertyStandard,
    Review,
    Status,
    StatusDecision,
)

FIRST_REVIEW_YEAR = 2022
# The periodic review of 2025 is worked step by step through the review process (home.demo.campaigns).
LAST_REVIEW_YEAR = 2024


def _measure(rng, status, standard):
    """Income and deprivations that give `status` under the standard, as a survey would find them."""
    codes = [i.code for i in standard.indicators.all()]
    if status == Status.POOR:
        return rng.randrange(1_100_000, 2_000_001, 50_000), rng.sample(codes, rng.randint(3, 5))
    if status == Status.NEAR_POOR:
        return rng.randrange(1_300_000, 2_000_001, 50_000), rng.sample(codes, rng.randint(0, 2))
    return rng.randrange(2_050_000, 4_500_001, 50_000), rng.sample(codes, rng.randint(0, 2))


def _next_status(rng, status, ever_listed, hardship):
    roll = rng.random()
    if status == Status.POOR:
        return Status.NEAR_POOR if roll < 0.35 else Status.NONE if roll < 0.5 else Status.POOR
    if status == Status.NEAR_POOR:
        return Status.NONE if roll < 0.3 else Status.POOR if roll < 0.35 else Status.NEAR_POOR
    if ever_listed:
        return Status.POOR if roll < 0.04 else Status.NONE
    if hardship:
        return Status.POOR if roll < 0.04 else Status.NEAR_POOR if roll < 0.1 else Status.NONE
    return Status.POOR if roll < 0.0008 else Status.NEAR_POOR if roll < 0.002 else Status.NONE


def build_reviews(households, hardship, rng, officer, ward: Ward):
    """Three years of periodic reviews: assessments of listed households and decisions on changes."""
    indicators = {i.code: i for i in DeprivationIndicator.objects.all()}
    status = {}
    ever_poor, ever_listed = set(), set()
    decisions, assessments, deprived = [], [], []
    baseline = date(2022, 1, 10)
    for index, household in enumerate(households):
        roll = rng.random()
        start = (
            Status.POOR
            if hardship[index] and roll < 0.22
            else Status.NEAR_POOR
            if hardship[index] and roll < 0.55
            else Status.NONE
        )
        status[index] = start
        if start != Status.NONE:
            decisions.append(
                StatusDecision(
                    household=household, status=start, effective_on=baseline, signed_on=baseline,
                    number="05/QĐ-UBND", signer="Phó Chủ tịch Nguyễn Thị Thùy Dung",
                    previous_status=Status.NONE, ever_poor_before=False, recorded_by=officer,
                    note="Danh sách đầu kỳ theo kết quả rà soát năm 2021.",
                )
            )  # fmt: skip
            ever_listed.add(index)
            if start == Status.POOR:
                ever_poor.add(index)
    for year in range(FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR + 1):
        review = services.get_or_create_review(Review.Kind.PERIODIC, year)
        standard = PovertyStandard.objects.prefetch_related("indicators").get(pk=review.standard_id)
        signed = date(year, 12, 15)
        signer = "Phó Chủ tịch Nguyễn Thị Thùy Dung" if signed < MERGER_DAY else "Chủ tịch Trần Minh Khoa"
        for index, household in enumerate(households):
            if not household.in_ward_on(review.ends_on):
                continue
            before = status[index]
            after = _next_status(rng, before, index in ever_listed, hardship[index])
            if before == Status.NONE and after == Status.NONE:
                continue
            income, codes = _measure(rng, after, standard)
            result = {Status.POOR: "poor", Status.NEAR_POOR: "near_poor"}.get(after) or (
                "average" if income <= 3_000_000 else "not_poor"
            )
            assessment = Assessment(
                household=household, review=review, assessed_on=date(year, 10, rng.randint(1, 31)),
                standard=standard, area_type=household.area_type, member_count=0,
                income_per_capita=income, result=result, assessed_by=officer,
            )  # fmt: skip
            assessments.append((index, assessment, codes))
            if after != before:
                decisions.append(
                    StatusDecision(
                        household=household, status=after, effective_on=signed, signed_on=signed,
                        number=f"{400 + year - 2000}/QĐ-UBND", signer=signer, previous_status=before,
                        ever_poor_before=index in ever_poor, recorded_by=officer,
                    )
                )  # fmt: skip
            status[index] = after
            if after != Status.NONE:
                ever_listed.add(index)
            if after == Status.POOR:
                ever_poor.add(index)
    sizes = dict(
        Member.objects.filter(household__in=households)
        .values_list("household")
        .annotate(n=Count("pk"))
        .values_list("household", "n")
    )
    for _index, assessment, _codes in assessments:
        assessment.member_count = sizes.get(assessment.household.pk, 1)
    bulk_create_with_history([a for _, a, _ in assessments], Assessment, batch_size=1000)
    saved = {(a.household_id, a.review_id): a for a in Assessment.objects.filter(household__in=households)}
    through = Assessment.deprivations.through
    for _index, assessment, codes in assessments:
        stored = saved[(assessment.household.pk, assessment.review.pk)]
        deprived.extend(through(assessment_id=stored.pk, deprivationindicator_id=indicators[c].pk) for c in codes)
    through.objects.bulk_create(deprived, batch_size=2000)
    bulk_create_with_history(decisions, StatusDecision, batch_size=1000)
    # Written with previous_status already set, so only the stored status needs deriving.
    services.refresh_status(Household.objects.filter(pk__in=[h.pk for h in households]))
    return status, ever_listed
