"""The demo ward's places, signatories and logins: phường Phước Hải, merged into Nam Nha Trang on 01/07/2025."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group

from giamngheo.models import AdministrativeUnit, AreaType, ResidentialGroup, Signatory, User

DEMO_PASSWORD = "demo-giamngheo-2023"
MERGER_DAY = date(2025, 7, 1)
GROUPS = 10

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


@dataclass
class Ward:
    old: AdministrativeUnit
    new: AdministrativeUnit
    groups: list


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
