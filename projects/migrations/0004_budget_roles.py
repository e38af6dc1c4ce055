"""The finance officer keeps the money; everyone else reads the lines they may see."""

from django.db import migrations

from giamngheo.roles import grant

MONEY = ["allocation", "adjustment", "disbursement", "settlement"]
READ = [f"projects.view_{model}" for model in MONEY]

ROLES = {
    "Công chức Tài chính – Kế hoạch": READ + [f"projects.add_{model}" for model in MONEY],
    "Công chức LĐTBXH": READ,
    "Đơn vị chủ trì": READ,
    "Lãnh đạo UBND": READ,
    "Mặt trận Tổ quốc (giám sát)": READ,
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_budget")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
