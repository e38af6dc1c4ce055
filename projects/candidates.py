"""Who a sub-project could still support this year, most deserving first."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from households.choices import Sex
from households.models import Household, Member, Status
from households.priority import PRIORITY_GROUPS
from imports.files import export_response
from projects import eligibility
from projects.importers import SUPPORT_COLUMNS
from projects.models import SubProject, Support
from projects.services import person_on


@dataclass
class Candidate:
    household: Household
    member: Member
    verdict: eligibility.Verdict
    priorities: list = field(default_factory=list)
    score: tuple = ()


def _priorities(household: Household, member: Member, status: str, day: date) -> tuple[tuple, list[str]]:
    """The plan's priority order: merit families, ethnic minorities, women of poor households, disability."""
    members = list(household.members.all())
    merit = any(PRIORITY_GROUPS["merit"].applies(m, day) for m in members)
    minority = any(PRIORITY_GROUPS["ethnic_minority"].applies(m, day) for m in members)
    poor_woman = status == Status.POOR and member.sex == Sex.FEMALE
    disabled = PRIORITY_GROUPS["disability"].applies(member, day)
    flags = [
        (merit, PRIORITY_GROUPS["merit"].label),
        (minority, PRIORITY_GROUPS["ethnic_minority"].label),
        (poor_woman, _("Woman in a poor household")),
        # The group's condition on the person alone, so a label for the person.
        (disabled, _("Person with a disability")),
    ]
    return tuple(flag for flag, _label in flags), [str(label) for flag, label in flags if flag]


def has_low_income_worker(day: date) -> Exists:
    """The SQL twin of Member.is_low_income_worker_on, for the members filled in (the form and import fill it)."""
    return Exists(
        Member.objects.filter(
            household=OuterRef("pk"), low_income_worker_since__lte=day, low_income_worker_until__gte=day
        )
    )


def rank(subproject: SubProject, day: date, households) -> list[Candidate]:
    """Eligible people not yet supported by the sub-project in its plan year, ranked."""
    plan = subproject.plan
    supported = set(
        Support.objects.filter(subproject=subproject, supported_on__year=plan.year).values_list("member", flat=True)
    )
    pool = (
        households.with_status_on(day)
        .filter(
            Household.objects.status_q(Status.POOR, day)
            | Household.objects.status_q(Status.NEAR_POOR, day)
            | Household.objects.status_q("recently_escaped", day)
            | has_low_income_worker(day)
        )
        .select_related("residential_group")
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("date_of_birth")))
        .distinct()
    )
    escaped_ids = set(households.with_status_on(day).in_status("recently_escaped", day).values_list("pk", flat=True))
    ranked = []
    for household in pool:
        status = household.status_on or Status.NONE
        for member in household.members.all():
            if member.pk in supported or member.date_of_birth > day:
                continue
            facts = eligibility.Facts(
                household_status=status,
                recently_escaped=household.pk in escaped_ids,
                person=person_on(member, day, household.members.all()),
            )
            verdict = eligibility.evaluate(subproject.rule_set, facts)
            if not verdict.eligible:
                continue
            score, labels = _priorities(household, member, status, day)
            ranked.append(Candidate(household, member, verdict, labels, score))
    ranked.sort(key=lambda c: (tuple(not flag for flag in c.score), c.household.head_sort_key, c.member.full_name))
    return ranked


def export_candidates(subproject: SubProject, day: date, ranked: list[Candidate], file_format: str, user):
    """The candidates in the support import's columns: fill in what was given and import it back.

    Citizen IDs are in full only for roles allowed to see them (a masked one is matched by
    name and date of birth on import); head, group, status and priorities follow as columns
    the import ignores.
    """
    rows = (
        [
            subproject.local_code,
            subproject.official_code,
            subproject.plan.year,
            c.household.code,
            c.member.citizen_id_for(user),
            c.member.full_name,
            c.member.date_of_birth,
            None,
            "",
            None,
            None,
            None,
            None,
            "",
            "",
            c.household.head_name,
            c.household.residential_group.name,
            dict(Status.choices).get(c.household.status_on or Status.NONE),
            "; ".join(c.priorities),
        ]
        for c in ranked
    )
    title = _("Candidates for %(subproject)s") % {"subproject": subproject}
    return export_response(
        SUPPORT_COLUMNS,
        rows,
        file_format,
        ("Ứng viên", subproject.official_code, day),
        heading_lines=[
            str(subproject.plan.ward.title()).upper(),
            title,
            _("As on %(day)s") % {"day": f"{day:%d/%m/%Y}"},
        ],
        extra_headers=[_("Head of household"), _("Residential group"), _("Status"), _("Priority")],
    )
