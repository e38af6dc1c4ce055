"""The support and payment forms find a household by a name or a code, and the name stays out of every URL."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_allocation, make_household, make_officer, make_user

pytestmark = pytest.mark.django_db

LOOKUP = reverse("households:lookup")


@pytest.fixture
def households(group):
    return [
        make_household("Nguyễn Thị Hoa", code="PH01-0001", group=group, address="12 Lê Hồng Phong"),
        make_household("Phạm Văn Hòa", code="PH01-0002", group=group, address="3 Trần Phú"),
        make_household("Lê Văn Bình", code="PH02-0001", group=group, address="7 Hùng Vương"),
    ]


def codes(response):
    return [row["code"] for row in response.json()["results"]]


def test_name_typed_without_accents_finds_the_household(client, officer, households):
    response = client.post(LOOKUP, {"q": "nguyen thi"})
    assert response.status_code == 200
    assert codes(response) == ["PH01-0001"]
    label = response.json()["results"][0]["label"]
    assert "Nguyễn Thị Hoa" in label and "12 Lê Hồng Phong" in label


def test_code_prefix_finds_the_households(client, officer, households):
    assert set(codes(client.post(LOOKUP, {"q": "PH01"}))) == {"PH01-0001", "PH01-0002"}


def test_one_letter_asks_for_more(client, officer, households):
    assert codes(client.post(LOOKUP, {"q": "n"})) == []


def test_lookup_is_never_a_get(client, officer, households):
    assert client.get(LOOKUP, {"q": "hoa"}).status_code == 405


def test_lookup_needs_the_csrf_token(officer, households):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(LOOKUP, {"q": "hoa"}).status_code == 403


def test_lookup_shows_only_households_the_user_may_see(client, households):
    client.force_login(make_user())
    assert codes(client.post(LOOKUP, {"q": "hoa"})) == []


def test_lookup_needs_a_login(households):
    response = Client().post(LOOKUP, {"q": "hoa"})
    assert response.status_code == 302
    assert "hoa" not in response["Location"]


def test_support_form_offers_the_lookup_on_its_household_box(client, nutrition, health_officer):
    client.force_login(health_officer)
    page = client.get(reverse("projects:support_create", args=[nutrition.pk])).content.decode()
    assert f'data-lookup-url="{LOOKUP}"' in page
    assert 'list="id_household-options"' in page
    assert '<datalist id="id_household-options"></datalist>' in page
    assert "js/lookup.js" in page


def test_payment_form_offers_the_lookup_on_its_household_box(client, plan):
    client.force_login(make_officer("taichinh", "finance"))
    line = make_allocation(plan.subprojects.get(official_code="DA3-TDA1"))
    page = client.get(reverse("budget:disbursement_create", args=[line.pk])).content.decode()
    assert f'data-lookup-url="{LOOKUP}"' in page
    assert '<datalist id="id_payee_household-options"></datalist>' in page
