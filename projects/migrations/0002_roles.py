"""What each role may do with the sub-projects."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = [
    "projects.view_program",
    "projects.view_plan",
    "projects.view_plantarget",
    "projects.view_subproject",
    "projects.view_assignment",
    "projects.view_activity",
    "projects.view_support",
    "giamngheo.view_unit",
]
RECORD = ["projects.add_activity", "projects.change_activity", "projects.add_support"]

ROLES = {
    "Công chức LĐTBXH": READ
    + RECORD
    + ["projects.view_all_subprojects", "projects.edit_all_subprojects", "projects.override_eligibility"],
    "Công chức Tài chính – Kế hoạch": READ + ["projects.view_all_subprojects"],
    # Scoped: no programme-wide permission, so for_user()/editable_by() keep them to their unit's.
    "Đơn vị chủ trì": READ + RECORD + ["projects.edit_own_subprojects"],
    "Lãnh đạo UBND": READ + ["projects.view_all_subprojects"],
    "Mặt trận Tổ quốc (giám sát)": READ + ["projects.view_all_subprojects"],
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
    dependencies = [("projects", "0001_initial"), ("giamngheo", "0002_roles"), ("giamngheo", "0003_units")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
