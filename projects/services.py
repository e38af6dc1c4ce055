"""Writes of the sub-projects that check several rows and must hold together."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from giamngheo.money import format_money
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


def person_on(member: Member, day: date, members=None) -> eligibility.Person:
    """What the register says of a person on a day, for the rules.

    `members` are the household's members (the prefetched list, when a caller has it): a
    woman is a mother of a child under 5 when one of her children by relation to the head
    (Member.children_among) lives in the household that day and is under 5.
    """
    if members is None:
        members = member.household.members.all()
    children = [
        child
        for child in member.children_among(members)
        if child.present_on(day) and child.date_of_birth <= day and child.age_on(day) < eligibility.YOUNG_CHILD_AGE
    ]
    return eligibility.Person(
        born=member.date_of_birth,
        sex=member.sex,
        on=day,
        disability=member.disability,
        no_stable_livelihood=member.no_stable_livelihood,
        pregnant_or_nursing=member.pregnant_or_nursing,
        mother_of_young_child=member.sex == "F" and bool(children),
        low_income_worker=member.is_low_income_worker_on(day),
    )


def facts_on(
    household: Household, member: Member | None, day: date, content: str, labour_contract: bool = False
) -> eligibility.Facts:
    """What the register says of a household and a person on a day, for the rules."""
    status = household.status_on(day)
    recently_escaped = (
        Household.objects.with_status_on(day).in_status("recently_escaped", day).filter(pk=household.pk).exists()
    )
    person = person_on(member, day) if member is not None else None
    return eligibility.Facts(
        household_status=status,
        recently_escaped=recently_escaped,
        person=person,
        content=content,
        labour_contract=labour_contract,
    )


def check_eligibility(
    *,
    subproject: SubProject,
    household: Household,
    member: Member | None,
    day: date,
    kind: str,
    activity=None,
    labour_contract: bool = False,
) -> eligibility.Verdict:
    facts = facts_on(household, member, day, support_content(kind, activity), labour_contract)
    return eligibility.evaluate(subproject.rule_set, facts)


def validate_support(
    *,
    subproject: SubProject,
    household: Household,
    member,
    activity,
    supported_on: date,
    kind: str = "",
    value: int = 0,
) -> None:
    """The checks that span rows: the person, the activity, the date and the amount must fit together."""
    errors = {}
    if member is None and eligibility.RULE_SETS[subproject.rule_set].needs_person:
        # A missing person is a gap in the form, not a fact about eligibility.
        errors["member"] = ValidationError(_("Choose the member who receives the support."), code="member_missing")
    elif member is not None and member.household_id != household.pk:
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
    if member is not None and support_content(kind, activity) == eligibility.Content.JOB_PLACEMENT:
        limit = settings.GIAMNGHEO_JOB_CONNECTION_MAX
        # TT 55/2023/TT-BTC, Art. 72 caps the payment per worker, so earlier payments count too.
        paid = Support.objects.filter(
            subproject__plan=subproject.plan, member=member, kind=Support.Kind.JOB_PLACEMENT
        ).aggregate(total=Sum("value", default=0))["total"]
        if paid + value > limit:
            errors["value"] = ValidationError(
                _(
                    "A successful job connection is paid at most %(limit)s per worker (TT 55/2023/TT-BTC, Art. 72); "
                    "%(paid)s already recorded for this worker."
                )
                % {"limit": format_money(limit), "paid": format_money(paid)},
                code="over_job_connection_limit",
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
    labour_contract: bool = False,
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
        subproject=subproject,
        household=household,
        member=member,
        activity=activity,
        supported_on=supported_on,
        kind=kind,
        value=value,
    )
    verdict = check_eligibility(
        subproject=subproject,
        household=household,
        member=member,
        day=supported_on,
        kind=kind,
        activity=activity,
        labour_contract=labour_contract,
    )
    override_reason = override_reason.strip()
    if not verdict.eligible:
        if not by.has_perm("projects.override_eligibility"):
            raise ValidationError(
                _("Not eligible: %(reasons)s") % {"reasons": " ".join(map(str, verdict.reasons))},
                code="not_eligible",
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
        labour_contract=labour_contract,
        eligible=verdict.eligible,
        eligibility_reasons=verdict.lines,
        rule=verdict.rule,
        override_reason="" if verdict.eligible else override_reason,
        note=note,
        created_by=by,
    )
    support.full_clean()
    support.save()
    return support
