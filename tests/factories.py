"""make_* helpers with Vietnamese defaults (djangoproject.com style, no factory_boy)."""

import io
import itertools
from datetime import date

from django.contrib.auth.models import Group, Permission

from giamngheo.models import AdministrativeUnit, AreaType, ResidentialGroup, User
from giamngheo.text import name_sort_key
from households import services
from households.models import Household, Member, Review, Status

_serial = itertools.count(1)

ROLE_GROUPS = {
    "ldtbxh": "Công chức LĐTBXH",
    "taichinh": "Công chức Tài chính – Kế hoạch",
    "donvi": "Đơn vị chủ trì",
    "lanhdao": "Lãnh đạo UBND",
    "mattran": "Mặt trận Tổ quốc (giám sát)",
}

# The demo ward's officers by login: (role, unit code).
OFFICERS = {
    "ldtbxh": ("ldtbxh", "labour-social"),
    "tramyte": ("donvi", "health-station"),
    "hoinongdan": ("donvi", "farmers"),
    "taichinh": ("taichinh", "finance"),
    "lanhdao": ("lanhdao", "ward-committee"),
    "mattran": ("mattran", "fatherland-front"),
}


def make_user(role=None, *, username=None, perms=(), **fields):
    user = User.objects.create_user(username=username or f"user{next(_serial)}", password="x", **fields)
    if role:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_ward(name="Phường Phước Hải", area_type=AreaType.URBAN, **fields):
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="56", defaults={"name": "Tỉnh Khánh Hòa", "level": "province", "kind": "tinh"}
    )
    return AdministrativeUnit.objects.create(
        code=fields.pop("code", f"W{next(_serial)}"),
        name=name,
        level="commune",
        kind="phuong",
        parent=province,
        area_type=area_type,
        served=fields.pop("served", True),
        **fields,
    )


def default_ward():
    """The one ward of the tests that name none: a single-commune installation."""
    return AdministrativeUnit.objects.filter(code="W-PH").first() or make_ward(code="W-PH")


def make_group(unit=None, **fields):
    unit = unit or default_ward()
    number = next(_serial)
    return ResidentialGroup.objects.create(
        unit=unit, code=fields.pop("code", f"TDP{number}"), name=fields.pop("name", f"Tổ dân phố {number}"), **fields
    )


# Households the tests make were in the ward long before any period a test reports on.
ON_REGISTER_SINCE = date(2015, 1, 1)


def make_household(head_name="Nguyễn Thị Hoa", *, group=None, members=(), area_type=AreaType.URBAN, **fields):
    """A household whose head is `head_name`; `members` are extra Member field dicts."""
    household = Household.objects.create(
        code=fields.pop("code", f"HH{next(_serial):05d}"),
        residential_group=group or make_group(),
        address=fields.pop("address", "12 Lê Hồng Phong"),
        area_type=area_type,
        entered_on=fields.pop("entered_on", ON_REGISTER_SINCE),
        **fields,
    )
    make_member(household, full_name=head_name, relation="head", sex="F", date_of_birth=date(1970, 5, 1))
    for member in members:
        make_member(household, **member)
    household.refresh_search_fields()
    household.head_sort_key = name_sort_key(household.head_name)
    household.save(update_fields=["head_name", "head_sort_key", "search_text"])
    return household


def make_member(household, **fields):
    defaults = {
        "full_name": "Trần Văn An",
        "date_of_birth": date(1990, 1, 1),
        "sex": "M",
        "relation": "child",
    }
    fields = {**defaults, **fields}
    fields.setdefault("entered_on", max(household.entered_on, fields["date_of_birth"]))
    return Member.objects.create(household=household, **fields)


def make_decision(household, status, effective_on, *, by=None, number=None):
    return services.record_decision(
        household=household,
        status=status,
        effective_on=effective_on,
        number=number or f"{next(_serial)}/QĐ-UBND",
        signed_on=effective_on,
        signer="Phó Chủ tịch Nguyễn Thị Thùy Dung",
        by=by or make_user(),
    )


def make_review(year=2023, kind=Review.Kind.PERIODIC, month=None):
    return services.get_or_create_review(kind, year, month)


def make_plan(ward=None):
    """The ward plan 538/KH-UBND (2023) with its seven sub-projects, from its JSON file."""
    from django.conf import settings

    from projects.plan_loader import load_plan

    ward = ward or default_ward()
    return load_plan(settings.BASE_DIR / "fixtures" / "plan-538-KH-UBND-2023.json", ward)


def make_officer(role, unit_code, **fields):
    from giamngheo.models import Unit

    return make_user(role, unit=Unit.objects.get(code=unit_code), **fields)


