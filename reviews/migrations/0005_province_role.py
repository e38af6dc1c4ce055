"""The province's standing agency: reads every commune as the Fatherland Front reads its own, writes nothing."""

from django.db import migrations

from giamngheo.roles import grant

PROVINCE = "Sở Nội vụ (tỉnh)"
SUPERVISION = "Mặt trận Tổ quốc (giám sát)"


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    province = Group.objects.get_or_create(name=PROVINCE)[0]
    province.permissions.set(Group.objects.get(name=SUPERVISION).permissions.all())
    grant(apps, {PROVINCE: ["giamngheo.view_province"]})


def drop_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PROVINCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_campaign_commune"),
        ("monitoring", "0007_report_commune"),
        ("budget", "0002_settlement_reopening"),
        ("projects", "0007_support_labour_contract"),
    ]
    operations = [migrations.RunPython(create_role, drop_role)]
