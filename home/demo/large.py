"""A ward of any size for benchmarks: households, members, assessments and status decisions, in batches.

`build_demo_ward` keeps every household and member in memory and numbers citizen IDs with
one six-digit serial, so it stops at 999,999 people and needs gigabytes at a million
households. This builder writes one batch of households at a time (PostgreSQL COPY,
bulk_create elsewhere), so its memory stays flat, and numbers CCCDs per prefix (province,
century and sex, year of birth), so it never runs out of valid ones.

It leaves out what the registry pages do not need at this size: simple-history rows,
the review process (campaigns), sub-projects and budget.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from giamngheo.models import AreaType, ResidentialGroup
from giamngheo.text import fold, name_sort_key
from home.demo.people import FAMILY, GIVEN, MIDDLE, MINORITIES, STREETS, schooling_and_work
from home.demo.reviews import _measure, _next_status
from home.demo.ward import MERGER_DAY, build_units, build_users
from households import services
from households.choices import Disability, Merit, Relation, Sex
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

# Province codes of the first three CCCD digits (Thông tư 59/2021/TT-BCA, Phụ lục I): the
# ward's own (Khánh Hòa) first, then where people born elsewhere were registered.
PROVINCES = ["056", "001", "079", "048", "052", "054", "058", "062", "066", "038", "040", "042", "044", "046"]
SERIALS = 1_000_000  # six digits per prefix
FAMILY_NAMES, FAMILY_WEIGHTS = zip(*FAMILY, strict=True)
REGISTER_BEGAN = date(2021, 7, 1)
BASELINE = date(2022, 1, 10)
REVIEW_YEARS = (2022, 2023, 2024)
GROUP_SIZES = (150, 450)  # households per residential group (tổ dân phố)


# Names repeat (some 8,000 full names in all), so each one's derived text is computed once by
# the model helpers and reused. search_text_for joins one fenced fragment per part, so a
# household's text is the fragment of its code and address followed by those of its names.
fold_name = cache(fold)
sort_key = cache(name_sort_key)


@cache
def name_fragment(full_name: str) -> str:
    return search_text_for("", "", [full_name])


class CitizenIds:
    """Unique 12-digit CCCDs consistent with the holder's birth year and sex, at any count.

    Digits 1-3 the province, 4 century and sex, 5-6 the year, 7-12 a serial per prefix;
    a prefix whose serials are used up moves on to the next province code.
    """

    def __init__(self):
        self.next = {}  # (century_sex, yy) -> (province index, next serial)

    def issue(self, born: date, sex: str) -> str:
        century_sex = (born.year // 100 - 19) * 2 + (1 if sex == Sex.FEMALE else 0)
        key = (century_sex, born.year % 100)
        province, serial = self.next.get(key, (0, 1))
        if serial >= SERIALS:
            province, serial = province + 1, 1
            if province >= len(PROVINCES):
                raise ValueError("No citizen IDs left for this birth year and sex.")
        self.next[key] = (province, serial + 1)
        return f"{PROVINCES[province]}{century_sex}{key[1]:02d}{serial:06d}"


@dataclass
class Built:
    households: int = 0
    members: int = 0
    assessments: int = 0
    decisions: int = 0
    groups: int = 0
    # Households on each list today, by the decisions built (present households only).
    status: dict = field(default_factory=lambda: {Status.POOR: 0, Status.NEAR_POOR: 0, Status.NONE: 0})


class _Writer:
    """Rows (dicts by attname) into a model's table: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.shapes = {}

    def _shape(self, model):
        if model not in self.shapes:
            fields = model._meta.concrete_fields
            defaults = {}
            for f in fields:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    defaults[f.attname] = self.now
                elif not f.primary_key:
                    defaults[f.attname] = f.get_default()
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            self.shapes[model] = (defaults, itemgetter(*[f.attname for f in fields]), sql)
        return self.shapes[model]

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        defaults, ordered, sql = self._shape(model)
        if self.copy:
            with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(ordered({**defaults, **row}))
        else:
            model.objects.bulk_create([model(**{**defaults, **row}) for row in rows], batch_size=2000)

    def finish(self, models) -> None:
        """Explicit ids bypass PostgreSQL's sequences: move them past the rows written."""
        if not self.copy:
            return
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1)) FROM {table}", [table]
                )


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _groups(ward, count: int, rng) -> list[tuple[int, str, str, int]]:
    """Residential groups enough for `count` households: (id, code, name, households in it)."""
    sizes = [rng.randint(*GROUP_SIZES) for _ in ward.groups]
    while sum(sizes) < count:
        sizes.append(rng.randint(*GROUP_SIZES))
    extra = [
        ResidentialGroup(unit=ward.new, code=f"PH{n:04d}", name=f"Tổ dân phố Phước Hải {n}", valid_from=MERGER_DAY)
        for n in range(len(ward.groups) + 1, len(sizes) + 1)
    ]
    ResidentialGroup.objects.bulk_create(extra, batch_size=2000)
    made = {g.code: g for g in ResidentialGroup.objects.filter(unit=ward.new)}
    ordered = [*ward.groups, *(made[g.code] for g in extra)]
    return [(g.pk, g.code, g.name, size) for g, size in zip(ordered, sizes, strict=True)]


