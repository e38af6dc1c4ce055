"""Holiday rows become the ward's exceptions: the national calendar comes from the `holidays` package.

The fixed days 0002 seeded are in that calendar (with their days in lieu, which the rows
lacked), so the untouched seeded rows go; rows the ward added stay.
"""

from django.db import migrations, models

SEEDED = {(1, 1, "Tết Dương lịch"), (4, 30, "Ngày Chiến thắng"), (5, 1, "Ngày Quốc tế Lao động"), (9, 2, "Quốc khánh")}


def drop_seeded_days(apps, schema_editor):
    Holiday = apps.get_model("monitoring", "Holiday")
    seeded = [row.pk for row in Holiday.objects.all() if (row.day.month, row.day.day, row.name) in SEEDED]
    Holiday.objects.filter(pk__in=seeded).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0002_roles_and_holidays'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='holiday',
            options={'ordering': ['day'], 'verbose_name': 'day off or working day', 'verbose_name_plural': 'days off and working days'},
        ),
        migrations.AddField(
            model_name='holiday',
            name='working_day',
            field=models.BooleanField(default=False, help_text='Tick for a day worked although the national calendar has it off, such as a swapped Saturday.', verbose_name='working day'),
        ),
        migrations.RunPython(drop_seeded_days, migrations.RunPython.noop),
    ]
