"""Holiday rows become the ward's exceptions: the national calendar comes from the `holidays` package.

The fixed days 0002 seeded are in that calendar too; they are kept (a day off the calendar
already gives changes nothing), so that an upgrade keeps every row.
"""

from django.db import migrations, models


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
    ]
