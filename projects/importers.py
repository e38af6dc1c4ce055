"""Support records from a unit's list of who received what.

Each row goes through projects.services: the person must belong to the household and
be born by the date, the date must fall in the plan year, and the beneficiary must
be eligible under the sub-project's rules, or the row must carry a justification
from an officer allowed to override. A support already recorded with the same
sub-project, beneficiary, kind, items, quantity, value and date is left unchanged.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giamngheo.text import fold
from households.models import Household, Member
from imports.columns import DATE_NOTE, Column, yes_no
from imports.engine import CREATED, UNCHANGED, Importer
from imports.values import parse_amount, parse_citizen_id, parse_date, parse_int
from projects import services
from projects.models import SubProject, Support


def _kinds():
    return list(Support.Kind.choices)


SUPPORT_COLUMNS = [
    Column("local_code", "Số tiểu dự án", _("The sub-project's number in the ward's plan, e.g. 3.2.")),
    Column("official_code", "Mã tiểu dự án", _("Or its official code, e.g. DA4-TDA3 (one of the two is needed).")),
    Column("plan_year", "Năm kế hoạch", _("The plan's year, e.g. 2023."), parse=parse_int, required=True, width=8),
    Column("household", "Mã hộ", _("The household's code in the register."), required=True),
    Column(
        "citizen_id",
        "Số CCCD người nhận",
        _("The person who received it; or give the name and date of birth; empty for the whole household."),
        parse=parse_citizen_id,
        width=15,
    ),
    Column("full_name", "Họ và tên người nhận", _("With the date of birth, when there is no CCCD."), width=24),
    Column("date_of_birth", "Ngày sinh người nhận", DATE_NOTE, parse=parse_date, is_date=True, width=12),
    Column("kind", "Loại hỗ trợ", _("From the list."), choices=_kinds, required=True, width=20),
    Column("items", "Nội dung hỗ trợ", _("What was given, e.g. 10 con gà giống."), required=True, max_length=255),
    Column("quantity", "Số lượng", _("A whole number; 1 when empty."), parse=parse_int, width=8),
    Column("value", "Giá trị (đồng)", _("Whole đồng, e.g. 2.000.000; 0 when empty."), parse=parse_amount, width=14),
    Column("supported_on", "Ngày hỗ trợ", DATE_NOTE, parse=parse_date, is_date=True, required=True, width=12),
    yes_no(
        "labour_contract",
        "Có hợp đồng lao động",
        _("Có or Không; Không when empty. A job connection is paid only with one (KH 538/KH-UBND, III.3.2)."),
    ),
    Column(
        "override_reason",
        "Lý do hỗ trợ người ngoài đối tượng",
        _("Only for a beneficiary the rules do not cover, by an officer allowed to override."),
        width=28,
    ),
    Column("note", "Ghi chú", _("Optional."), width=20),
]


class SupportImporter(Importer):
    columns = SUPPORT_COLUMNS
    chunk_size = 500

    def prepare(self) -> None:
        self.subprojects = {}
        for subproject in SubProject.objects.for_user(self.user).select_related("plan"):
            for code in (subproject.local_code, subproject.official_code):
                self.subprojects.setdefault((fold(code), subproject.plan.year), subproject)
        self.editable = set(SubProject.objects.editable_by(self.user).values_list("pk", flat=True))
        self.can_override = self.user.has_perm("projects.override_eligibility")
        self.seen: dict[tuple, int] = {}

    def flush(self, chunk) -> int:
        codes = {parsed["household"] for _n, parsed in chunk if parsed}
        households = {h.code: h for h in Household.objects.for_user(self.user).filter(code__in=codes)}
        members: dict[int, list[Member]] = {}
        for member in Member.objects.filter(household__in=households.values()):
            members.setdefault(member.household_id, []).append(member)
        existing = set(
            Support.objects.filter(household__in=households.values()).values_list(
                "subproject", "household", "member", "kind", "items", "quantity", "value", "supported_on"
            )
        )
        for number, parsed in chunk:
            if parsed is not None:
                self.check_row(number, parsed, households, members, existing)
        return len(chunk)

    def find_member(self, number, data, household, members) -> tuple[bool, Member | None]:
        people = members.get(household.pk, [])
        given = data.get("citizen_id")
        if given:
            found = [m for m in people if m.citizen_id == given or ("*" in given and m.masked_citizen_id() == given)]
            if "*" in given and data.get("full_name"):
                found = [m for m in found if m.search_name == fold(data["full_name"])]
            if len(found) == 1:
                return True, found[0]
            self.error(number, "citizen_id", "member_unknown")
            return False, None
        if data.get("full_name") or data.get("date_of_birth"):
            found = [
                m
                for m in people
                if m.search_name == fold(data.get("full_name") or "") and m.date_of_birth == data.get("date_of_birth")
            ]
            if len(found) == 1:
                return True, found[0]
            self.error(number, "full_name", "member_unknown")
            return False, None
        return True, None

    def check_row(self, number, data, households, members, existing) -> None:
        year = data["plan_year"]
        code = data.get("local_code") or data.get("official_code") or ""
        subproject = self.subprojects.get((fold(code), year))
        if subproject is None and data.get("official_code"):
            subproject = self.subprojects.get((fold(data["official_code"]), year))
        if subproject is None:
            self.error(number, "local_code", "subproject_unknown", {"year": year})
            return
        if subproject.pk not in self.editable:
            self.error(number, "local_code", "not_your_subproject")
            return
        household = households.get(data["household"])
        if household is None:
            self.error(number, "household", "household_unknown", {"code": data["household"]})
            return
        found, member = self.find_member(number, data, household, members)
        if not found:
            return
        quantity = data.get("quantity") or 1
        value = data.get("value") or 0
        day = data["supported_on"]
        key = (
            subproject.pk,
            household.pk,
            member.pk if member else None,
            data["kind"],
            data["items"],
            quantity,
            value,
            day,
        )
        if key in self.seen:
            self.error(number, "items", "duplicate_row", {"row": self.seen[key]})
            return
        self.seen[key] = number
        if key in existing:
            self.report.action(number, UNCHANGED, household.code)
            return
        override = (data.get("override_reason") or "").strip()
        try:
            services.validate_support(
                subproject=subproject,
                household=household,
                member=member,
                activity=None,
                supported_on=day,
                kind=data["kind"],
                value=value,
            )
            verdict = services.check_eligibility(
                subproject=subproject,
                household=household,
                member=member,
                day=day,
                kind=data["kind"],
                labour_contract=bool(data.get("labour_contract")),
            )
            if not verdict.eligible:
                reasons = " ".join(map(str, verdict.reasons))
                if not self.can_override:
                    self.error(number, "household", "not_eligible", {"reasons": reasons})
                    return
                if not override:
                    self.error(number, "override_reason", "justification_required", {"reasons": reasons})
                    return
            if self.writing:
                services.record_support(
                    subproject=subproject,
                    household=household,
                    member=member,
                    activity=None,
                    kind=data["kind"],
                    items=data["items"],
                    quantity=quantity,
                    value=value,
                    supported_on=day,
                    labour_contract=bool(data.get("labour_contract")),
                    override_reason=override,
                    note=data.get("note", ""),
                    by=self.user,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    column = {"member": "full_name", "supported_on": "supported_on"}.get(field, "household")
                    for item in errors:
                        self.error(number, column, item.code or "invalid", {}, " ".join(item.messages))
            else:
                self.error(number, "household", error.code or "invalid", {}, " ".join(error.messages))
            return
        self.report.action(number, CREATED, household.code)


def support_rows(supports, user, *, full_ids):
    for support in supports:
        member = support.member
        citizen_id = ""
        if member is not None:
            citizen_id = (member.citizen_id or "") if full_ids else member.masked_citizen_id()
        yield [
            support.subproject.local_code,
            support.subproject.official_code,
            support.subproject.plan.year,
            support.household.code,
            citizen_id,
            member.full_name if member else "",
            member.date_of_birth if member else None,
            support.kind,
            support.items,
            support.quantity,
            support.value,
            support.supported_on,
            support.labour_contract,
            support.override_reason,
            support.note,
        ]
