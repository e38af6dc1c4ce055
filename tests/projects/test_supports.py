"""Recording activities and supports: the verdict, the override and every refusal."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from households.models import Household, Status
from projects import services
from projects.models import Activity, Support
from tests.factories import make_activity, make_child_household, make_decision, make_household, make_officer, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def intervention(nutrition, health_officer):
    return make_activity(nutrition, health_officer)


def child_household(status, code, born=date(2020, 1, 1)):
    household = make_child_household(status, code, born)
    return household, household.members.get(full_name="Trần Bé Na")


def support_data(household, member, activity, **fields):
    return {
        "household": household.code,
        "member": member.pk,
        "activity": activity.pk,
        "kind": "in_kind",
        "items": "Vi chất dinh dưỡng",
        "quantity": "1",
        "value": "450.000",
        "supported_on": "01/06/2023",
        "override_reason": "",
        "note": "",
        **fields,
    }


def test_health_station_records_nutrition_for_a_child_under_5_of_a_near_poor_household(
    client, nutrition, health_officer, intervention
):
    household, child = child_household(Status.NEAR_POOR, "N1")
    client.force_login(health_officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    check = client.post(url, {**support_data(household, child, intervention), "check": "1"})
    assert check.context["verdict"].eligible is True
    assert not Support.objects.exists()
    response = client.post(url, {**support_data(household, child, intervention), "save": "1"})
    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.eligible, support.value, support.created_by) == (True, 450_000, health_officer)
    assert support.rule.startswith("DA3-TDA2")
    page = client.get(household.get_absolute_url())
    assert [list(panel["supports"]) for panel in page.context["panels"]] == [[support]]


def test_child_of_a_non_poor_household_is_refused_with_the_reason(client, nutrition, health_officer, intervention):
    household, child = child_household(Status.NONE, "N2")
    client.force_login(health_officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    response = client.post(url, {**support_data(household, child, intervention), "save": "1"})
    assert response.status_code == 200
    assert response.context["verdict"].eligible is False
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["not_eligible"]
    assert [reason.code for reason in response.context["verdict"].reasons] == ["intervention_not_listed"]
    assert not Support.objects.exists()


def test_officer_with_the_permission_overrides_with_a_written_justification(client, nutrition, intervention):
    officer = make_officer("ldtbxh", "labour-social")
    household, child = child_household(Status.NONE, "N3")
    client.force_login(officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    data = support_data(household, child, intervention)
    response = client.post(url, {**data, "save": "1"})
    assert "justification_required" in [e.code for e in response.context["form"].errors.as_data()["override_reason"]]
    assert not Support.objects.exists()
    response = client.post(url, {**data, "override_reason": "Hộ vừa mất nguồn thu nhập, chờ rà soát", "save": "1"})
    assert response.status_code == 302
    support = Support.objects.get()
    assert support.eligible is False
    assert support.override_reason == "Hộ vừa mất nguồn thu nhập, chờ rà soát"
    assert support.eligibility_reasons
    detail = client.get(nutrition.get_absolute_url()).content.decode()
    assert "Hộ vừa mất nguồn thu nhập" in detail


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"supported_on": "01/06/2024"}, "supported_on", "outside_plan_year"),
        ({"value": "-450000"}, "value", "money_negative"),
        ({"household": "NO-SUCH"}, "household", "household_unknown"),
    ],
)
def test_bad_support_is_refused_and_nothing_is_saved(
    client, nutrition, health_officer, intervention, change, field, code
):
    household, child = child_household(Status.NEAR_POOR, "N4")
    client.force_login(health_officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    response = client.post(url, {**support_data(household, child, intervention), **change, "save": "1"})
    assert code in [e.code for e in response.context["form"].errors.as_data()[field]]
    assert not Support.objects.exists()


def test_person_outside_the_household_is_refused(client, nutrition, health_officer, intervention):
    household, _child = child_household(Status.NEAR_POOR, "N5")
    _other, stranger = child_household(Status.NEAR_POOR, "N6")
    client.force_login(health_officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    response = client.post(url, {**support_data(household, stranger, intervention), "save": "1"})
    assert "member_not_in_household" in [e.code for e in response.context["form"].errors.as_data()["member"]]
    assert not Support.objects.exists()


def test_person_born_after_the_support_date_is_refused(client, nutrition, health_officer, intervention):
    household, child = child_household(Status.NEAR_POOR, "N8", born=date(2023, 7, 1))
    client.force_login(health_officer)
    url = reverse("projects:support_create", args=[nutrition.pk])
    response = client.post(url, {**support_data(household, child, intervention), "save": "1"})
    assert "born_after_support" in [e.code for e in response.context["form"].errors.as_data()["member"]]
    assert not Support.objects.exists()


def test_service_refuses_a_unit_outside_its_sub_project(plan, intervention):
    farmer = make_officer("donvi", "farmers")
    household, child = child_household(Status.NEAR_POOR, "N7")
    with pytest.raises(Exception) as error:
        services.record_support(
            subproject=intervention.subproject,
            household=household,
            member=child,
            activity=intervention,
            kind="in_kind",
            items="x",
            quantity=1,
            value=1,
            supported_on=date(2023, 6, 1),
            by=farmer,
        )
    assert error.value.code == "not_your_subproject"


def test_recently_escaped_window_decides_school_nutrition(plan, health_officer):
    school = make_activity(
        plan.subprojects.get(official_code="DA3-TDA2"),
        health_officer,
        kind=Activity.Kind.SCHOOL_NUTRITION,
        title="Bữa ăn học đường",
        place="Trường",
    )
    household, child = child_household(Status.NONE, "E1", born=date(2012, 1, 1))
    make_decision(household, Status.POOR, date(2019, 1, 10))
    make_decision(household, Status.NONE, date(2020, 6, 2))

    def verdict(day):
        return services.check_eligibility(
            subproject=school.subproject, household=household, member=child, day=day, kind="service", activity=school
        )

    assert verdict(date(2023, 6, 1)).eligible is True  # 35 months and 30 days after the escape
    assert verdict(date(2023, 6, 2)).eligible is False  # 36 months: no longer recently escaped


def test_activity_outside_the_plan_year_is_refused(client, nutrition, health_officer):
    client.force_login(health_officer)
    response = client.post(
        reverse("projects:activity_create", args=[nutrition.pk]),
        {
            "kind": "nutrition_intervention",
            "title": "Cân đo trẻ",
            "held_on": "10/01/2024",
            "place": "Trạm Y tế",
            "responsible": health_officer.pk,
            "participants": "10",
            "participants_female": "12",
        },
    )
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["held_on"]] == ["outside_plan_year"]
    assert [e.code for e in errors["participants_female"]] == ["women_over_total"]
    assert not Activity.objects.exists()


def test_candidates_are_eligible_unsupported_and_ranked_by_priority(client, nutrition, health_officer, intervention):
    plain, _ = child_household(Status.NEAR_POOR, "C1")
    merit = make_household(code="C2", members=[{"date_of_birth": date(2019, 1, 1)}, {"merit": "person"}])
    make_decision(merit, Status.NEAR_POOR, date(2022, 1, 10))
    supported, child = child_household(Status.NEAR_POOR, "C3")
    Support.objects.create(
        subproject=nutrition, household=supported, member=child, kind="in_kind", items="x", value=1,
        supported_on=date(2023, 3, 1), eligible=True, rule="r", created_by=health_officer,
    )  # fmt: skip
    child_household(Status.NONE, "C4")
    client.force_login(health_officer)
    response = client.get(reverse("projects:candidate_list", args=[nutrition.pk]))
    codes = [c.household.code for c in response.context["candidates"]]
    assert codes[0] == "C2" and "C1" in codes
    assert "C3" not in [c.household.code for c in response.context["candidates"] if c.member == child]
    assert "C4" not in codes
    export = client.get(reverse("projects:candidate_list", args=[nutrition.pk]), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_plan_loads_the_seven_sub_projects_and_loading_twice_changes_nothing(plan):
    from projects.models import Assignment, SubProject

    assert [s.local_code for s in plan.subprojects.order_by("order")] == ["2", "3.1", "3.2", "4.1", "4.2", "7.1", "7.2"]
    ward_label = plan.subprojects.get(local_code="4.2")
    assert ward_label.official_code == "DA4-TDA3"
    assert [u.code for u in plan.subprojects.get(local_code="3.1").lead_units()] == ["farmers"]
    assert [t.low for t in plan.targets.order_by("indicator")] == [Decimal("10"), Decimal("0.17")]
    counts = (SubProject.objects.count(), Assignment.objects.count())
    make_plan(plan.ward)
    assert (SubProject.objects.count(), Assignment.objects.count()) == counts


def test_candidate_export_masks_citizen_ids_for_roles_without_the_right(client, nutrition, health_officer):
    household, child = child_household(Status.NEAR_POOR, "X1")
    child.citizen_id = "056320123456"
    child.save()
    url = reverse("projects:candidate_list", args=[nutrition.pk])
    client.force_login(health_officer)
    masked = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "056******456" in masked and "056320123456" not in masked
    client.force_login(make_officer("ldtbxh", "labour-social"))
    assert "056320123456" in client.get(url, {"format": "csv"}).content.decode("utf-8-sig")


def test_an_escape_on_29_february_leaves_the_window_with_february(plan):
    household, child = child_household(Status.NONE, "E29")
    make_decision(household, Status.POOR, date(2019, 1, 10))
    make_decision(household, Status.NONE, date(2020, 2, 29))

    def recently_escaped(day):
        return services.facts_on(household, child, day, "other").recently_escaped

    assert recently_escaped(date(2023, 2, 27)) is True
    assert recently_escaped(date(2023, 2, 28)) is False  # as for any date D, out on D + 36 months


@override_settings(GIAMNGHEO_RECENT_ESCAPE_MONTHS=24)
def test_eligibility_takes_the_window_from_the_setting(plan):
    household, child = child_household(Status.NONE, "E24", born=date(2012, 1, 1))
    make_decision(household, Status.POOR, date(2019, 1, 10))
    make_decision(household, Status.NONE, date(2021, 6, 2))
    school = plan.subprojects.get(official_code="DA3-TDA2")

    def verdict(day):
        return services.check_eligibility(
            subproject=school, household=household, member=child, day=day, kind="service", activity=None
        )

    assert verdict(date(2023, 6, 1)).eligible is True
    assert "24" in verdict(date(2023, 6, 1)).notes[0]
    assert verdict(date(2023, 6, 2)).eligible is False


def test_candidate_priorities_are_the_register_priority_groups(nutrition):
    from households.models import Household
    from households.priority import PRIORITY_GROUPS
    from projects.candidates import rank

    for code, extra in [("M1", {"merit": "relative"}), ("D1", {"ethnicity": "05"}), ("P1", {})]:
        household = make_household(code=code, members=[{"date_of_birth": date(2019, 1, 1)}, extra])
        make_decision(household, Status.POOR, date(2022, 1, 10))
    day = date(2023, 6, 1)
    ranked = rank(nutrition, day, Household.objects.all())
    for index, key in enumerate(["merit", "ethnic_minority"]):
        flagged = {c.household.code for c in ranked if c.score[index]}
        in_group = Household.objects.with_member(PRIORITY_GROUPS[key].member_q(day))
        assert flagged == set(in_group.values_list("code", flat=True))
        assert flagged and all(str(PRIORITY_GROUPS[key].label) in c.priorities for c in ranked if c.score[index])


def test_the_candidates_are_ranked_whole_and_shown_a_page_at_a_time(client, nutrition, health_officer, monkeypatch):
    from projects import candidates, views

    monkeypatch.setattr(views, "CANDIDATES_PER_PAGE", 2)
    for code in ("P1", "P2", "P3"):
        child_household(Status.POOR, code)
    client.force_login(health_officer)
    url = reverse("projects:candidate_list", args=[nutrition.pk])
    first = client.get(url, {"value": "10.000"})
    numbers = range(1, first.context["page"].paginator.num_pages + 1)
    pages = [client.get(url, {"page": n, "value": "10.000"}) for n in numbers]
    ranked = candidates.rank(nutrition, pages[0].context["day"], Household.objects.for_user(health_officer))
    shown = [c for page in pages for c in page.context["candidates"]]
    assert [(c.household.pk, c.member.pk) for c in shown] == [(c.household.pk, c.member.pk) for c in ranked]
    assert len(ranked) > 2 and pages[0].context["page"].paginator.count == len(ranked)
    # The numbers run on from page to page, and the pages keep the amount typed.
    assert "<td>3</td>" in pages[1].content.decode()
    links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', pages[0].content.decode())
    assert links and all("value=10.000" in link for link in links)
