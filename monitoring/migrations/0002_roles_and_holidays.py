"""Who drafts and submits reports, and the fixed public holidays (Bộ luật Lao động 2019, Art. 112).

Tết and Hùng Kings' day follow the lunar calendar: the admin adds them each year.
"""

from datetime import date

from django.db import migrations

from giamngheo.roles import grant

READ = ["monitoring.view_report", "monitoring.view_holiday"]
ROLES = {
    "Công chức LĐTBXH": READ + ["monitoring.add_report", "monitoring.change_report", "monitoring.submit_report"],
    "Lãnh đạo UBND": READ + ["monitoring.submit_report"],
    "Công chức Tài chính – Kế hoạch": READ,
    "Đơn vị chủ trì": READ,
    "Mặt trận Tổ quốc (giám sát)": READ,
}
FIXED = [((1, 1), "Tết Dương lịch"), ((4, 30), "Ngày Chiến thắng"), ((5, 1), "Ngày Quốc tế Lao động"),
         ((9, 2), "Quốc khánh")]  # fmt: skip


def forward(apps, schema_editor):
    grant(apps, ROLES)
    Holiday = apps.get_model("monitoring", "Holiday")
    for year in range(2022, 2036):
        for (month, day), name in FIXED:
            Holiday.objects.get_or_create(day=date(year, month, day), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_reports"), ("giamngheo", "0002_roles")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
