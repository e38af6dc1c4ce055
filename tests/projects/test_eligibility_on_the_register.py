"""The rules read from the register and the support form: mothers, livelihood, labour contracts, the candidate link.

KH 538/KH-UBND is the ward's plan of 2023, cited by section.
"""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from households.models import Status
from projects import services
from projects.models import Activity, Support
from tests.factories import make_activity, make_decision, make_household, make_member, make_officer

pytestmark = pytest.mark.django_db


def mother_household(code, child_born=date(2020, 3, 1), status=Status.POOR):
    """A poor household: the head, Nguyễn Thị Hoa (born 1970), her daughter Lê Thị Mai (28) and Mai's son."""
    household = make_household(code=code)
    mother = make_member(household, full_name="Lê Thị Mai", sex="F", date_of_birth=date(1995, 2, 1))
    son = make_member(household, full_name="Lê Văn Tí", relation="grandchild", date_of_birth=child_born)
    if status != Status.NONE:
        make_decision(household, status, date(2022, 1, 10))
    return household, mother, son


def test_the_mother_of_a_three_year_old_gets_the_direct_intervention(nutrition):
    """KH 538/KH-UBND III.2.2: "bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia đình nghèo và cận nghèo"; her
    child is found by relation to the head (Member.children_among)."""
    household, mother, son = mother_household("M1")
    intervention = make_activity(nutrition, make_officer("donvi", "health-station"))

    def verdict(member, day):
        return services.check_eligibility(
            subproject=nutrition, household=household, member=member, day=day, kind="in_kind", activity=intervention
        )

    assert mother.children_among(household.members.all()) == [son]
    assert verdict(mother, date(2023, 6, 1)).eligible is True  # her son is 3
    assert verdict(mother, date(2025, 3, 1)).eligible is False  # he is 5
    # The grandmother is not his mother: a head's children are her "child" members.
    head = household.members.get(relation="head")
    assert [r.code for r in verdict(head, date(2023, 6, 1)).reasons] == ["intervention_not_mother_or_child"]


def test_a_disabled_three_year_old_is_refused_by_the_livelihood_sub_project(plan):
    """KH 538/KH-UBND III.2.1: "người khuyết tật (không có sinh kế ổn định)" are workers, of working age."""
    household = make_household(code="D1")
    child = make_member(
        household, date_of_birth=date(2020, 1, 1), disability="especially_severe", no_stable_livelihood=True
    )
    adult = make_member(household, full_name="Phan Văn Bình", disability="severe", no_stable_livelihood=True)
    farming = plan.subprojects.get(official_code="DA3-TDA1")

    def verdict(member):
        return services.check_eligibility(
            subproject=farming, household=household, member=member, day=date(2023, 6, 1), kind="in_kind"
        )

    assert [r.code for r in verdict(child).reasons] == ["not_working_age"]
    assert verdict(adult).eligible is True
    adult.no_stable_livelihood = False
    adult.employment = "unemployed"  # an employment is no record of a livelihood
    assert [r.code for r in verdict(adult).reasons] == ["livelihood_not_recorded"]


@pytest.fixture
def job_connection(plan):
    return plan.subprojects.get(official_code="DA4-TDA3")


def connect(job_connection, household, member, officer, **fields):
    return services.record_support(
        subproject=job_connection,
        household=household,
        member=member,
        activity=None,
        kind=Support.Kind.JOB_PLACEMENT,
        items="Kết nối việc làm thành công",
        quantity=1,
        value=fields.pop("value", 400_000),
        supported_on=date(2023, 6, 1),
        by=officer,
        **fields,
    )


def test_a_job_connection_is_paid_only_with_a_labour_contract(job_connection):
    """KH 538/KH-UBND III.3.2: "hỗ trợ kết nối việc làm thành công (có giao kết hợp đồng lao động)"."""
    household, worker, _son = mother_household("J1")
    officer = make_officer("donvi", "labour-social")
    with pytest.raises(ValidationError) as refused:
        connect(job_connection, household, worker, officer)
    assert refused.value.code == "not_eligible"
    support = connect(job_connection, household, worker, officer, labour_contract=True)
    assert support.labour_contract is True and support.eligible is True


