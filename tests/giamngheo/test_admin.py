"""Reference tables go in and out of the admin as spreadsheets (django-import-export)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_group, make_user

pytestmark = pytest.mark.django_db


def test_admin_export_of_residential_groups_downloads_their_names(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    make_group(name="Tổ dân phố Hòn Rớ")
    url = reverse("admin:giamngheo_residentialgroup_export")
    form = client.get(url).context["form"]
    csv = next(value for value, label in form.fields["format"].choices if label == "csv")
    chosen = {name: "on" for name in form.fields if name.startswith("residentialgroupresource_")}
    response = client.post(url, {"format": csv, "resource": "0", **chosen})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="to-dan-pho-{timezone.localdate():%Y-%m-%d}.csv"' in response["Content-Disposition"]
    assert "Tổ dân phố Hòn Rớ" in response.content.decode()


REFERENCE_TABLES = [
    "giamngheo_administrativeunit",
    "giamngheo_residentialgroup",
    "households_deprivationindicator",
    "monitoring_holiday",
    "monitoring_reportingdeadline",
]


@pytest.mark.parametrize("model", REFERENCE_TABLES)
def test_admin_offers_import_and_export_for_each_reference_table(client, model):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    for view in ("changelist", "import", "export"):
        assert client.get(reverse(f"admin:{model}_{view}")).status_code == 200
