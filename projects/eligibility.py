"""Who a sub-project may support: one rule set per sub-project, over plain facts.

The facts come from the register as of the support date (see services.facts_on); these
functions read nothing else, so each rule can be tested on its edges. A verdict keeps
apart what stops a support (`reasons`, each with a code) and what the officer is told
about the person (`notes`); it names the rule set and its version, stored with every
support record.

Sources: Quyết định 90/QĐ-TTg (beneficiaries of each project), Thông tư 09/2022 and
04/2022 (DA2, DA3-TDA1), Nghị định 30/2025 (low-income workers in DA4-TDA1), Thông tư
55/2023/TT-BTC, and the ward's plan (Kế hoạch 538/KH-UBND, 2023), whose wording each rule
follows and cites by section. Working age is the Labour Code's (households.ages).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from households.ages import CHILD_AGE, age_on, is_working_age, retirement_date

YOUNG_CHILD_AGE = 5
LISTED = ("poor", "near_poor")


class Content:
    """What a support delivers, where the rule depends on it."""

    NUTRITION_INTERVENTION = "nutrition_intervention"
    SCHOOL_NUTRITION = "school_nutrition"
    JOB_PLACEMENT = "job_placement"
    OTHER = "other"


@dataclass(frozen=True)
class Person:
    born: date
    sex: str
    on: date  # the support date, on which every fact below holds
    disability: str = ""
    # Recorded by the officer (Member.no_stable_livelihood); never read from a blank employment.
    no_stable_livelihood: bool = False
    pregnant_or_nursing: bool = False
    mother_of_young_child: bool = False  # a child of hers under 5 lives in the household
    low_income_worker: bool = False  # recognised and still valid on the day

    @property
    def age(self) -> int:
        return age_on(self.born, self.on)

    @property
    def working_age(self) -> bool:
        return is_working_age(self.born, self.sex, self.on)

    @property
    def is_mother(self) -> bool:
        return self.sex == "F" and (self.pregnant_or_nursing or self.mother_of_young_child)


@dataclass(frozen=True)
class Facts:
    household_status: str  # "poor", "near_poor" or "none" on the support date
    recently_escaped: bool
    person: Person | None
    content: str = Content.OTHER
    labour_contract: bool = False  # the job found comes with a signed labour contract


@dataclass(frozen=True)
class Refusal:
    """Why a support is refused: a code for the program and tests, a sentence naming its source."""

    code: str
    message: str

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: list[Refusal]
    rule: str
    notes: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """What is kept with a support record: the information, then the refusals."""
        return [*self.notes, *(reason.message for reason in self.reasons)]


def _targeted(facts: Facts) -> bool:
    return facts.household_status in LISTED or facts.recently_escaped


def _household_line(facts: Facts) -> str:
    if facts.household_status in LISTED:
        return _("The household is on the %(list)s list on the support date.") % {
            "list": _("poor") if facts.household_status == "poor" else _("near-poor")
        }
    if facts.recently_escaped:
        return _("The household escaped poverty less than %(months)d months before the support date.") % {
            "months": settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS
        }
    return _("The household is not poor, near-poor or recently escaped on the support date.")


def _about_the_person(facts: Facts) -> list[str]:
    person = facts.person
    notes = [_household_line(facts), _("The person is %(age)d years old on the support date.") % {"age": person.age}]
    if person.working_age:
        notes.append(
            _("Of working age until %(day)s (Bộ luật Lao động 2019, Art. 169; Nghị định 135/2020/NĐ-CP).")
            % {"day": f"{retirement_date(person.born, person.sex):%d/%m/%Y}"}
        )
    return notes


def _not_working_age() -> Refusal:
    return Refusal(
        "not_working_age",
        _(
            "Only workers are supported: from 15 (Bộ luật Lao động 2019, Art. 3) up to the retirement "
            "age (Art. 169; Nghị định 135/2020/NĐ-CP)."
        ),
    )


MEMBER_MISSING = "member_missing"


def livelihood(facts: Facts) -> tuple[list[str], list[Refusal]]:
    """DA2 and DA3-TDA1, KH 538/KH-UBND III.1 and III.2.1: "người lao động thuộc hộ nghèo, hộ cận
    nghèo, hộ mới thoát nghèo, người khuyết tật (không có sinh kế ổn định)".

    Both groups are workers, so of working age: a disabled child is not supported.
    """
    person, notes = facts.person, _about_the_person(facts)
    if not person.working_age:
        return notes, [_not_working_age()]
    if _targeted(facts):
        notes.append(_("A worker of a poor, near-poor or recently escaped household (KH 538/KH-UBND, III.1)."))
        return notes, []
    if person.disability and person.no_stable_livelihood:
        notes.append(_("A person with a disability recorded as having no stable livelihood (KH 538/KH-UBND, III.1)."))
        return notes, []
    if person.disability:
        return notes, [
            Refusal(
                "livelihood_not_recorded",
                _(
                    "A person with a disability outside a targeted household is supported only when the officer "
                    "has recorded that they have no stable livelihood (KH 538/KH-UBND, III.1)."
                ),
            )
        ]
    return notes, [
        Refusal(
            "not_targeted",
            _(
                "Only workers of poor, near-poor or recently escaped households, and people with a disability "
                "without a stable livelihood, are supported (KH 538/KH-UBND, III.1)."
            ),
        )
    ]


def nutrition(facts: Facts) -> tuple[list[str], list[Refusal]]:
    """DA3-TDA2: children under 16, pregnant or nursing women and mothers of children under 5.

    The direct intervention is for "bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia đình nghèo và cận
    nghèo" (KH 538/KH-UBND, III.2.2): mothers of a child under 5 as well as pregnant or nursing
    women, of poor and near-poor households only. School nutrition is for children from 5 to
    under 16 (QĐ 90/QĐ-TTg; TT 55/2023/TT-BTC, Art. 59).
    """
    person, notes = facts.person, _about_the_person(facts)
    refusals = []
    if facts.content == Content.NUTRITION_INTERVENTION:
        if facts.household_status not in LISTED:
            refusals.append(
                Refusal(
                    "intervention_not_listed",
                    _(
                        "The direct nutrition intervention is for poor and near-poor households only "
                        "(KH 538/KH-UBND, III.2.2)."
                    ),
                )
            )
        if not (person.age < YOUNG_CHILD_AGE or person.is_mother):
            refusals.append(
                Refusal(
                    "intervention_not_mother_or_child",
                    _(
                        "The direct nutrition intervention is for children under 5 and their mothers, pregnant "
                        "or nursing women (KH 538/KH-UBND, III.2.2)."
                    ),
                )
            )
        return notes, refusals
    if facts.content == Content.SCHOOL_NUTRITION:
        if not YOUNG_CHILD_AGE <= person.age < CHILD_AGE:
            refusals.append(
                Refusal(
                    "school_nutrition_age",
                    _("School nutrition is for children from 5 to under 16 (TT 55/2023/TT-BTC, Art. 59)."),
                )
            )
    elif not (person.age < CHILD_AGE or person.is_mother):
        refusals.append(
            Refusal(
                "nutrition_not_child_or_mother",
                _(
                    "Nutrition support is for children under 16, pregnant or nursing women and mothers of "
                    "children under 5 (QĐ 90/QĐ-TTg, Dự án 3)."
                ),
            )
        )
    if not _targeted(facts):
        refusals.append(
            Refusal(
                "not_targeted",
                _("Only poor, near-poor or recently escaped households are supported (KH 538/KH-UBND, II.2)."),
            )
        )
    return notes, refusals


def vocational(facts: Facts) -> tuple[list[str], list[Refusal]]:
    """DA4-TDA1 (KH 538/KH-UBND III.3.1): workers of targeted households, and low-income workers
    (Nghị định 30/2025/NĐ-CP) while their recognition is valid."""
    person, notes = facts.person, _about_the_person(facts)
    if not person.working_age:
        return notes, [_not_working_age()]
    if _targeted(facts):
        return notes, []
    if person.low_income_worker:
        notes.append(_("A recognised low-income worker (Nghị định 30/2025/NĐ-CP)."))
        return notes, []
    return notes, [
        Refusal(
            "not_targeted",
            _(
                "Only workers of poor, near-poor or recently escaped households and recognised low-income "
                "workers are supported (KH 538/KH-UBND, III.3.1; Nghị định 30/2025/NĐ-CP)."
            ),
        )
    ]


def employment(facts: Facts) -> tuple[list[str], list[Refusal]]:
    """DA4-TDA3 (the plan's 4.2, KH 538/KH-UBND III.3.2): any worker may use job services; a
    successful job connection "có giao kết hợp đồng lao động" is paid for workers of targeted
    households only (TT 55/2023/TT-BTC, Art. 72)."""
    person, notes = facts.person, _about_the_person(facts)
    if not person.working_age:
        return notes, [_not_working_age()]
    refusals = []
    if facts.content == Content.JOB_PLACEMENT:
        if not _targeted(facts):
            refusals.append(
                Refusal(
                    "not_targeted",
                    _(
                        "A successful job connection is paid for workers of poor, near-poor or recently escaped "
                        "households (KH 538/KH-UBND, III.3.2)."
                    ),
                )
            )
        if not facts.labour_contract:
            refusals.append(
                Refusal(
                    "no_labour_contract",
                    _(
                        "A job connection is paid only when the worker has signed a labour contract "
                        "(KH 538/KH-UBND, III.3.2; TT 55/2023/TT-BTC, Art. 72)."
                    ),
                )
            )
    elif _targeted(facts):
        notes.append(_("A worker of a targeted household: priority."))
    return notes, refusals


def programme_only(facts: Facts) -> tuple[list[str], list[Refusal]]:
    """DA7: capacity building and monitoring serve the programme's officers, not households."""
    return [], [
        Refusal(
            "programme_only",
            _("This sub-project supports officers and the programme itself, not households (QĐ 90/QĐ-TTg, Dự án 7)."),
        )
    ]


@dataclass(frozen=True)
class RuleSet:
    code: str
    version: str
    basis: str
    check: object
    needs_person: bool = True

    @property
    def label(self) -> str:
        return f"{self.code} {self.version} ({self.basis})"


RULE_SETS = {
    rule.code: rule
    for rule in [
        RuleSet("DA2", "2026.1", "QĐ 90/QĐ-TTg; TT 09/2022/TT-BLĐTBXH; KH 538/KH-UBND III.1", livelihood),
        RuleSet("DA3-TDA1", "2026.1", "QĐ 90/QĐ-TTg; TT 04/2022/TT-BNNPTNT; KH 538/KH-UBND III.2.1", livelihood),
        RuleSet("DA3-TDA2", "2026.1", "QĐ 90/QĐ-TTg; KH 538/KH-UBND III.2.2", nutrition),
        RuleSet("DA4-TDA1", "2026.1", "QĐ 90/QĐ-TTg; NĐ 30/2025/NĐ-CP; KH 538/KH-UBND III.3.1", vocational),
        RuleSet("DA4-TDA3", "2026.1", "TT 55/2023/TT-BTC Điều 72; KH 538/KH-UBND III.3.2", employment),
        RuleSet("DA7", "2023.1", "QĐ 90/QĐ-TTg", programme_only, needs_person=False),
    ]
}
RULE_SET_CHOICES = [(code, code) for code in RULE_SETS]


def evaluate(rule_set: str, facts: Facts) -> Verdict:
    rule = RULE_SETS[rule_set]
    if facts.person is None and rule.needs_person:
        refusal = Refusal(MEMBER_MISSING, _("Choose the member who receives the support."))
        return Verdict(eligible=False, reasons=[refusal], rule=rule.label, notes=[])
    notes, reasons = rule.check(facts)
    return Verdict(eligible=not reasons, reasons=reasons, rule=rule.label, notes=notes)