def make_allocation(subproject=None, *, amount=10_000_000, year=2023, source="central_recurrent", by=None):
    from budget import services as budget

    subproject = subproject or make_plan().subprojects.get(official_code="DA3-TDA1")
    return budget.allocate(
        subproject=subproject,
        budget_year=year,
        source=source,
        amount=amount,
        decision_number=f"{next(_serial)}/QĐ-UBND",
        decision_date=date(year, 2, 1),
        issuing_body="UBND phường Phước Hải",
        by=by or make_user(),
    )


def make_child_household(status, code, born=date(2020, 1, 1)):
    """A household with a little girl, Trần Bé Na, and a decision giving it `status` from 10/01/2022."""
    household = make_household(code=code, members=[{"full_name": "Trần Bé Na", "date_of_birth": born, "sex": "F"}])
    if status != Status.NONE:
        make_decision(household, status, date(2022, 1, 10))
    return household


def make_activity(subproject, responsible, *, kind=None, title="Bổ sung vi chất", place="Trạm Y tế", **fields):
    """An activity of `subproject` held on 01/06/2023; a nutrition intervention unless `kind` says otherwise."""
    from projects.models import Activity

    return Activity.objects.create(
        subproject=subproject,
        kind=kind or Activity.Kind.NUTRITION_INTERVENTION,
        title=title,
        held_on=fields.pop("held_on", date(2023, 6, 1)),
        place=place,
        responsible=responsible,
        created_by=responsible,
        **fields,
    )


def make_support(subproject, code, *, head_name="Nguyễn Thị Hoa", value=3_000_000):
    """An eligible in-kind support (chicks) of 01/06/2023 to a poor household's member born in 1990."""
    from projects.models import Support

    household = make_household(head_name, code=code, members=[{"date_of_birth": date(1990, 1, 1)}])
    make_decision(household, Status.POOR, date(2022, 1, 1))
    return Support.objects.create(
        subproject=subproject, household=household, member=household.members.last(), kind="in_kind", items="Giống gà",
        value=value, supported_on=date(2023, 6, 1), eligible=True, rule="r", created_by=make_user(),
    )  # fmt: skip


# --- Spreadsheets to import -------------------------------------------------------


def make_member_row(code="PH-001", **fields):
    """One row of a household import: a member of household `code` in group TDP1, the head by default."""
    values = {
        "Mã hộ": code,
        "Tổ dân phố": "TDP1",
        "Địa chỉ": "12 Lê Hồng Phong",
        "Khu vực": "Thành thị",
        "Họ và tên": "Trần Văn Bình",
        "Ngày sinh": "15/03/1980",
        "Giới tính": "Nam",
        "Quan hệ với chủ hộ": "Chủ hộ",
        "Số CCCD": "056080001234",
    }
    values.update(fields)
    return values


def make_family_rows(code="PH-001", cccd="056080001234"):
    """The three rows of a family: the head, his wife and their son, typed as officers type them."""
    return [
        make_member_row(code, **{"Số CCCD": cccd}),
        make_member_row(
            code,
            **{
                "Họ và tên": "Lê Thị Hoa",
                "Ngày sinh": date(1982, 9, 2),
                "Giới tính": "nữ",
                "Quan hệ với chủ hộ": "vo/chong",
                "Số CCCD": "",
            },
        ),
        make_member_row(
            code,
            **{
                "Họ và tên": "Trần Minh Khôi",
                "Ngày sinh": "2015-10-10",
                "Quan hệ với chủ hộ": "Con",
                "Số CCCD": "",
            },
        ),
    ]


def make_xlsx(rows, headers=None):
    """An .xlsx file of `rows` (dicts) under `headers` (the first row's keys by default).

    A value starting with "=" is typed text, as a user's spreadsheet keeps it, not a formula.
    """
    from openpyxl import Workbook

    headers = headers or list(rows[0].keys())
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_households(user, data, name="ho.xlsx", commit=False):
    """The household importer's report on `data`; nothing is saved unless `commit`."""
    from households.importers.households import HouseholdImporter

    return HouseholdImporter(user=user, commit=commit).run(name, data)


def error_codes(report):
    return sorted({error["code"] for error in report.errors})


def household_form_data(group, members, *, household=None, code="PH01-9001", **fields):
    """The household form with its members formset, as the page and the admin post it."""
    existing = list(household.members.order_by("pk")) if household else []
    data = {
        "code": household.code if household else code,
        "residential_group": group.pk,
        "address": "15 Lê Hồng Phong",
        "area_type": "urban",
        "phone": "",
        "note": "",
        "entered_on": "01/01/2020",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(len(existing)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, member in enumerate(members):
        values = {
            "full_name": "Trần Văn Bình",
            "date_of_birth": "15/03/1980",
            "sex": "M",
            "relation": "head",
            "ethnicity": "01",
            "citizen_id": "",
            "health_insurance": "on",
            **member,
        }
        if index < len(existing):
            values.update({"id": existing[index].pk, "household": household.pk})
        data.update({f"members-{index}-{key}": value for key, value in values.items()})
    return data