def test_a_job_connection_is_paid_at_most_400_000_per_worker(job_connection):
    """TT 55/2023/TT-BTC, Art. 72: at most 400.000 đồng per worker, earlier payments included."""
    household, worker, _son = mother_household("J2")
    officer = make_officer("donvi", "labour-social")
    with pytest.raises(ValidationError) as refused:
        connect(job_connection, household, worker, officer, labour_contract=True, value=400_001)
    assert [e.code for e in refused.value.error_dict["value"]] == ["over_job_connection_limit"]
    connect(job_connection, household, worker, officer, labour_contract=True, value=300_000)
    with pytest.raises(ValidationError) as refused:
        connect(job_connection, household, worker, officer, labour_contract=True, value=100_001)
    assert [e.code for e in refused.value.error_dict["value"]] == ["over_job_connection_limit"]
    with override_settings(GIAMNGHEO_JOB_CONNECTION_MAX=500_000):
        connect(job_connection, household, worker, officer, labour_contract=True, value=200_000)


def test_the_support_form_asks_for_the_labour_contract(client, job_connection):
    household, worker, _son = mother_household("J3")
    client.force_login(make_officer("donvi", "labour-social"))
    url = reverse("projects:support_create", args=[job_connection.pk])
    data = {
        "household": "J3",
        "member": worker.pk,
        "kind": "job_placement",
        "items": "Kết nối việc làm",
        "quantity": "1",
        "value": "400.000",
        "supported_on": "01/06/2023",
    }
    response = client.post(url, {**data, "save": "1"})
    assert [r.code for r in response.context["verdict"].reasons] == ["no_labour_contract"]
    response = client.post(url, {**data, "labour_contract": "on", "save": "1"})
    assert response.status_code == 302
    assert Support.objects.get().labour_contract is True


def test_the_candidate_list_links_carry_the_person_and_the_amount_and_the_form_keeps_them(client, nutrition):
    household, mother, son = mother_household("L1")
    officer = make_officer("donvi", "health-station")
    client.force_login(officer)
    page = client.get(reverse("projects:candidate_list", args=[nutrition.pk]), {"value": "150.000"})
    html = page.content.decode()
    link = f"?household=L1&amp;member={son.pk}&amp;value=150000"
    assert link in html
    support_links = [href for href in re.findall(r'href="([^"]*)"', html) if "/supports/new/" in href]
    assert support_links and not any("L%C3%AA" in href or "Lê" in href for href in support_links)
    form = client.get(
        reverse("projects:support_create", args=[nutrition.pk]), {"household": "L1", "member": son.pk, "value": 150000}
    ).context["form"]
    assert (form["member"].value(), form["value"].value()) == (son.pk, "150.000")  # as on the voucher
    assert (
        f'value="{son.pk}" selected'
        in client.get(
            reverse("projects:support_create", args=[nutrition.pk]), {"household": "L1", "member": son.pk}
        ).content.decode()
    )


def test_saving_without_a_person_is_a_field_error_not_a_refusal(client, nutrition):
    household, _mother, _son = mother_household("L2")
    activity = make_activity(nutrition, make_officer("donvi", "health-station", username="yte2"))
    client.force_login(make_officer("donvi", "health-station"))
    response = client.post(
        reverse("projects:support_create", args=[nutrition.pk]),
        {
            "household": "L2",
            "member": "",
            "activity": activity.pk,
            "kind": "in_kind",
            "items": "Vi chất",
            "quantity": "1",
            "value": "0",
            "supported_on": "01/06/2023",
            "save": "1",
        },
    )
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["member"]] == ["member_missing"]
    assert "__all__" not in errors
    assert not Support.objects.exists()
    assert Activity.objects.count() == 1