class _People:
    """Members of one household at a time, drawn as home.demo.people draws them."""

    def __init__(self, rng):
        self.rng = rng
        self.ids = CitizenIds()

    def name(self, sex, family=None):
        rng = self.rng
        family = family or rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
        return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"

    def member(self, household, *, relation, sex, age, family, poor, ethnicity):
        rng = self.rng
        born = date(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
        since = max(household["entered_on"], born)
        education, schooling, employment = schooling_and_work(rng, age, poor)
        disability = (
            rng.choice([Disability.MILD, Disability.SEVERE]) if rng.random() < (0.08 if poor else 0.015) else ""
        )
        full_name = self.name(sex, family)
        return {
            "household_id": household["id"],
            "full_name": full_name,
            "search_name": fold_name(full_name),
            "date_of_birth": born,
            "sex": sex,
            "ethnicity": ethnicity,
            "citizen_id": self.ids.issue(born, sex) if age >= 14 or rng.random() < 0.5 else None,
            "relation": relation,
            "disability": disability,
            "merit": (Merit.RELATIVE if age < 60 else Merit.PERSON) if rng.random() < 0.02 else "",
            "health_insurance": rng.random() > (0.05 if poor else 0.1),
            "schooling": schooling,
            "education": education,
            "employment": employment,
            "pregnant_or_nursing": sex == Sex.FEMALE and 20 <= age <= 38 and rng.random() < 0.08,
            "social_allowance": age >= 80 or (poor and age >= 60) or disability == Disability.SEVERE,
            "entered_on": since,
            "entry_reason": Member.EntryReason.BORN
            if since == born and born > household["entered_on"]
            else Member.EntryReason.REGISTERED,
        }

    def household(self, household, poor):
        rng = self.rng
        ethnicity = rng.choice(MINORITIES) if rng.random() < 0.03 else "01"
        family = rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
        head_sex = Sex.FEMALE if rng.random() < (0.4 if poor else 0.25) else Sex.MALE
        head_age = rng.randint(25, 85 if poor else 75)
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 15, 25, 30, 15, 7])[0]
        common = {"poor": poor, "ethnicity": ethnicity}
        people = [self.member(household, relation=Relation.HEAD, sex=head_sex, age=head_age, family=family, **common)]
        if size >= 2 and head_age < 80:
            people.append(
                self.member(
                    household, relation=Relation.SPOUSE, sex=Sex.MALE if head_sex == Sex.FEMALE else Sex.FEMALE,
                    age=max(20, head_age + rng.randint(-5, 5)), family=None, **common,
                )
            )  # fmt: skip
        while len(people) < size:
            age = max(0, head_age - rng.randint(20, 40))
            if age > 60 or rng.random() < 0.15:
                relation, age = Relation.PARENT, min(95, head_age + rng.randint(20, 30))
            else:
                relation = Relation.CHILD
            people.append(
                self.member(
                    household, relation=relation, sex=rng.choice([Sex.MALE, Sex.FEMALE]), age=age,
                    family=family if relation == Relation.CHILD else None, **common,
                )
            )  # fmt: skip
        return people


def _some_day(rng) -> date:
    return date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))


def _present(household, day: date) -> bool:
    return household["entered_on"] <= day and (household["left_on"] is None or household["left_on"] > day)


