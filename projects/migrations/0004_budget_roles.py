"""The finance officer keeps the money; everyone else reads the lines they may see."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MONEY = ["allocation", "adjustment", "disbursement", "settlement"]
READ = [f"projects.view_{model}" for model in MONEY]

ROLES = {
    "Công chức Tài chính – Kế hoạch": READ + [f"projects.add_{model}" for model in MONEY],
    "Công chức LĐTBXH": READ,
    "Đơn vị chủ trì": READ,
    "Lãnh đạo UBND": READ,
    "Mặt trận Tổ quốc (giám sát)": READ,
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group = Group.objects.get(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_budget")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
