"""Who works the review: the social-affairs officer runs steps 1–4, leadership signs off 5 and 6, the Front reads."""

from django.db import migrations

from giamngheo.roles import grant

READ = [
    "reviews.view_campaign",
    "reviews.view_stepclosure",
    "reviews.view_request",
    "reviews.view_entry",
    "reviews.view_reviewer",
    "reviews.view_meeting",
    "reviews.view_vote",
    "reviews.view_posting",
    "reviews.view_complaint",
    "reviews.view_submission",
    "reviews.view_recognition",
    "reviews.view_outcome",
]

ROLES = {
    "Công chức LĐTBXH": READ + ["reviews.work_review"],
    "Lãnh đạo UBND": READ + ["reviews.sign_off_review"],
    "Mặt trận Tổ quốc (giám sát)": READ,
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("giamngheo", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
