"""Who a sub-project may support: one rule set per sub-project, over plain facts.

The facts come from the register as of the support date (see Support.facts); these
functions read nothing else, so each rule can be tested on its edges. A verdict
names the rule set and its version, which is stored with every support record.

Sources: Quyết định 90/QĐ-TTg (beneficiaries of each project), Thông tư 09/2022 and
04/2022 (DA2, DA3-TDA1), Nghị định 30/2025 (low-income workers in DA4-TDA1), and the
ward's plan (Kế hoạch 538/KH-UBND, 2023), which narrows the nutrition intervention
for children under 5 and their mothers to poor and near-poor households.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from households.ages import CHILD_AGE, WORKING_AGE, is_working_age

YOUNG_CHILD_AGE = 5


class Content:
    """What a support delivers, where the rule depends on it."""

    NUTRITION_INTERVENTION = "nutrition_intervention"
    SCHOOL_NUTRITION = "school_nutrition"
    JOB_PLACEMENT = "job_placement"
    OTHER = "other"


@dataclass(frozen=True)
class Person:
    age: int
    sex: str
    disability: str = ""
    pregnant_or_nursing: bool = False
    low_income_worker: bool = False
    employment: str = ""


@dataclass(frozen=True)
class Facts:
    household_status: str  # "poor", "near_poor" or "none" on the support date
    recently_escaped: bool
    person: Person | None
    content: str = Content.OTHER


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: list[str]
    rule: str


def _targeted(facts: Facts) -> bool:
    return facts.household_status in ("poor", "near_poor") or facts.recently_escaped


def _household_line(facts: Facts) -> str:
    if facts.household_status in ("poor", "near_poor"):
        return _("The household is on the %(list)s list on the support date.") % {
            "list": _("poor") if facts.household_status == "poor" else _("near-poor")
        }
    if facts.recently_escaped:
        return _("The household escaped poverty less than %(months)d months before the support date.") % {
            "months": settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS
        }
    return _("The household is not poor, near-poor or recently escaped on the support date.")


def _age_line(person: Person) -> str:
    return _("The person is %(age)d years old on the support date.") % {"age": person.age}


def _no_stable_livelihood(person: Person) -> bool:
    return bool(person.disability) and person.employment in ("", "unemployed", "not_working", "no_contract")


def _about_the_person(facts: Facts) -> tuple[Person | None, list[str]]:
    """The person a rule reads, and the lines every verdict about a person starts with."""
    if facts.person is None:
        return None, [_("Choose the member who receives the support.")]
    return facts.person, [_household_line(facts), _age_line(facts.person)]


def _ages(message: str) -> str:
    return message % {"low": WORKING_AGE[0], "high": WORKING_AGE[1]}


def livelihood(facts: Facts) -> tuple[bool, list[str]]:
    """DA2 and DA3-TDA1: workers of targeted households; people with a disability and no stable livelihood."""
    person, reasons = _about_the_person(facts)
    if person is None:
        return False, reasons
    if _targeted(facts) and is_working_age(person.age):
        reasons.append(_("A worker of working age in a targeted household: eligible."))
        return True, reasons
    if _no_stable_livelihood(person):
        reasons.append(_("A person with a disability without a stable livelihood: eligible."))
        return True, reasons
    if not _targeted(facts):
        reasons.append(_("Only workers of poor, near-poor or recently escaped households are supported."))
    else:
        reasons.append(_ages(_("Only members of working age, %(low)d to under %(high)d, are supported.")))
    return False, reasons


def nutrition(facts: Facts) -> tuple[bool, list[str]]:
    """DA3-TDA2: children under 16 and pregnant or nursing women of targeted households.

    The direct intervention for children under 5 and their mothers is for poor and
    near-poor households only; school nutrition is for children from 5 to under 16.
    """
    person, reasons = _about_the_person(facts)
    if person is None:
        return False, reasons
    mother = person.pregnant_or_nursing and person.sex == "F"
    if facts.content == Content.NUTRITION_INTERVENTION:
        listed = facts.household_status in ("poor", "near_poor")
        fits = person.age < YOUNG_CHILD_AGE or mother
        if not listed:
            reasons.append(_("The nutrition intervention is for poor and near-poor households only."))
        if not fits:
            reasons.append(_("The nutrition intervention is for children under 5 and pregnant or nursing mothers."))
        return listed and fits, reasons
    if facts.content == Content.SCHOOL_NUTRITION:
        fits = YOUNG_CHILD_AGE <= person.age < CHILD_AGE
        if not fits:
            reasons.append(_("School nutrition is for children from 5 to under 16."))
    else:
        fits = person.age < CHILD_AGE or mother
        if not fits:
            reasons.append(_("Nutrition support is for children under 16 and pregnant or nursing women."))
    if not _targeted(facts):
        reasons.append(_("Only poor, near-poor or recently escaped households are supported."))
    return fits and _targeted(facts), reasons


def vocational(facts: Facts) -> tuple[bool, list[str]]:
    """DA4-TDA1: workers of targeted households, and low-income workers (Nghị định 30/2025)."""
    person, reasons = _about_the_person(facts)
    if person is None:
        return False, reasons
    if not is_working_age(person.age):
        reasons.append(_ages(_("Vocational training is for workers aged %(low)d to under %(high)d.")))
        return False, reasons
    if _targeted(facts):
        return True, reasons
    if person.low_income_worker:
        reasons.append(_("A recognised low-income worker: eligible."))
        return True, reasons
    reasons.append(_("Only workers of targeted households or recognised low-income workers are supported."))
    return False, reasons


def employment(facts: Facts) -> tuple[bool, list[str]]:
    """DA4-TDA3: any worker may use job services; a successful job connection is paid for targeted workers."""
    person, reasons = _about_the_person(facts)
    if person is None:
        return False, reasons
    if not is_working_age(person.age):
        reasons.append(_ages(_("Employment support is for workers aged %(low)d to under %(high)d.")))
        return False, reasons
    if facts.content == Content.JOB_PLACEMENT and not _targeted(facts):
        reasons.append(
            _("A successful job connection is paid for workers of poor, near-poor or recently escaped households.")
        )
        return False, reasons
    if _targeted(facts):
        reasons.append(_("A worker of a targeted household: priority."))
    return True, reasons


def programme_only(facts: Facts) -> tuple[bool, list[str]]:
    """DA7: capacity building and monitoring serve the programme's officers, not households."""
    return False, [_("This sub-project supports officers and the programme itself, not households.")]


