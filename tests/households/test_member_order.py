"""The head of household first, then by relation to the head, then eldest first: on every page, form and export."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from households.models import Member
from projects.forms import SupportForm
from tests.factories import make_household

pytestmark = pytest.mark.django_db

FAMILY = [
    {"full_name": "Trần Văn Út", "relation": "grandchild", "date_of_birth": date(2018, 1, 1)},
    {"full_name": "Trần Văn Cả", "relation": "child", "date_of_birth": date(1992, 1, 1)},
    {"full_name": "Lê Thị Mẹ", "relation": "parent", "date_of_birth": date(1945, 1, 1)},
    {"full_name": "Trần Văn Chồng", "relation": "spouse", "date_of_birth": date(1968, 1, 1)},
    {"full_name": "Trần Thị Hai", "relation": "child", "date_of_birth": date(1995, 1, 1)},
]
EXPECTED = ["Nguyễn Thị Hoa", "Trần Văn Chồng", "Trần Văn Cả", "Trần Thị Hai", "Trần Văn Út", "Lê Thị Mẹ"]


@pytest.fixture
def household(group):
    # The head (born 1970) is younger than her mother-in-law: age alone would put her second.
    return make_household(code="PH-300", group=group, members=FAMILY)


def test_head_first_orders_by_relation_then_eldest(household):
    assert [m.full_name for m in household.members.head_first()] == EXPECTED


def test_household_page_lists_the_head_first(client, officer, household):
    response = client.get(reverse("households:detail", args=[household.code]))
    assert [m.full_name for m in response.context["members"]] == EXPECTED


def test_edit_form_lists_the_head_first(client, officer, household):
    response = client.get(reverse("households:edit", args=[household.code]))
    assert [f.instance.full_name for f in response.context["formset"].forms] == EXPECTED


def test_export_lists_the_head_first(client, officer, household):
    response = client.get(reverse("households:export") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    names = [row[rows[0].index("Họ và tên")] for row in rows[1:]]
    assert names == EXPECTED


def test_support_form_offers_the_head_first(officer, household, nutrition):
    form = SupportForm(data={"household": household.code}, subproject=nutrition, user=officer)
    assert [m.full_name for m in form.member_choices] == EXPECTED
    assert Member.objects.count() == len(EXPECTED)
