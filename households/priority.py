"""The priority groups of the programme, each a condition on a member, in SQL and in Python.

A household is in a group when one of its members meets the condition; the list
filter, the monitoring report and the candidate ranking all read this table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from households.ages import CHILD_AGE, age_on, younger_than_q
from households.choices import KINH, Relation, Sex


@dataclass(frozen=True)
class PriorityGroup:
    label: str
    member_q: Callable[[date], Q]
    applies: Callable[[object, date], bool]  # (member, day)


PRIORITY_GROUPS = {
    "merit": PriorityGroup(
        _("Person with revolutionary merit or relative"),
        lambda day: ~Q(merit=""),
        lambda member, day: bool(member.merit),
    ),
    "ethnic_minority": PriorityGroup(
        _("Ethnic-minority member"),
        lambda day: ~Q(ethnicity=KINH),
        lambda member, day: member.ethnicity != KINH,
    ),
    "disability": PriorityGroup(
        _("Member with a disability"),
        lambda day: ~Q(disability=""),
        lambda member, day: bool(member.disability),
    ),
    "woman_headed": PriorityGroup(
        _("Headed by a woman"),
        lambda day: Q(relation=Relation.HEAD, sex=Sex.FEMALE),
        lambda member, day: member.relation == Relation.HEAD and member.sex == Sex.FEMALE,
    ),
    "children": PriorityGroup(
        _("Children under 16"),
        lambda day: younger_than_q(CHILD_AGE, day),
        lambda member, day: age_on(member.date_of_birth, day) < CHILD_AGE,
    ),
}
PRIORITY_CHOICES = [(key, group.label) for key, group in PRIORITY_GROUPS.items()]
# The groups a few members belong to, whatever the day: each has a partial index (Member.Meta).
RARE_PRIORITY_GROUPS = ("merit", "ethnic_minority", "disability")