@dataclass(frozen=True)
class RuleSet:
    code: str
    version: str
    basis: str
    check: object

    @property
    def label(self) -> str:
        return f"{self.code} {self.version} ({self.basis})"


RULE_SETS = {
    rule.code: rule
    for rule in [
        RuleSet("DA2", "2023.1", "QĐ 90/QĐ-TTg; TT 09/2022/TT-BLĐTBXH", livelihood),
        RuleSet("DA3-TDA1", "2023.1", "QĐ 90/QĐ-TTg; TT 04/2022/TT-BNNPTNT", livelihood),
        RuleSet("DA3-TDA2", "2023.1", "QĐ 90/QĐ-TTg; KH 538/KH-UBND", nutrition),
        RuleSet("DA4-TDA1", "2025.1", "QĐ 90/QĐ-TTg; NĐ 30/2025/NĐ-CP", vocational),
        RuleSet("DA4-TDA3", "2023.1", "QĐ 90/QĐ-TTg; TT 55/2023/TT-BTC Điều 72", employment),
        RuleSet("DA7", "2023.1", "QĐ 90/QĐ-TTg", programme_only),
    ]
}
RULE_SET_CHOICES = [(code, code) for code in RULE_SETS]


def evaluate(rule_set: str, facts: Facts) -> Verdict:
    rule = RULE_SETS[rule_set]
    eligible, reasons = rule.check(facts)
    return Verdict(eligible=eligible, reasons=reasons, rule=rule.label)
