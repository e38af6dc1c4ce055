"""Writes of the sub-projects that check several rows and must hold together."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from households.models import Household, Member
from projects import eligibility
from projects.models import Activity, SubProject, Support

CONTENT_BY_ACTIVITY = {
    Activity.Kind.NUTRITION_INTERVENTION: eligibility.Content.NUTRITION_INTERVENTION,
    Activity.Kind.SCHOOL_NUTRITION: eligibility.Content.SCHOOL_NUTRITION,
    Activity.Kind.JOB_CONNECTION: eligibility.Content.JOB_PLACEMENT,
}


def support_content(kind: str, activity: Activity | None) -> str:
    if kind == Support.Kind.JOB_PLACEMENT:
        return eligibility.Content.JOB_PLACEMENT
    if activity is not None:
        return CONTENT_BY_ACTIVITY.get(activity.kind, eligibility.Content.OTHER)
    return eligibility.Content.OTHER


def person_on(member: Member, day: date) -> eligibility.Person:
    """What the register says of a person on a day, for the rules."""
    return eligibility.Person(
        age=member.age_on(day),
        sex=member.sex,
        disability=member.disability,
        pregnant_or_nursing=member.pregnant_or_nursing,
        low_income_worker=bool(member.low_income_worker_since and member.low_income_worker_since <= day),
        employment=member.employment,
    )


def facts_on(household: Household, member: Member | None, day: date, content: str) -> eligibility.Facts:
    """What the register says of a household and a person on a day, for the rules."""
    status = household.status_on(day)
    recently_escaped = (
        Household.objects.with_status_on(day).in_status("recently_escaped", day).filter(pk=household.pk).exists()
    )
    person = person_on(member, day) if member is not None else None
    return eligibility.Facts(household_status=status, recently_escaped=recently_escaped, person=person, content=content)


def check_eligibility(
    *, subproject: SubProject, household: Household, member: Member | None, day: date, kind: str, activity=None
) -> eligibility.Verdict:
    facts = facts_on(household, member, day, support_content(kind, activity))
    return eligibility.evaluate(subproject.rule_set, facts)


def validate_support(*, subproject: SubProject, household: Household, member, activity, supported_on: date) -> None:
    """The checks that span rows: the person, the activity and the date must fit together."""
    errors = {}
    if member is not None and member.household_id != household.pk:
        errors["member"] = ValidationError(
            _("%(name)s is not a member of household %(code)s.") % {"name": member.full_name, "code": household.code},
            code="member_not_in_household",
        )
    elif member is not None and member.date_of_birth > supported_on:
        errors["member"] = ValidationError(
            _("%(name)s was born after the support date.") % {"name": member.full_name}, code="born_after_support"
        )
    if activity is not None and activity.subproject_id != subproject.pk:
        errors["activity"] = ValidationError(
            _("This activity belongs to another sub-project."), code="activity_other_subproject"
        )
    plan = subproject.plan
    if not plan.starts_on <= supported_on <= plan.ends_on:
        errors["supported_on"] = ValidationError(
            _("The date must fall within the plan year %(year)s.") % {"year": plan.year}, code="outside_plan_year"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_support(
    *,
    subproject: SubProject,
    household: Household,
    member: Member | None,
    activity: Activity | None,
    kind: str,
    items: str,
    quantity: int,
    value: int,
    supported_on: date,
    override_reason: str = "",
    note: str = "",
    by,
) -> Support:
    """Record a support after checking the beneficiary against the sub-project's rules.

    An ineligible beneficiary is refused unless the officer may override and writes
    why; the verdict, its reasons and the rule version are kept with the record.
    """
    if not SubProject.objects.editable_by(by).filter(pk=subproject.pk).exists():
        raise ValidationError(_("You may not record supports in this sub-project."), code="not_your_subproject")
    validate_support(
        subproject=subproject, household=household, member=member, activity=activity, supported_on=supported_on
    )
    verdict = check_eligibility(
        subproject=subproject, household=household, member=member, day=supported_on, kind=kind, activity=activity
    )
    override_reason = override_reason.strip()
    if not verdict.eligible:
        if not by.has_perm("projects.override_eligibility"):
            raise ValidationError(
                _("Not eligible: %(reasons)s") % {"reasons": " ".join(verdict.reasons)}, code="not_eligible"
            )
        if not override_reason:
            raise ValidationError(
                {
                    "override_reason": ValidationError(
                        _("The beneficiary is not eligible: write the justification for supporting them anyway."),
                        code="justification_required",
                    )
                }
            )
    support = Support(
        subproject=subproject,
        activity=activity,
        household=household,
        member=member,
        kind=kind,
        items=items,
        quantity=quantity,
        value=value,
        supported_on=supported_on,
        eligible=verdict.eligible,
        eligibility_reasons=verdict.reasons,
        rule=verdict.rule,
        override_reason="" if verdict.eligible else override_reason,
        note=note,
        created_by=by,
    )
    support.full_clean()
    support.save()
    return support
