"""Households with their members, one row per member, household columns repeated.

Households are matched by code; members by citizen ID, or without one by name and
date of birth within the household. Members registered but absent from the file are
left as they are (an import adds and corrects, it never deletes). A column absent
from the file leaves that field as it is; a blank citizen ID never erases one.

Memory does not grow with the file: rows are read as a stream and handled in chunks of
`chunk_size` households, and the two things that must be remembered across the whole
file (each citizen ID with its first row, for "already on row N"; each household code
already closed, for a household whose rows are not together) are kept in
`imports.seen.FirstRows`, a temporary on-disk SQLite store with a capped
cache, rather than in a dict and a set (see that module for why).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from giamngheo.models import ResidentialGroup
from giamngheo.text import fold, name_sort_key
from households.choices import KINH, Relation, Sex
from households.importers.columns import HOUSEHOLD_COLUMNS
from households.models import Household, Member
from imports.engine import CREATED, UNCHANGED, UPDATED, Importer
from imports.seen import FirstRows

HOUSEHOLD_FIELDS = ["group", "address", "area_type", "phone", "note", "household_since"]
# What a blank cell means for a member field whose column is in the file.
BLANK = {
    "ethnicity": KINH,
    "health_insurance": True,
    "pregnant_or_nursing": False,
    "social_allowance": False,
    "no_stable_livelihood": False,
    "entry_reason": "registered",
}
# Blank means None.
DATE_FIELDS = (
    "citizen_id",
    "low_income_worker_since",
    "low_income_worker_income",
    "low_income_worker_until",
    "entered_on",
    "left_on",
)
CODE_FORMAT = re.compile(r"^[A-Za-z0-9._-]+$")
CHANGE_REASON = "import"


@dataclass
class Block:
    code: str
    rows: list = field(default_factory=list)  # (row number, parsed dict or None)


class HouseholdImporter(Importer):
    columns = HOUSEHOLD_COLUMNS

    def process(self, rows) -> None:
        self.groups = {}
        for group in ResidentialGroup.objects.for_user(self.user):
            self.groups.setdefault(fold(group.code), group)
            self.groups.setdefault(fold(group.name), group)
        self.seen = FirstRows("citizen_ids", "codes")
        try:
            self._process(rows)
        finally:
            self.seen.close()

    def _process(self, rows) -> None:
        block = None
        blocks: list[Block] = []
        done = 0
        for number, raw in rows:
            parsed = self.parse(number, raw)
            code = (parsed or {}).get("code") or _raw_code(raw, self.positions.get("code"))
            if not code:
                continue
            if block is not None and block.code == code:
                block.rows.append((number, parsed))
                continue
            if self.seen.get("codes", code) is not None:
                self.error(number, "code", "household_split", {"code": code})
                continue
            if block is not None:
                self.seen.add("codes", block.code, block.rows[0][0])
                blocks.append(block)
                if len(blocks) >= self.chunk_size:
                    done += self.flush(blocks)
                    self.progress(done)
                    blocks = []
            block = Block(code, [(number, parsed)])
        if block is not None:
            blocks.append(block)
        if blocks:
            done += self.flush(blocks)
            self.progress(done)

    # --- one chunk ----------------------------------------------------------------

    def flush(self, blocks: list[Block]) -> int:
        codes = [block.code for block in blocks]
        existing = {h.code: h for h in Household.objects.for_user(self.user).filter(code__in=codes)}
        # Codes are unique in the province: another commune's household is never updated from here.
        elsewhere = set(
            Household.objects.filter(code__in=codes).exclude(code__in=existing).values_list("code", flat=True)
        )
        members = defaultdict(list)
        for member in Member.objects.filter(household__in=[h.pk for h in existing.values()]):
            members[member.household_id].append(member)
        numbers = {
            parsed["citizen_id"]
            for block in blocks
            for _number, parsed in block.rows
            if parsed and parsed.get("citizen_id") and parsed["citizen_id"].isdigit()
        }
        owners = dict(Member.objects.filter(citizen_id__in=numbers).values_list("citizen_id", "household__code"))
        plans = []
        for block in blocks:
            if block.code in elsewhere:
                self.error(block.rows[0][0], "code", "code_in_other_commune", {"code": block.code})
                continue
            plan = self.check_block(block, existing.get(block.code), members, owners)
            if plan is not None:
                plans.append(plan)
        if self.writing and plans:
            self.write(plans)
        self.seen.spill()
        return sum(len(block.rows) for block in blocks)

    def check_block(self, block: Block, household: Household | None, members, owners):
        rows = block.rows
        first_number, first = rows[0]
        if first is None:
            # The first row's own errors are recorded; its household can't be judged.
            return None
        ok = True
        for number, parsed in rows[1:]:
            if parsed is None:
                ok = False
                continue
            for key in HOUSEHOLD_FIELDS:
                if key in parsed and parsed[key] != first.get(key):
                    self.error(number, key, "household_inconsistent", {"row": first_number})
                    ok = False
        if not CODE_FORMAT.match(block.code):
            self.error(first_number, "code", "code_format")
            ok = False
        values = {}
        if "group" in first:
            group = self.groups.get(fold(first["group"]))
            if group is None:
                self.error(first_number, "group", "group_unknown", {"value": first["group"]})
                ok = False
            else:
                values["residential_group_id"] = group.pk
        for key in ("address", "area_type", "phone", "note"):
            if key in first:
                values[key] = first[key] or ""
        if first.get("household_since"):
            values["entered_on"] = first["household_since"]
            if values["entered_on"] > timezone.localdate():
                self.error(first_number, "household_since", "date_in_future")
                ok = False
        is_new = household is None
        if is_new:
            values.setdefault("entered_on", timezone.localdate())
            household = Household(code=block.code, **values)
            changed = []
        else:
            changed = [name for name, value in values.items() if getattr(household, name) != value]
            for name in changed:
                setattr(household, name, values[name])

        existing = list(members.get(household.pk, [])) if household.pk else []
        by_number = {m.citizen_id: m for m in existing if m.citizen_id}
        by_name = {(m.search_name, m.date_of_birth): m for m in existing}
        matched: dict[int, int] = {}
        row_plans = []
        for number, parsed in rows:
            if parsed is None:
                ok = False
                continue
            since = household.entered_on if is_new else timezone.localdate()
            result = self.check_member(
                number, parsed, block.code, by_number, by_name, matched, owners, since, household
            )
            if result is None:
                ok = False
                continue
            row_plans.append((number, *result))
        if not ok:
            return None

        final = [m for m in existing if m.pk not in matched] + [member for _n, member, _a, _f in row_plans]
        heads = sum(1 for m in final if m.relation == Relation.HEAD)
        if heads != 1:
            self.error(first_number, "relation", "one_head", {"count": heads})
            return None

        old_search = (household.head_name, household.head_sort_key, household.search_text)
        household.refresh_search_fields(final)
        household.head_sort_key = name_sort_key(household.head_name)
        if not is_new and (household.head_name, household.head_sort_key, household.search_text) != old_search:
            changed += ["head_name", "head_sort_key", "search_text"]
        for index, (number, _member, action, _fields) in enumerate(row_plans):
            if is_new:
                action = CREATED
            elif index == 0 and changed and action == UNCHANGED:
                action = UPDATED
            self.report.action(number, action, block.code)
        return household, is_new, changed, row_plans

    def check_member(self, number, parsed, code, by_number, by_name, matched, owners, since, household):
        given = parsed.get("citizen_id")
        masked = bool(given) and "*" in given
        member = None
        if given and not masked:
            member = by_number.get(given)
        if member is None and "full_name" in parsed and "date_of_birth" in parsed:
            member = by_name.get((fold(parsed["full_name"]), parsed["date_of_birth"]))
        ok = True
        if masked:
            if member is None or member.masked_citizen_id() != given:
                self.error(number, "citizen_id", "citizen_id_masked")
                ok = False
            parsed = {key: value for key, value in parsed.items() if key != "citizen_id"}
        elif given:
            if len(given) != 12 or not given.isdigit():
                self.error(number, "citizen_id", "citizen_id_format")
                ok = False
            elif (first_row := self.seen.get("citizen_ids", given)) is not None:
                self.error(number, "citizen_id", "citizen_id_twice", {"row": first_row})
                ok = False
            elif owners.get(given, code) != code:
                self.error(number, "citizen_id", "member_in_other_household", {"code": owners[given]})
                ok = False
            else:
                self.seen.add("citizen_ids", given, number)
        elif member is not None:
            # A blank citizen ID never erases the registered number.
            parsed = {key: value for key, value in parsed.items() if key != "citizen_id"}
        if member is not None and member.pk in matched:
            self.error(number, "full_name", "member_twice", {"row": matched[member.pk]})
            return None
        if not ok:
            return None
        is_new = member is None
        if is_new:
            member = Member(full_name="", sex="", relation="")
        else:
            matched[member.pk] = number
        changed = []
        for key in Member.RECORDED_FIELDS:
            if key not in parsed:
                continue
            value = parsed[key]
            if value is None or value == "":
                if key == "entered_on" and not is_new:
                    continue  # a blank never erases the recorded arrival
                value = BLANK.get(key, None if key in DATE_FIELDS else "")
            if is_new or getattr(member, key) != value:
                setattr(member, key, value)
                changed.append(key)
        if is_new:
            member.fill_entry(since)
        if "low_income_worker_since" in changed and not member.low_income_worker_until:
            member.fill_low_income_until()  # rows are bulk-written, without Member.save
            changed.append("low_income_worker_until")
        low_income_changed = any(key.startswith("low_income_worker") for key in changed)
        if not self.member_is_valid(number, member, household if low_income_changed else None):
            return None
        member.search_name = fold(member.full_name)
        if "full_name" in changed:
            changed.append("search_name")
        action = CREATED if is_new else (UPDATED if changed else UNCHANGED)
        return member, action, changed

    def member_is_valid(self, number, member: Member, household=None) -> bool:
        """`household` is given when the low-income recognition changed, to check it against the household."""
        from households.models import citizen_id_problem

        today = timezone.localdate()
        ok = True
        if member.date_of_birth and member.date_of_birth > today:
            self.error(number, "date_of_birth", "born_in_future")
            ok = False
        if member.low_income_worker_since and member.low_income_worker_since > today:
            self.error(number, "low_income_worker_since", "date_in_future")
            ok = False
        if member.citizen_id and member.date_of_birth and member.sex:
            problem = citizen_id_problem(member.citizen_id, member.date_of_birth, member.sex)
            if problem is not None:
                params = {}
                if problem.code == "citizen_id_birth_year":
                    century = 1900 + (int(member.citizen_id[3]) // 2) * 100
                    params = {"year": century + int(member.citizen_id[4:6]), "born": member.date_of_birth.year}
                self.error(number, "citizen_id", problem.code, params, problem.messages[0])
                ok = False
        if member.pregnant_or_nursing and member.sex == Sex.MALE:
            self.error(number, "pregnant_or_nursing", "pregnant_male")
            ok = False
        problems = member.date_problems()
        if household is not None:
            problems.update(member.low_income_problems(household))
        for key, problem in problems.items():
            self.error(number, key, problem.code, {}, problem.messages[0])
            ok = False
        return ok

    # --- writing ----------------------------------------------------------------------

    def write(self, plans) -> None:
        now = timezone.now()
        history = {"default_user": self.user, "default_change_reason": CHANGE_REASON, "batch_size": 500}
        new_households = [household for household, is_new, _c, _r in plans if is_new]
        if new_households:
            bulk_create_with_history(new_households, Household, **history)
            # SQLite may not hand the ids back through the history helper: look them up.
            if any(h.pk is None for h in new_households):
                ids = dict(
                    Household.objects.filter(code__in=[h.code for h in new_households]).values_list("code", "pk")
                )
                for household in new_households:
                    household.pk = household.id = ids[household.code]
        changed_households = [(household, changed) for household, is_new, changed, _r in plans if changed]
        if changed_households:
            for household, _changed in changed_households:
                household.updated_at = now
            fields = sorted({name for _h, changed in changed_households for name in changed} | {"updated_at"})
            bulk_update_with_history([h for h, _c in changed_households], Household, fields, **history)
        new_members, demoted, others, fields = [], [], [], set()
        for household, _is_new, _changed, row_plans in plans:
            for _number, member, action, changed in row_plans:
                if action == CREATED or member.pk is None:
                    member.household_id = household.pk
                    new_members.append(member)
                elif changed:
                    fields.update(changed)
                    # A head who steps down must do so before the new head takes over
                    # (one head per household is a unique constraint).
                    (demoted if member.relation != Relation.HEAD else others).append(member)
        for group in (demoted, others):
            if group:
                bulk_update_with_history(group, Member, sorted(fields), **history)
        if new_members:
            bulk_create_with_history(new_members, Member, **history)


def _raw_code(raw, index):
    if index is None or index >= len(raw) or raw[index] is None:
        return ""
    return str(raw[index]).strip()
