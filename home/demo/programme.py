"""The demo ward's programme: plan 538/KH-UBND, a year of activities and supports, and their budget."""

from datetime import date
from pathlib import Path

from django.conf import settings

from budget import services as budget
from giamngheo.models import Unit
from households.models import Household, Status
from projects import candidates, eligibility
from projects.models import Activity, Plan, Support
from projects.plan_loader import load_plan
from projects.services import person_on

UNIT_OF_USER = {
    "ldtbxh": "labour-social",
    "taichinh": "finance",
    "hoinongdan": "farmers",
    "tramyte": "health-station",
    "lanhdao": "ward-committee",
    "mattran": "fatherland-front",
}

# (kind, title, items, value per person in đồng, support kind) per rule set.
DEMO_ACTIVITIES = {
    "DA2": [("training", "Tập huấn mô hình nuôi gà thả vườn", "Tài liệu và vật tư mô hình", 1_500_000, "in_kind")],
    "DA3-TDA1": [("delivery", "Cấp giống gà và thức ăn chăn nuôi", "20 con gà giống, 2 bao cám", 2_400_000, "in_kind")],
    "DA3-TDA2": [
        (
            "nutrition_intervention",
            "Bổ sung vi chất dinh dưỡng cho trẻ dưới 5 tuổi",
            "Vi chất, sữa",
            450_000,
            "in_kind",
        ),
        ("school_nutrition", "Cải thiện bữa ăn học đường", "Suất ăn bổ sung", 300_000, "service"),
    ],
    "DA4-TDA1": [
        ("vocational_course", "Lớp sơ cấp nghề may công nghiệp", "Học phí khóa sơ cấp nghề", 2_500_000, "training")
    ],
    "DA4-TDA3": [
        (
            "job_connection",
            "Kết nối việc làm tại khu công nghiệp",
            "Hỗ trợ kết nối việc làm thành công",
            400_000,
            "job_placement",
        )
    ],
    "DA7": [("capacity_workshop", "Tập huấn nghiệp vụ giảm nghèo cho cán bộ tổ dân phố", "", 0, "training")],
}


def build_projects(users: dict, rng) -> None:
    """Plan 538/KH-UBND with its sub-projects, and a year of activities and supports in each."""
    plan = load_plan(Path(settings.BASE_DIR) / "fixtures" / "plan-538-KH-UBND-2023.json")
    for username, code in UNIT_OF_USER.items():
        user = users[username]
        user.unit = Unit.objects.get(code=code)
        user.save(update_fields=["unit"])
    households = Household.objects.all()
    for subproject in plan.subprojects.all():
        responsible = users["hoinongdan"] if subproject.rule_set == "DA3-TDA1" else users["ldtbxh"]
        if subproject.rule_set == "DA3-TDA2":
            responsible = users["tramyte"]
        for number, (kind, title, items, value, support_kind) in enumerate(DEMO_ACTIVITIES[subproject.rule_set]):
            held_on = date(2023, 5 + 3 * number + subproject.order % 3, 10 + subproject.order)
            activity = Activity.objects.create(
                subproject=subproject,
                kind=kind,
                title=title,
                held_on=held_on,
                place="Hội trường UBND phường Phước Hải",
                responsible=responsible,
                participants=rng.randint(15, 40),
                participants_female=rng.randint(5, 15),
                description=title,
                created_by=responsible,
            )
            if not items:
                continue
            content = {"nutrition_intervention": "nutrition_intervention", "school_nutrition": "school_nutrition"}
            chosen = []
            for candidate in candidates.rank(subproject, held_on, households):
                facts_content = content.get(kind)
                if facts_content and not _fits_content(candidate, facts_content, held_on):
                    continue
                chosen.append(candidate)
                if len(chosen) == 12:
                    break
            Support.objects.bulk_create(
                Support(
                    subproject=subproject, activity=activity, household=c.household, member=c.member,
                    kind=support_kind, items=items, quantity=1, value=value, supported_on=held_on, eligible=True,
                    labour_contract=support_kind == "job_placement",
                    eligibility_reasons=c.verdict.lines, rule=c.verdict.rule, created_by=responsible,
                )
                for c in chosen
            )  # fmt: skip


def _fits_content(candidate, content: str, day: date) -> bool:
    """Whether a nutrition candidate fits this activity (an intervention or school meals)."""
    facts = eligibility.Facts(
        household_status=candidate.household.status_on or Status.NONE,
        recently_escaped=False,
        person=person_on(candidate.member, day),
        content=content,
    )
    _notes, refusals = eligibility.nutrition(facts)
    return not refusals


def build_budget(users: dict) -> None:
    """The 2023 allocations of each sub-project from two sources, and payments for its supports."""
    finance = users["taichinh"]
    plan = Plan.objects.get(year=2023)
    voucher = 0
    for subproject in plan.subprojects.order_by("order"):
        supports = list(subproject.supports.select_related("household", "member").order_by("supported_on", "pk"))
        needed = sum(s.value for s in supports) or 15_000_000
        central = budget.allocate(
            subproject=subproject, budget_year=2023, source="central_recurrent",
            amount=(needed * 13 // 10 // 1_000_000 + 1) * 1_000_000, decision_number="112/QĐ-UBND",
            decision_date=date(2023, 3, 15), issuing_body="UBND thành phố Nha Trang", by=finance,
        )  # fmt: skip
        budget.allocate(
            subproject=subproject, budget_year=2023, source="local_counterpart",
            amount=(needed // 5 // 1_000_000 + 1) * 1_000_000, decision_number="35/QĐ-UBND",
            decision_date=date(2023, 4, 25), issuing_body="UBND phường Phước Hải", by=finance,
        )  # fmt: skip
        for support in supports:
            voucher += 1
            budget.disburse(
                allocation=central, kind="payment", paid_on=support.supported_on, amount=support.value,
                voucher_number=f"PC{voucher:04d}/2023", payee_household=support.household, payee_member=support.member,
                payee_name=support.member.full_name if support.member else support.household.head_name,
                purpose=support.items, support=support, by=finance,
            )  # fmt: skip
        for activity in subproject.activities.filter(supports__isnull=True):
            voucher += 1
            budget.disburse(
                allocation=central, kind="payment", paid_on=activity.held_on, amount=8_500_000,
                voucher_number=f"PC{voucher:04d}/2023", payee_name="Hội trường UBND phường Phước Hải",
                purpose=activity.title, activity=activity, by=finance,
            )  # fmt: skip
