"""A realistic, deterministic demo ward: phường Phước Hải (Nha Trang, Khánh Hòa).

Everything here is invented except the place names, the 2023 plan's signatory and
the 01/07/2025 merger into phường Nam Nha Trang. Unit codes are placeholders.
"""

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from budget import services as budget
from giamngheo.models import AdministrativeUnit, AreaType, ResidentialGroup, Signatory, Unit, User
from giamngheo.text import fold, name_sort_key
from households.choices import (
    Disability,
    Education,
    Employment,
    Merit,
    Relation,
    Schooling,
    Sex,
)
from households.models import (
    Assessment,
    DeprivationIndicator,
    Household,
    Member,
    PovertyStandard,
    Review,
    Status,
    StatusDecision,
    search_text_for,
)
from projects import candidates, eligibility
from projects.models import Activity, Plan, Support
from projects.plan_loader import load_plan
from projects.services import person_on

DEMO_PASSWORD = "demo-giamngheo-2023"
MERGER_DAY = date(2025, 7, 1)
GROUPS = 10
FIRST_REVIEW_YEAR = 2022
LAST_REVIEW_YEAR = 2025

USERS = [
    # username, full name, position, group, staff
    ("admin", "Quản trị hệ thống", "Quản trị", None, True),
    ("ldtbxh", "Lê Thị Chương", "Công chức Lao động – Thương binh và Xã hội", "Công chức LĐTBXH", False),
    ("taichinh", "Phạm Văn Hùng", "Công chức Tài chính – Kế hoạch", "Công chức Tài chính – Kế hoạch", False),
    ("hoinongdan", "Trần Văn Nông", "Chủ tịch Hội Nông dân phường", "Đơn vị chủ trì", False),
    ("tramyte", "Võ Thị Y", "Trạm trưởng Trạm Y tế phường", "Đơn vị chủ trì", False),
    ("lanhdao", "Nguyễn Thị Thùy Dung", "Phó Chủ tịch UBND phường", "Lãnh đạo UBND", False),
    ("mattran", "Đặng Văn Giám", "Ủy viên Ủy ban MTTQ phường", "Mặt trận Tổ quốc (giám sát)", False),
]

FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 2), ("Phan", 4),
    ("Võ", 4), ("Vũ", 1), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 2), ("Lương", 1), ("Châu", 1),
]  # fmt: skip
MIDDLE = {Sex.MALE: ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Ngọc", "Xuân"],
          Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích"]}  # fmt: skip
GIVEN = {
    Sex.MALE: ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long", "Lộc",
               "Minh", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"],
    Sex.FEMALE: ["Anh", "Ánh", "Châu", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
                 "Nga", "Ngọc", "Nhung", "Phương", "Quyên", "Thảo", "Trang", "Tuyết", "Vân", "Yến"],
}  # fmt: skip
STREETS = ["Lê Hồng Phong", "Dương Hiến Quyền", "Nguyễn Thị Định", "Võ Thị Sáu", "Phong Châu",
           "Tô Hiến Thành", "Đồng Nai", "Lạc Long Quân", "Trần Nhật Duật", "Hoàng Diệu"]  # fmt: skip
MINORITIES = ["21", "17", "04", "16", "12"]  # Ra-glai, Chăm, Hoa, Cơ-ho, Ê-đê


@dataclass
class Ward:
    old: AdministrativeUnit
    new: AdministrativeUnit
    groups: list


def _weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def build_units() -> Ward:
    province = AdministrativeUnit.objects.create(code="DEMO-56", name="Tỉnh Khánh Hòa", level="province", kind="tinh")
    common = {"level": "commune", "kind": "phuong", "parent": province, "area_type": AreaType.URBAN}
    old = AdministrativeUnit.objects.create(
        code="DEMO-PH", name="Phường Phước Hải", valid_to=date(2025, 6, 30), served=True, **common
    )
    new = AdministrativeUnit.objects.create(
        code="DEMO-NNT", name="Phường Nam Nha Trang", valid_from=MERGER_DAY, served=True, **common
    )
    others = [
        AdministrativeUnit.objects.create(code=f"DEMO-{i}", name=name, valid_to=date(2025, 6, 30), **kind)
        for i, (name, kind) in enumerate(
            [
                ("Phường Phước Long", common),
                ("Phường Vĩnh Trường", common),
                ("Xã Phước Đồng", {**common, "kind": "xa", "area_type": AreaType.RURAL}),
                ("Xã Vĩnh Thái", {**common, "kind": "xa", "area_type": AreaType.RURAL}),
            ]
        )
    ]
    new.predecessors.set([old, *others])
    Signatory.objects.create(
        unit=old, full_name="Nguyễn Thị Thùy Dung", position="Phó Chủ tịch",
        capacity="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", valid_to=date(2025, 6, 30),
    )  # fmt: skip
    Signatory.objects.create(
        unit=new, full_name="Trần Minh Khoa", position="Chủ tịch",
        capacity="TM. ỦY BAN NHÂN DÂN", valid_from=MERGER_DAY,
    )  # fmt: skip
    groups = []
    for number in range(1, GROUPS + 1):
        before = ResidentialGroup.objects.create(
            unit=old, code=f"TDP{number:02d}", name=f"Tổ dân phố {number}", valid_to=date(2025, 6, 30)
        )
        after = ResidentialGroup.objects.create(
            unit=new, code=f"PH{number:02d}", name=f"Tổ dân phố Phước Hải {number}", valid_from=MERGER_DAY
        )
        after.predecessors.add(before)
        groups.append(after)
    return Ward(old, new, groups)


def build_users() -> dict:
    users = {}
    for username, full_name, position, group, staff in USERS:
        user = User(username=username, full_name=full_name, position=position, is_staff=staff, is_superuser=staff)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


class People:
    """Invents people, with citizen IDs that match their birth year and sex."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = 0

    def name(self, sex, family=None):
        family = family or _weighted(self.rng, FAMILY)
        return f"{family} {self.rng.choice(MIDDLE[sex])} {self.rng.choice(GIVEN[sex])}"

    def citizen_id(self, born: date, sex: str) -> str:
        self.serial += 1
        century_sex = (born.year // 100 - 19) * 2 + (1 if sex == Sex.FEMALE else 0)
        return f"056{century_sex}{born.year % 100:02d}{self.serial:06d}"

    def birth(self, age: int) -> date:
        return date(2025 - age, self.rng.randint(1, 12), self.rng.randint(1, 28))


def _member(people, rng, household, *, relation, sex, age, family, poor, ethnicity):
    born = people.birth(age)
    education = Education.UPPER_SECONDARY
    if age >= 18:
        education = rng.choice(
            [Education.PRIMARY, Education.LOWER_SECONDARY, Education.LOWER_SECONDARY, Education.UPPER_SECONDARY]
            if poor
            else [
                Education.LOWER_SECONDARY,
                Education.UPPER_SECONDARY,
                Education.VOCATIONAL_INTERMEDIATE,
                Education.UNIVERSITY,
            ]
        )
    elif age >= 6:
        education = (
            Education.PRIMARY if age < 11 else Education.LOWER_SECONDARY if age < 15 else Education.UPPER_SECONDARY
        )
    else:
        education = ""
    if age < 3:
        schooling, employment = "", ""
    elif age < 18:
        schooling = Schooling.NOT_ATTENDING if poor and rng.random() < 0.08 else Schooling.ATTENDING
        employment = Employment.STUDYING
    else:
        schooling = ""
        if age >= 60:
            employment = Employment.NOT_WORKING
        else:
            employment = rng.choice(
                [Employment.NO_CONTRACT, Employment.SELF_EMPLOYED, Employment.UNEMPLOYED, Employment.CONTRACT]
                if poor
                else [Employment.CONTRACT, Employment.CONTRACT, Employment.SELF_EMPLOYED, Employment.NO_CONTRACT]
            )
    full_name = people.name(sex, family)
    return Member(
        household=household,
        full_name=full_name,
        search_name=fold(full_name),
        date_of_birth=born,
        sex=sex,
        ethnicity=ethnicity,
        citizen_id=people.citizen_id(born, sex) if age >= 14 or rng.random() < 0.5 else None,
        relation=relation,
        disability=rng.choice([Disability.MILD, Disability.SEVERE]) if rng.random() < (0.08 if poor else 0.015) else "",
        merit=(Merit.RELATIVE if age < 60 else Merit.PERSON) if rng.random() < 0.02 else "",
        health_insurance=rng.random() > (0.05 if poor else 0.1),
        schooling=schooling,
        education=education,
        employment=employment,
        pregnant_or_nursing=sex == Sex.FEMALE and 20 <= age <= 38 and rng.random() < 0.08,
    )


def build_households(ward: Ward, count: int, rng, people) -> tuple[list, dict]:
    """Households with members; returns them and, per household index, whether it starts poor-ish."""
    households, members, hardship = [], [], {}
    for index in range(count):
        group = ward.groups[index % GROUPS]
        household = Household(
            code=f"PH{index % GROUPS + 1:02d}-{index // GROUPS + 1:04d}",
            residential_group=group,
            address=f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {group.name}",
            area_type=AreaType.URBAN,
        )
        households.append(household)
        hardship[index] = rng.random() < 0.05
    for index, household in enumerate(households):
        poor = hardship[index]
        minority = rng.random() < 0.03
        ethnicity = rng.choice(MINORITIES) if minority else "01"
        family = _weighted(rng, FAMILY)
        head_sex = Sex.FEMALE if rng.random() < (0.4 if poor else 0.25) else Sex.MALE
        head_age = rng.randint(25, 85 if poor else 75)
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 15, 25, 30, 15, 7])[0]
        people_in = [
            _member(people, rng, household, relation=Relation.HEAD, sex=head_sex, age=head_age, family=family,
                    poor=poor, ethnicity=ethnicity)
        ]  # fmt: skip
        if size >= 2 and head_age < 80:
            spouse_sex = Sex.MALE if head_sex == Sex.FEMALE else Sex.FEMALE
            people_in.append(
                _member(people, rng, household, relation=Relation.SPOUSE, sex=spouse_sex,
                        age=max(20, head_age + rng.randint(-5, 5)), family=None, poor=poor, ethnicity=ethnicity)
            )  # fmt: skip
        while len(people_in) < size:
            child_age = max(0, head_age - rng.randint(20, 40))
            if child_age > 60 or rng.random() < 0.15:
                relation, child_age = Relation.PARENT, min(95, head_age + rng.randint(20, 30))
            else:
                relation = Relation.CHILD
            sex = rng.choice([Sex.MALE, Sex.FEMALE])
            people_in.append(
                _member(people, rng, household, relation=relation, sex=sex, age=child_age,
                        family=family if relation == Relation.CHILD else None, poor=poor, ethnicity=ethnicity)
            )  # fmt: skip
        members.extend(people_in)
        household.head_name = people_in[0].full_name
        household.head_sort_key = name_sort_key(household.head_name)
        household.search_text = search_text_for(household.code, household.address, [m.full_name for m in people_in])
    bulk_create_with_history(households, Household, batch_size=1000)
    bulk_create_with_history(members, Member, batch_size=2000)
    return households, hardship


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
    """Four years of periodic reviews: assessments of listed households and decisions on changes."""
    standard = PovertyStandard.objects.prefetch_related("indicators").get(code="ND07-2021")
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
        review = Review.objects.create(
            kind=Review.Kind.PERIODIC, year=year, starts_on=date(year, 9, 1), ends_on=date(year, 12, 14)
        )
        signed = date(year, 12, 15)
        signer = "Phó Chủ tịch Nguyễn Thị Thùy Dung" if signed < MERGER_DAY else "Chủ tịch Trần Minh Khoa"
        for index, household in enumerate(households):
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


@transaction.atomic
def build_demo_ward(households: int = 3000, seed: int = 2023) -> dict:
    rng = random.Random(seed)
    ward = build_units()
    users = build_users()
    people = People(rng)
    created, hardship = build_households(ward, households, rng, people)
    build_reviews(created, hardship, rng, users["ldtbxh"], ward)
    build_projects(users, rng)
    build_budget(users)
    return users


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
                    eligibility_reasons=c.verdict.reasons, rule=c.verdict.rule, created_by=responsible,
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
    return eligibility.nutrition(facts)[0]


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