def build_large_ward(households: int, seed: int = 2023, batch: int = 5000, progress=None) -> Built:
    """Build a ward of `households` households into an empty register; returns what it built.

    Each batch commits on its own: a run that fails half-way leaves the batches before it.
    """
    if Household.objects.exists():
        raise ValueError("The register already holds households: build a large ward into an empty database.")
    rng = random.Random(seed)
    with transaction.atomic():
        ward = build_units()
        users = build_users()
        reviews = [services.get_or_create_review(Review.Kind.PERIODIC, year) for year in REVIEW_YEARS]
        groups = _groups(ward, households, rng)
    officer = users["ldtbxh"].pk
    standards = {r.pk: PovertyStandard.objects.prefetch_related("indicators").get(pk=r.standard_id) for r in reviews}
    indicator_ids = {i.code: i.pk for i in DeprivationIndicator.objects.all()}
    writer = _Writer()
    through = Assessment.deprivations.through
    ids = {model: _next_id(model) for model in (Household, Member, Assessment, StatusDecision, through)}
    people = _People(rng)
    built = Built()
    today = timezone.localdate()
    group_index, left_in_group, in_group = 0, groups[0][3], 0
    done = 0
    while done < households:
        rows = {Household: [], Member: [], Assessment: [], StatusDecision: [], through: []}
        for _ in range(min(batch, households - done)):
            if left_in_group == 0 and group_index + 1 < len(groups):
                group_index += 1
                left_in_group, in_group = groups[group_index][3], 0
            group_id, group_code, group_name, _size = groups[group_index]
            left_in_group -= 1
            in_group += 1
            household = {
                "id": ids[Household],
                "code": f"{group_code}-{in_group:04d}",
                "residential_group_id": group_id,
                "address": f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {group_name}",
                "area_type": AreaType.URBAN,
                "entered_on": REGISTER_BEGAN,
                "left_on": None,
            }
            ids[Household] += 1
            hardship = rng.random() < 0.05
            if not hardship:  # the reviews list only households there all along
                move = rng.random()
                if move < 0.01:
                    household["entered_on"] = _some_day(rng)
                elif move < 0.015:
                    household["left_on"] = _some_day(rng)
                    household["left_reason"] = Household.LeftReason.MOVED_AWAY
            members = people.household(household, hardship)
            for member in members:
                member["id"] = ids[Member]
                ids[Member] += 1
            household["head_name"] = members[0]["full_name"]
            household["head_sort_key"] = sort_key(household["head_name"])
            # Names in Member's ordering (birth, then id), as Household.refresh_search_fields reads them.
            in_order = sorted(members, key=itemgetter("date_of_birth", "id"))
            household["search_text"] = search_text_for(household["code"], household["address"], []) + "".join(
                name_fragment(m["full_name"]) for m in in_order
            )
            rows[Household].append(household)
            rows[Member].extend(members)
            final = _reviews(rng, household, len(members), hardship, reviews, standards, indicator_ids, officer,
                             rows, ids)  # fmt: skip
            if _present(household, today):
                built.status[final] += 1
        with transaction.atomic():
            for model, written in rows.items():
                writer.write(model, written)
            # Decisions written past the services: store the status they set, as every writer does.
            decided = {decision["household_id"] for decision in rows[StatusDecision]}
            services.refresh_status(Household.objects.filter(pk__in=decided), today=today)
        done += len(rows[Household])
        built.households = done
        built.groups = group_index + 1
        built.members += len(rows[Member])
        built.assessments += len(rows[Assessment])
        built.decisions += len(rows[StatusDecision])
        if progress:
            progress(built)
    writer.finish([Household, Member, Assessment, StatusDecision, through])
    return built


def _reviews(rng, household, size, hardship, reviews, standards, indicator_ids, officer, rows, ids) -> str:
    """A household's baseline list and three periodic reviews (as home.demo.reviews); its status after them."""
    decisions = rows[StatusDecision]
    roll = rng.random()
    status = Status.POOR if hardship and roll < 0.22 else Status.NEAR_POOR if hardship and roll < 0.55 else Status.NONE
    ever_listed = ever_poor = False

    def decide(new, day, number, previous, note=""):
        signer = "Phó Chủ tịch Nguyễn Thị Thùy Dung" if day < MERGER_DAY else "Chủ tịch Trần Minh Khoa"
        decisions.append(
            {
                "id": ids[StatusDecision], "household_id": household["id"], "status": new, "effective_on": day,
                "signed_on": day, "number": number, "signer": signer, "previous_status": previous,
                "ever_poor_before": ever_poor, "recorded_by_id": officer, "note": note,
            }
        )  # fmt: skip
        ids[StatusDecision] += 1

    if status != Status.NONE:
        decide(status, BASELINE, "05/QĐ-UBND", Status.NONE, "Danh sách đầu kỳ theo kết quả rà soát năm 2021.")
        ever_listed, ever_poor = True, status == Status.POOR
    for review in reviews:
        if not _present(household, review.ends_on):
            continue
        after = _next_status(rng, status, ever_listed, hardship)
        if status == Status.NONE and after == Status.NONE:
            continue
        standard = standards[review.pk]
        income, codes = _measure(rng, after, standard)
        result = {Status.POOR: "poor", Status.NEAR_POOR: "near_poor"}.get(after) or (
            "average" if income <= 3_000_000 else "not_poor"
        )
        rows[Assessment].append(
            {
                "id": ids[Assessment], "household_id": household["id"], "review_id": review.pk,
                "assessed_on": date(review.year, 10, rng.randint(1, 31)), "standard_id": standard.pk,
                "area_type": household["area_type"], "member_count": size, "income_per_capita": income,
                "result": result, "assessed_by_id": officer,
            }
        )  # fmt: skip
        for code in codes:
            rows[Assessment.deprivations.through].append(
                {
                    "id": ids[Assessment.deprivations.through],
                    "assessment_id": ids[Assessment],
                    "deprivationindicator_id": indicator_ids[code],
                }
            )
            ids[Assessment.deprivations.through] += 1
        ids[Assessment] += 1
        if after != status:
            signed = date(review.year, 12, 15)
            decide(after, signed, f"{400 + review.year - 2000}/QĐ-UBND", status)
        status = after
        ever_listed = ever_listed or after != Status.NONE
        ever_poor = ever_poor or after == Status.POOR
    return status
