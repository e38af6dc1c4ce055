"""Who may do what in the registry: URL by URL, role by role."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Household, Status
from tests.factories import make_decision, make_household, make_member, make_user

pytestmark = pytest.mark.django_db

ROLES = ["ldtbxh", "taichinh", "donvi", "lanhdao", "mattran"]
READERS = set(ROLES)
WRITERS = {"ldtbxh"}


@pytest.fixture
def household():
    return make_household(code="PH01-0001")


def urls(household):
    code = household.code
    return {
        "home": (reverse("home"), READERS),
        "list": (reverse("households:list"), READERS),
        "detail": (reverse("households:detail", args=[code]), READERS),
        "create": (reverse("households:create"), WRITERS),
        "edit": (reverse("households:edit", args=[code]), WRITERS),
        "assess": (reverse("households:assessment_create", args=[code]), WRITERS),
        "decide": (reverse("households:decision_create", args=[code]), WRITERS),
    }


@pytest.mark.parametrize("role", ROLES)
def test_get_access_matrix(client, household, role):
    client.force_login(make_user(role))
    for name, (url, allowed) in urls(household).items():
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, (name, role)


def test_anonymous_is_sent_to_login_everywhere(client, household):
    for name, (url, _allowed) in urls(household).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login"))


def test_user_without_a_role_sees_no_household(client, household):
    client.force_login(make_user())
    assert client.get(reverse("households:list")).status_code == 403
    assert client.get(reverse("home")).context["counts"] is None


@pytest.mark.parametrize("role", sorted(READERS - WRITERS))
def test_write_requests_from_readers_are_refused_and_change_nothing(client, household, role):
    client.force_login(make_user(role))
    before = list(Household.objects.values())
    for name, (url, allowed) in urls(household).items():
        if allowed == WRITERS:
            response = client.post(url, {"code": "HACK", "status": "poor", "number": "1"})
            assert response.status_code == 403, (name, role)
    assert list(Household.objects.values()) == before


def test_reviewer_gets_403_on_any_write_even_to_read_only_pages(client, household):
    client.force_login(make_user("mattran"))
    for url in [reverse("home"), reverse("households:list"), reverse("households:detail", args=[household.code])]:
        assert client.post(url).status_code == 403
        assert client.put(url).status_code == 403
        assert client.delete(url).status_code == 403


def test_reviewer_can_still_log_out_and_switch_language(client):
    client.force_login(make_user("mattran"))
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize(
    "role, sees_full_id, sees_health",
    [
        ("ldtbxh", True, True),
        ("lanhdao", True, True),
        ("donvi", False, True),
        ("taichinh", False, False),
        ("mattran", False, False),
    ],
)
def test_personal_data_is_masked_for_roles_that_do_not_need_it(client, household, role, sees_full_id, sees_health):
    make_member(household, citizen_id="056080001234", date_of_birth=date(1980, 3, 15), disability="severe")
    client.force_login(make_user(role))
    html = client.get(reverse("households:detail", args=[household.code])).content.decode()
    assert ("056080001234" in html) is sees_full_id
    assert ("056******234" in html) is not sees_full_id
    assert ("Khuyết tật nặng" in html or "Severe disability" in html) is sees_health


def test_out_of_scope_household_is_404_not_403(client):
    client.force_login(make_user("ldtbxh"))
    assert client.get(reverse("households:detail", args=["NO-SUCH"])).status_code == 404


def test_pages_with_personal_data_are_never_cached(client, household):
    client.force_login(make_user("ldtbxh"))
    response = client.get(reverse("households:detail", args=[household.code]))
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_page_query_count_does_not_grow_with_households(client):
    client.force_login(make_user("ldtbxh"))
    url = reverse("households:list")
    filtered = url + "?status=poor&priority=children&q=nguyen"
    child = {"date_of_birth": date(2018, 1, 1)}
    make_decision(make_household(code="Q0", members=[child]), Status.POOR, date(2023, 1, 1))
    few, few_filtered = count_queries(client, url), count_queries(client, filtered)
    for index in range(1, 60):
        household = make_household(code=f"Q{index}", members=[child, {}])
        make_decision(household, Status.POOR, date(2023, 1, 1))
    assert count_queries(client, url) == few
    assert count_queries(client, filtered) == few_filtered


def test_detail_page_query_count_does_not_grow_with_members_or_history(client):
    client.force_login(make_user("ldtbxh"))
    small = make_household(code="D1")
    big = make_household(code="D2", members=[{"full_name": f"Trần Văn {i}"} for i in range(8)])
    for year in (2022, 2023, 2024):
        make_decision(small, Status.POOR if year % 2 else Status.NEAR_POOR, date(year, 1, 1))
        make_decision(big, Status.POOR if year % 2 else Status.NEAR_POOR, date(year, 1, 1))
    make_decision(big, Status.NONE, date(2025, 1, 1))
    assert count_queries(client, reverse("households:detail", args=["D1"])) == count_queries(
        client, reverse("households:detail", args=["D2"])
    )
