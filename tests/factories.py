"""make_* helpers with Vietnamese defaults (djangoproject.com style, no factory_boy)."""

import itertools
from datetime import date

from django.contrib.auth.models import Group, Permission

from giamngheo.models import AdministrativeUnit, AreaType, ResidentialGroup, User
from giamngheo.text import name_sort_key
from households import services
from households.models import Household, Member, Review

_serial = itertools.count(1)

ROLE_GROUPS = {
    "ldtbxh": "Công chức LĐTBXH",
    "taichinh": "Công chức Tài chính – Kế hoạch",
    "donvi": "Đơn vị chủ trì",
    "lanhdao": "Lãnh đạo UBND",
    "mattran": "Mặt trận Tổ quốc (giám sát)",
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


def make_group(unit=None, **fields):
    unit = unit or make_ward()
    number = next(_serial)
    return ResidentialGroup.objects.create(
        unit=unit, code=fields.pop("code", f"TDP{number}"), name=fields.pop("name", f"Tổ dân phố {number}"), **fields
    )


def make_household(head_name="Nguyễn Thị Hoa", *, group=None, members=(), area_type=AreaType.URBAN, **fields):
    """A household whose head is `head_name`; `members` are extra Member field dicts."""
    household = Household.objects.create(
        code=fields.pop("code", f"HH{next(_serial):05d}"),
        residential_group=group or make_group(),
        address=fields.pop("address", "12 Lê Hồng Phong"),
        area_type=area_type,
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
    return Member.objects.create(household=household, **{**defaults, **fields})


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

    ward = ward or make_ward(valid_from=None)
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
