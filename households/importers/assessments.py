"""Assessments from a review's survey sheet: one row per household and review.

Rows go through the same rules as the assessment form (the review's dates, the
review's standard, score B against the indicators ticked) and are recorded by
services.record_assessment. An assessment already recorded with the same inputs is
left unchanged; one recorded with different inputs is an error, since assessments
are corrected by a new review, not overwritten.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households import services
from households.models import Assessment, DeprivationIndicator, Household, PovertyStandard, Review
from imports.columns import DATE_NOTE, Column
from imports.engine import CREATED, UNCHANGED, Importer
from imports.values import parse_amount, parse_date, parse_decimal, parse_int, parse_yes_no

REVIEW_KINDS = [(Review.Kind.PERIODIC.value, "Định kỳ"), (Review.Kind.REGULAR.value, "Thường xuyên")]


def assessment_columns() -> list[Column]:
    columns = [
        Column("code", "Mã hộ", _("The household's code in the register."), required=True),
        Column(
            "review_kind",
            "Loại rà soát",
            _("Periodic (yearly) or regular (monthly)."),
            choices=lambda: REVIEW_KINDS,
            required=True,
        ),
        Column("review_year", "Năm rà soát", _("e.g. 2025."), parse=parse_int, required=True, width=8),
        Column("review_month", "Tháng rà soát", _("Only for a regular review: 1 to 12."), parse=parse_int, width=8),
        Column("assessed_on", "Ngày đánh giá", DATE_NOTE, parse=parse_date, is_date=True, required=True),
        Column(
            "income",
            "Thu nhập bình quân (đồng/người/tháng)",
            _("Whole đồng, e.g. 1.800.000. Leave empty when the survey scores are given instead."),
            parse=parse_amount,
            width=18,
        ),
        Column("score_a", "Điểm A", _("Survey score A, with score B, when no income is given."), parse=parse_int),
        Column("score_b", "Điểm B", _("Score B: 10 points per deprived indicator."), parse=parse_int),
        Column("floor_area_m2", "Diện tích nhà ở (m²)", _("Optional, e.g. 24,5."), parse=parse_decimal),
    ]
    for indicator in DeprivationIndicator.objects.order_by("order", "code"):
        columns.append(
            Column(
                f"ind:{indicator.code}",
                indicator.name,
                _("Có if the household is deprived on this indicator; Không or empty otherwise."),
                parse=parse_yes_no,
                yes_no=True,
                width=14,
            )
        )
    columns.append(Column("note", "Ghi chú", _("Optional."), width=20))
    return columns


class AssessmentImporter(Importer):
    chunk_size = 500

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = assessment_columns()

    def prepare(self) -> None:
        self.standards = {s.pk: s for s in PovertyStandard.objects.prefetch_related("indicators")}
        self.seen: dict[tuple, int] = {}
        self.reviews: dict[tuple, Review] = {}

    def flush(self, chunk) -> int:
        codes = {parsed["code"] for _n, parsed in chunk if parsed}
        households = {h.code: h for h in Household.objects.for_user(self.user).filter(code__in=codes)}
        existing = {
            (a.household_id, a.review.kind, a.review.year, a.review.month): a
            for a in Assessment.objects.filter(household__in=households.values())
            .select_related("review")
            .prefetch_related("deprivations")
        }
        for number, parsed in chunk:
            if parsed is not None:
                self.check_row(number, parsed, households, existing)
        return len(chunk)

    def check_row(self, number, data, households, existing) -> None:
        household = households.get(data["code"])
        if household is None:
            self.error(number, "code", "household_unknown", {"code": data["code"]})
            return
        kind, year, month = data["review_kind"], data["review_year"], data.get("review_month")
        if kind == Review.Kind.PERIODIC:
            month = None
        elif not month or not 1 <= month <= 12:
            self.error(number, "review_month", "month_missing")
            return
        if not 2000 <= year <= 2100:
            self.error(number, "review_year", "number_invalid", {"value": year})
            return
        key = (household.pk, kind, year, month)
        if key in self.seen:
            self.error(number, "code", "assessment_twice", {"row": self.seen[key]})
            return
        self.seen[key] = number
        day = data["assessed_on"]
        if day > timezone.localdate():
            self.error(number, "assessed_on", "date_in_future")
            return
        if (kind, year, month) not in self.reviews:
            try:
                review = services.find_review(kind, year, month)
            except ValidationError as error:
                self.error(number, "review_month", error.code, {"month": month, "year": year})
                return
            if review.standard_id in self.standards:
                review.standard = self.standards[review.standard_id]  # with its indicators fetched once
            self.reviews[kind, year, month] = review
        review = self.reviews[kind, year, month]
        start, end = review.starts_on, review.ends_on
        try:
            services.check_review_date(start, end, day)
        except ValidationError:
            self.error(
                number, "assessed_on", "outside_review", {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
            )
            return
        income, score_a, score_b = data.get("income"), data.get("score_a"), data.get("score_b")
        if income is None and (score_a is None or score_b is None):
            self.error(number, "income", "income_or_scores")
            return
        if income is not None:
            score_a = score_b = None
        standard = self.standards.get(review.standard_id)
        if standard is None:
            self.error(number, "review_year", "no_standard", {"year": review.list_year})
            return
        allowed = {indicator.code for indicator in standard.indicators.all()}
        deprived = sorted(key[4:] for key, value in data.items() if key.startswith("ind:") and value)
        for code in deprived:
            if code not in allowed:
                self.error(number, f"ind:{code}", "indicator_not_in_standard")
                return
        previous = existing.get(key)
        if previous is not None:
            same = (
                previous.assessed_on == day
                and previous.income_per_capita == income
                and previous.score_a == score_a
                and previous.score_b == score_b
                and sorted(d.code for d in previous.deprivations.all()) == deprived
                and ("floor_area_m2" not in data or previous.floor_area_m2 == data["floor_area_m2"])
            )
            if same:
                self.report.action(number, UNCHANGED, household.code)
            else:
                self.error(number, "code", "already_assessed")
            return
        try:
            if not self.writing:
                services.classify_household(
                    household=household,
                    review=review,
                    deprived=deprived,
                    income=income,
                    score_a=score_a,
                    score_b=score_b,
                )
            else:
                services.record_assessment(
                    household=household,
                    review=services.get_or_create_review(kind, year, month),
                    assessed_on=day,
                    deprived=deprived,
                    income=income,
                    score_a=score_a,
                    score_b=score_b,
                    floor_area_m2=data.get("floor_area_m2"),
                    note=data.get("note", ""),
                    by=self.user,
                )
        except ValidationError as error:
            column = "score_b" if error.code == "score_b_mismatch" else "income"
            self.error(number, column, error.code or "invalid", {}, " ".join(error.messages))
            return
        self.report.action(number, CREATED, household.code)
