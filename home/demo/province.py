"""A second commune of the demo province and the province's login, to show one installation serving many.

Phường Bắc Nha Trang is invented in size and people like the rest of the demo; its officer
sees only it, the province's reader sees both communes and their roll-up.
"""

from datetime import date

from django.contrib.auth.models import Group

from giamngheo.models import AdministrativeUnit, AreaType, ResidentialGroup, Signatory, Unit, User
from home.demo.people import build_households
from home.demo.ward import DEMO_PASSWORD, GROUPS, MERGER_DAY, Ward
from households import services
from households.status import Status

PROVINCE_USERS = [
    # username, full name, position, role, unit code (in the second commune) or None
    ("ldtbxh_bnt", "Hồ Thị Lan", "Công chức Văn hóa – Xã hội", "Công chức LĐTBXH", "labour-social"),
    ("sonoivu", "Ngô Văn Tỉnh", "Chuyên viên Sở Nội vụ tỉnh Khánh Hòa", "Sở Nội vụ (tỉnh)", None),
]


def build_second_commune(rng, people, households: int) -> dict:
    """The commune, its households and decisions, and the logins of PROVINCE_USERS."""
    province = AdministrativeUnit.objects.get(level="province", code="DEMO-56")
    commune = AdministrativeUnit.objects.create(
        code="DEMO-BNT", name="Phường Bắc Nha Trang", level="commune", kind="phuong", parent=province,
        area_type=AreaType.URBAN, valid_from=MERGER_DAY, served=True,
    )  # fmt: skip
    Signatory.objects.create(
        unit=commune, full_name="Lê Quang Vinh", position="Chủ tịch", capacity="TM. ỦY BAN NHÂN DÂN",
        valid_from=MERGER_DAY,
    )  # fmt: skip
    groups = [
        ResidentialGroup.objects.create(unit=commune, code=f"BN{n:02d}", name=f"Tổ dân phố Bắc Nha Trang {n}")
        for n in range(1, GROUPS + 1)
    ]
    Unit.objects.create(code="labour-social", name="Công chức Văn hóa – Xã hội", kind="labour_social", ward=commune)
    users = build_province_users(commune)
    created, hardship = build_households(Ward(commune, commune, groups), households, rng, people, prefix="BN")
    # One periodic review's worth of decisions (the list of 2026), recorded as the register page records them.
    for number, household in enumerate(created, start=1):
        if household.left_on is not None:
            continue
        draw = rng.random()
        status = Status.POOR if hardship[number - 1] or draw < 0.01 else Status.NEAR_POOR if draw < 0.04 else None
        if status:
            services.record_decision(
                household=household, status=status, effective_on=date(2026, 1, 1), number=f"{number}/QĐ-UBND",
                signed_on=date(2025, 12, 20), signer="Chủ tịch Lê Quang Vinh", by=users["ldtbxh_bnt"],
            )  # fmt: skip
    return users


def build_province_users(commune: AdministrativeUnit) -> dict:
    users = {}
    for username, full_name, position, role, unit_code in PROVINCE_USERS:
        unit = Unit.objects.get(code=unit_code, ward=commune) if unit_code else None
        user = User(username=username, full_name=full_name, position=position, unit=unit)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users
