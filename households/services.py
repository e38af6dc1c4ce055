"""Writes to the register that touch several rows and must succeed or fail whole."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from households import classification, status
from households.choices import Relation
from households.models import (
    Assessment,
    Household,
    Member,
    PovertyStandard,
    Review,
    Status,
    StatusDecision,
)


@transaction.atomic
def save_household(*, household: Household, members_formset) -> Household:
    """Save a household with its members; exactly one member must be the head.

    A member without an arrival date came with a new household, or today to an existing one.
    """
    since = household.entered_on if household._state.adding else timezone.localdate()
    household.save()
    members_formset.instance = household
    for member in members_formset.save(commit=False):
        member.fill_entry(since)
        member.save()
    for member in members_formset.deleted_objects:
        member.delete()
    members = list(household.members.all())
    heads = [m for m in members if m.relation == Relation.HEAD]
    if len(heads) != 1:
        raise ValidationError(_("A household has exactly one head."), code="one_head")
    household.refresh_search_fields(members)
    household.save(update_fields=["head_name", "head_sort_key", "search_text"])
    return household


def find_review(kind: str, year: int, month: int | None = None) -> Review:
    """The stored review (the admin may have corrected its dates or standard), else an unsaved one by rule."""
    if kind == Review.Kind.PERIODIC:
        month = None
    review = Review.objects.select_related("standard").filter(kind=kind, year=year, month=month).first()
    return review or Review.by_rule(kind, year, month)


def get_or_create_review(kind: str, year: int, month: int | None = None) -> Review:
    """The review of a period, created by rule when it is first needed; refused without a standard."""
    review = find_review(kind, year, month)
    if review.pk is None:
        review.standard_or_error()
        review.save()
    return review


def review_dates(kind: str, year: int, month: int | None = None) -> tuple[date, date]:
    """The dates of a review: as stored once it exists (the admin may correct them), else by rule."""
    review = find_review(kind, year, month)
    return review.starts_on, review.ends_on


def check_review_date(starts_on: date, ends_on: date, assessed_on: date, *, field="assessed_on", message=None) -> None:
    """An act of a review (an assessment, a survey, a meeting) is dated within it; refused on `field`."""
    if not starts_on <= assessed_on <= ends_on:
        message = message or _("The assessment date must fall within the review, %(start)s to %(end)s.")
        raise ValidationError(
            {
                field: ValidationError(
                    message % {"start": starts_on.strftime("%d/%m/%Y"), "end": ends_on.strftime("%d/%m/%Y")},
                    code="outside_review",
                )
            }
        )


def classify_household(
    *,
    household: Household,
    review: Review,
    deprived: list[str],
    income: int | None,
    score_a: int | None,
    score_b: int | None,
) -> tuple[PovertyStandard, classification.Classification]:
    """Classify under the review's standard (that of the list it makes), not the assessment date's."""
    standard = review.standard_or_error()
    if income is None and score_b is not None and score_b != standard.score_b_per_indicator * len(deprived):
        raise ValidationError(
            _(
                "Score B is %(points)d points per deprived indicator: "
                "%(expected)d for the %(count)d ticked, not %(given)d."
            )
            % {
                "points": standard.score_b_per_indicator,
                "expected": standard.score_b_per_indicator * len(deprived),
                "count": len(deprived),
                "given": score_b,
            },
            code="score_b_mismatch",
        )
    try:
        result = classification.classify(
            standard.rules(),
            area=household.area_type,
            deprived=deprived,
            income=income,
            score_a=score_a if income is None else None,
            score_b=score_b if income is None else None,
        )
    except classification.ClassificationError as error:
        raise ValidationError(error.message, code=error.code) from None
    return standard, result


@transaction.atomic
def record_assessment(
    *,
    household: Household,
    review: Review,
    assessed_on: date,
    deprived: list[str],
    income: int | None,
    score_a: int | None,
    score_b: int | None,
    floor_area_m2=None,
    note: str = "",
    replace: bool = False,
    by,
) -> Assessment:
    """Record a household's assessment in a review with the class the standard gives it.

    `replace`: a new survey of the same review (a meeting did not agree on the first) takes
    the place of the earlier assessment, which its history keeps.
    """
    check_review_date(review.starts_on, review.ends_on, assessed_on)
    earlier = Assessment.objects.select_for_update().filter(household=household, review=review).first()
    if earlier is not None and not replace:
        raise ValidationError(
            _("This household already has an assessment in %(review)s.") % {"review": review},
            code="already_assessed",
        )
    standard, result = classify_household(
        household=household, review=review, deprived=deprived, income=income, score_a=score_a, score_b=score_b
    )
    assessment = earlier or Assessment(household=household, review=review)
    assessment.assessed_on = assessed_on
    assessment.standard = standard
    assessment.area_type = household.area_type
    assessment.member_count = household.members.count()
    assessment.income_per_capita = income
    assessment.score_a = score_a
    assessment.score_b = score_b
    assessment.floor_area_m2 = floor_area_m2
    assessment.result = result.result
    assessment.note = note
    assessment.assessed_by = by
    assessment.full_clean()
    assessment.save()
    assessment.deprivations.set(standard.indicators.filter(code__in=deprived))
    return assessment


@transaction.atomic
def record_decision(
    *,
    household: Household,
    status: str,
    effective_on: date,
    number: str,
    signed_on: date,
    signer: str,
    assessment: Assessment | None = None,
    note: str = "",
    by,
) -> StatusDecision:
    """Record a recognition decision and re-derive the household's transitions."""
    # Lock the household: two officers recording decisions for it at once would
    # otherwise derive transitions from each other's half-written timeline.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    decision = StatusDecision(
        household=household,
        status=status,
        effective_on=effective_on,
        number=number,
        signed_on=signed_on,
        signer=signer,
        assessment=assessment,
        note=note,
        recorded_by=by,
        previous_status=Status.NONE,
    )
    decision.full_clean()
    decision.save()
    rederive_transitions(household)
    refresh_status(Household.objects.filter(pk=household.pk))
    household.refresh_from_db(fields=Household.STATUS_FIELDS)
    decision.refresh_from_db()
    return decision


