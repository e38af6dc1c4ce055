"""Who may do what with the sub-projects, URL by URL; and the lists' query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.models import Unit
from households.models import Status
from projects.models import Activity, Support
from tests.factories import OFFICERS, make_decision, make_household, make_officer, make_user

pytestmark = pytest.mark.django_db

# name -> (url kind, who gets 200; the others get the code noted)
EXPECTED = {
    "list": {"ldtbxh": 200, "tramyte": 200, "hoinongdan": 200, "taichinh": 200, "lanhdao": 200, "mattran": 200},
    "detail": {"ldtbxh": 200, "tramyte": 200, "hoinongdan": 404, "taichinh": 200, "lanhdao": 200, "mattran": 200},
    "candidates": {"ldtbxh": 200, "tramyte": 200, "hoinongdan": 404, "taichinh": 200, "lanhdao": 200, "mattran": 200},
    "activity": {"ldtbxh": 200, "tramyte": 200, "hoinongdan": 404, "taichinh": 403, "lanhdao": 403, "mattran": 403},
    "support": {"ldtbxh": 200, "tramyte": 200, "hoinongdan": 404, "taichinh": 403, "lanhdao": 403, "mattran": 403},
}


def urls(subproject):
    return {
        "list": reverse("projects:subproject_list"),
        "detail": reverse("projects:subproject_detail", args=[subproject.pk]),
        "candidates": reverse("projects:candidate_list", args=[subproject.pk]),
        "activity": reverse("projects:activity_create", args=[subproject.pk]),
        "support": reverse("projects:support_create", args=[subproject.pk]),
    }


@pytest.mark.parametrize("who", list(OFFICERS))
def test_url_access_matrix_for_the_nutrition_sub_project(client, nutrition, who):
    role, unit = OFFICERS[who]
    client.force_login(make_officer(role, unit))
    for name, url in urls(nutrition).items():
        assert client.get(url).status_code == EXPECTED[name][who], (name, who)


def test_lead_unit_sees_only_its_own_sub_projects(client, plan):
    client.force_login(make_officer("donvi", "health-station"))
    listed = client.get(reverse("projects:subproject_list")).context["subprojects"]
    assert [s.official_code for s in listed] == ["DA3-TDA2"]


@pytest.mark.parametrize("who", ["taichinh", "lanhdao", "mattran"])
def test_readers_cannot_record_anything(client, nutrition, who):
    role, unit = OFFICERS[who]
    client.force_login(make_officer(role, unit))
    for name in ("activity", "support"):
        assert client.post(urls(nutrition)[name], {"title": "x"}).status_code == 403
    assert not Activity.objects.exists() and not Support.objects.exists()


def test_reviewer_page_offers_no_way_to_record(client, nutrition):
    client.force_login(make_officer("mattran", "fatherland-front"))
    html = client.get(urls(nutrition)["detail"]).content.decode()
    assert urls(nutrition)["support"] not in html
    assert urls(nutrition)["activity"] not in html


def test_user_without_a_unit_or_role_sees_no_sub_project(client, plan):
    client.force_login(make_user())
    assert client.get(reverse("projects:subproject_list")).status_code == 403


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_supports(subproject, officer, count, start):
    activity = Activity.objects.create(
        subproject=subproject, kind="school_nutrition", title="Bữa ăn", held_on=date(2023, 5, 1), place="Trường",
        responsible=officer, created_by=officer,
    )  # fmt: skip
    for index in range(start, start + count):
        household = make_household(code=f"Q{index}", members=[{"date_of_birth": date(2014, 1, 1)}])
        make_decision(household, Status.POOR, date(2022, 1, 1))
        Support.objects.create(
            subproject=subproject, activity=activity, household=household, member=household.members.last(),
            kind="service", items="Suất ăn", value=300_000, supported_on=date(2023, 5, 1), eligible=True, rule="r",
            created_by=officer,
        )  # fmt: skip


def test_list_detail_and_candidate_pages_use_constant_queries(client, nutrition):
    officer = make_officer("ldtbxh", "labour-social")
    client.force_login(officer)
    add_supports(nutrition, officer, 2, 0)
    pages = [reverse("projects:subproject_list"), *list(urls(nutrition).values())[1:3]]
    before = [queries(client, url) for url in pages]
    add_supports(nutrition, officer, 25, 10)
    assert [queries(client, url) for url in pages] == before


def test_the_province_chooses_a_plan_by_its_commune_and_each_shows_its_own_sub_projects(client):
    from django.contrib.auth.models import Group

    from tests.factories import make_plan, make_ward

    first, second = make_plan(make_ward("Phường Một", code="P1")), make_plan(make_ward("Xã Hai", code="P2"))
    reader = make_user(username="province")
    reader.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    client.force_login(reader)
    page = client.get(reverse("projects:subproject_list"))
    html = page.content.decode()
    # Both plans are 538/KH-UBND of 2023: only the commune tells them apart.
    assert (
        f'<option value="{first.pk}" selected>Phường Một – ' in html
        and f'<option value="{second.pk}">Xã Hai – ' in html
    )
    for plan in (first, second):
        shown = client.get(reverse("projects:subproject_list"), {"plan": plan.pk}).context
        assert shown["plan"] == plan
        assert {s.plan_id for s in shown["subprojects"]} == {plan.pk} and len(shown["subprojects"]) == 7
    # An officer of one commune naming the other's plan gets their own.
    client.force_login(
        make_user(
            "ldtbxh", unit=Unit.objects.create(code="ls-p1", ward=first.ward, name="LĐTBXH", kind="labour_social")
        )
    )
    assert client.get(reverse("projects:subproject_list"), {"plan": second.pk}).context["plan"] == first
