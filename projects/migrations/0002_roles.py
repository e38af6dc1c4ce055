"""What each role may do with the sub-projects."""

from django.db import migrations

from giamngheo.roles import grant

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


def grant_roles(apps, schema_editor):
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("giamngheo", "0002_roles"), ("giamngheo", "0003_units")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
