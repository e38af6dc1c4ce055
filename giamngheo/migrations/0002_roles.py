"""The roles of the ward, as groups holding exactly the permissions each needs."""

from django.db import migrations

from giamngheo.roles import grant

REGISTRY_READ = [
    "households.view_household",
    "households.view_member",
    "households.view_assessment",
    "households.view_statusdecision",
    "households.view_review",
    "households.view_povertystandard",
    "households.view_deprivationindicator",
    "giamngheo.view_administrativeunit",
    "giamngheo.view_residentialgroup",
]

ROLES = {
    "Công chức LĐTBXH": REGISTRY_READ
    + [
        "households.add_household",
        "households.change_household",
        "households.delete_household",
        "households.add_member",
        "households.change_member",
        "households.delete_member",
        "households.add_assessment",
        "households.add_statusdecision",
        "households.add_review",
        "households.view_citizen_id",
        "households.view_health_data",
    ],
    "Công chức Tài chính – Kế hoạch": REGISTRY_READ,
    "Đơn vị chủ trì": REGISTRY_READ + ["households.view_health_data"],
    "Lãnh đạo UBND": REGISTRY_READ + ["households.view_citizen_id", "households.view_health_data"],
    "Mặt trận Tổ quốc (giám sát)": REGISTRY_READ + ["giamngheo.read_only_access"],
}


def create_roles(apps, schema_editor):
    grant(apps, ROLES, create_groups=True)


class Migration(migrations.Migration):
    dependencies = [
        ("giamngheo", "0001_initial"),
        ("households", "0002_poverty_standards"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