def rederive_transitions(household: Household) -> None:
    """Set previous_status and ever_poor_before on every decision, in date order."""
    previous, ever_poor = Status.NONE, False
    for decision in household.status_decisions.order_by("effective_on", "pk"):
        if (decision.previous_status, decision.ever_poor_before) != (previous, ever_poor):
            decision.previous_status, decision.ever_poor_before = previous, ever_poor
            decision.save(update_fields=["previous_status", "ever_poor_before"])
        ever_poor = ever_poor or decision.status == Status.POOR
        previous = decision.status


@transaction.atomic
def refresh_status(households=None, *, today: date | None = None, batch_size: int = 5000) -> int:
    """Store the status in force today of each household (all without a queryset) from its decisions.

    Every writer of decisions calls it in its transaction, after rederive_transitions (the
    escapes read previous_status). The UPDATE sets the columns with the decision path's own
    subqueries, so a stored column and with_status_on's fallback cannot disagree. The stored
    status goes stale when a future-dated decision takes effect; queries notice (stored_stale_q)
    and read the decisions until the nightly `refresh_household_status` stores the new one.
    Returns the number of households updated.
    """
    today = today or timezone.localdate()
    households = Household.objects.all() if households is None else households
    # Lock first: on PostgreSQL the UPDATE then runs on a snapshot taken after any writer of
    # these households' decisions has committed, and cannot store what it had not yet seen.
    pks = list(households.select_for_update().order_by("pk").values_list("pk", flat=True))
    in_force = Household.objects.decisions_in_force(today)
    upcoming = StatusDecision.objects.filter(household=OuterRef("pk"), effective_on__gt=today).order_by("effective_on")
    # Each meaning of an escape gets its column, so changing GIAMNGHEO_ESCAPE_MEANS needs no refresh.
    escapes = {
        Household.ESCAPED_ON_FIELDS[meaning]: Subquery(in_force.filter(rule.q()).values("effective_on")[:1])
        for meaning, rule in status.ESCAPES.items()
    }
    updated = 0
    for start in range(0, len(pks), batch_size):
        # update(), not save(): the columns are derived, outside the household's history and updated_at.
        updated += Household.objects.filter(pk__in=pks[start : start + batch_size]).update(
            current_status=Coalesce(Subquery(in_force.values("status")[:1]), Value(Status.NONE)),
            status_since=Subquery(in_force.values("effective_on")[:1]),
            status_changes_on=Subquery(upcoming.values("effective_on")[:1]),
            **escapes,
        )
    return updated


def refresh_stale_status(*, today: date | None = None) -> int:
    """Re-store the status of the households in which a decision has taken effect since it was stored."""
    today = today or timezone.localdate()
    return refresh_status(Household.objects.filter(Household.objects.stored_stale_q(today)), today=today)


def member_in_other_household(citizen_id: str, household: Household | None) -> Member | None:
    members = Member.objects.filter(citizen_id=citizen_id).select_related("household")
    if household is not None and household.pk:
        members = members.exclude(household=household)
    return members.first()
