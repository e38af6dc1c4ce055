"""The demo ward's households and members: invented people with consistent citizen IDs."""

from datetime import date

from simple_history.utils import bulk_create_with_history

from giamngheo.models import AreaType
from giamngheo.text import fold, name_sort_key
from home.demo.ward import GROUPS, Ward
from households.choices import Disability, Education, Employment, Merit, Relation, Schooling, Sex
from households.models import Household, Member, search_text_for

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


def _weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


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


# The register as the demo ward keeps it: most households there since it began, a few
# who settled in the ward later and a few who moved away.
REGISTER_BEGAN = date(2021, 7, 1)
SETTLED_LATER = 0.01
MOVED_AWAY = 0.005


def schooling_and_work(rng, age: int, poor: bool) -> tuple[str, str, str]:
    """A member's education, school attendance and work, drawn by age and the household's hardship."""
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
    return education, schooling, employment


def _member(people, rng, household, *, relation, sex, age, family, poor, ethnicity):
    born = people.birth(age)
    since = max(household.entered_on, born)
    education, schooling, employment = schooling_and_work(rng, age, poor)
    full_name = people.name(sex, family)
    member = Member(
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
        entered_on=since,
        entry_reason=Member.EntryReason.BORN
        if since == born and born > household.entered_on
        else Member.EntryReason.REGISTERED,
    )
    # The monthly social allowance (Nghị định 20/2021/NĐ-CP): everyone from 80, the elderly of
    # poor households, the severely disabled. Drawn from no random number, so the rest of the
    # demo stays as it was.
    member.social_allowance = age >= 80 or (poor and age >= 60) or member.disability == Disability.SEVERE
    return member


def build_households(ward: Ward, count: int, rng, people, prefix: str = "PH") -> tuple[list, dict]:
    """Households with members; returns them and, per household index, whether it starts poor-ish."""
    households, members, hardship = [], [], {}
    for index in range(count):
        group = ward.groups[index % GROUPS]
        household = Household(
            code=f"{prefix}{index % GROUPS + 1:02d}-{index // GROUPS + 1:04d}",
            residential_group=group,
            address=f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {group.name}",
            area_type=AreaType.URBAN,
            entered_on=REGISTER_BEGAN,
        )
        households.append(household)
        hardship[index] = rng.random() < 0.05
        if not hardship[index]:  # the reviews list only households there all along
            move = rng.random()
            if move < SETTLED_LATER:
                household.entered_on = date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
            elif move < SETTLED_LATER + MOVED_AWAY:
                household.left_on = date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
                household.left_reason = Household.LeftReason.MOVED_AWAY
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
