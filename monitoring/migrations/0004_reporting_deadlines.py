"""Reporting deadlines as data, seeded with Thông tư 10/2022/TT-BLĐTBXH Art. 4.2(a).

The ward (a locality's agency) sends within 15 working days after the period to the standing
agency at its own level: these rows apply. The province's own deadlines to the ministries
("before 1 June", "before 1 December", of the period's year) are kept for reference and do not
apply to the ward. A province that sets earlier dates for its communes is one more applying row:
the earliest applying date wins. A submitted report keeps the due date it had (submitted_due_on).
"""

import django.core.validators
from django.db import migrations, models

SOURCE = "Thông tư 10/2022/TT-BLĐTBXH, Điều 4 khoản 2 điểm a"
WARD = "Cơ quan thường trực Chương trình cùng cấp (cấp xã)"
PROVINCE = "Bộ chủ quản Chương trình, Bộ Kế hoạch và Đầu tư, Bộ Tài chính (báo cáo của UBND tỉnh)"
DEADLINES = [
    {"recipient": WARD, "period": "half_year", "working_days": 15, "applies": True},
    {"recipient": WARD, "period": "year", "working_days": 15, "applies": True},
    {"recipient": PROVINCE, "period": "half_year", "due_day": 31, "due_month": 5, "applies": False},
    {"recipient": PROVINCE, "period": "year", "due_day": 30, "due_month": 11, "applies": False},
]


def seed(apps, schema_editor):
    ReportingDeadline = apps.get_model("monitoring", "ReportingDeadline")
    for row in DEADLINES:
        ReportingDeadline.objects.create(source=SOURCE, **row)


def unseed(apps, schema_editor):
    apps.get_model("monitoring", "ReportingDeadline").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0003_holiday_working_day'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='submitted_due_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='due date when submitted'),
        ),
        migrations.CreateModel(
            name='ReportingDeadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient', models.CharField(max_length=200, verbose_name='sent to')),
                ('period', models.CharField(choices=[('half_year', 'Six months'), ('year', 'Year')], max_length=10, verbose_name='period')),
                ('working_days', models.PositiveSmallIntegerField(blank=True, help_text='Either this, or a fixed day and month.', null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='working days after the period')),
                ('due_day', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='day')),
                ('due_month', models.PositiveSmallIntegerField(blank=True, help_text='The last day the report may be sent: "before 1 June" is 31/05.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                ('year_offset', models.PositiveSmallIntegerField(default=0, help_text="For a fixed day: 0 in the period's own year, 1 in the following year.", validators=[django.core.validators.MaxValueValidator(1)], verbose_name='year after the period')),
                ('source', models.CharField(max_length=300, verbose_name='legal source')),
                ('applies', models.BooleanField(default=True, help_text="The ward's reports are due by the earliest of the deadlines that apply to their period.", verbose_name='applies to the ward')),
            ],
            options={
                'verbose_name': 'reporting deadline',
                'verbose_name_plural': 'reporting deadlines',
                'ordering': ['-applies', 'period', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('due_day__isnull', True), ('due_month__isnull', True), ('working_days__isnull', False)), models.Q(('due_day__isnull', False), ('due_month__isnull', False), ('working_days__isnull', True)), _connector='OR'), name='reportingdeadline_one_rule')],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
