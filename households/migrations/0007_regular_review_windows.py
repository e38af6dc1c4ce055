# Regular reviews stored with the old rule (15th + 15 days) left days that no review
# covered (31/12, 31/01, ...). Widen each untouched one to the next review's eve, as
# Review.period now gives it; a review whose dates were corrected by hand is left alone.

import calendar
from datetime import date, timedelta

from django.db import migrations


def next_review_eve(start: date) -> date:
    if start.month == 8:
        return date(start.year, 8, 31)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1])) - timedelta(days=1)


def widen(apps, schema_editor):
    Review = apps.get_model("households", "Review")
    for review in Review.objects.filter(kind="regular"):
        if review.month in (9, 10, 11) or review.ends_on != review.starts_on + timedelta(days=15):
            continue
        review.ends_on = next_review_eve(review.starts_on)
        review.save(update_fields=["ends_on"])


class Migration(migrations.Migration):
    dependencies = [("households", "0006_importbatch_moved_to_imports")]

    operations = [migrations.RunPython(widen, migrations.RunPython.noop)]
