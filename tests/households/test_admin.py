"""The admin writes the register through the same services as the pages, and searches as they do."""

from datetime import date

import pytest
from django.urls import reverse

from households import services
from households.models import Household, StatusDecision
from projects.models import Support
from tests.factories import (
    household_form_data,
    make_decision,
    make_group,
    make_household,
    make_plan,
    make_review,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = make_user(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def household_admin_post(group, members, *, household=None, **fields):
    return household_form_data(group, members, household=household, code="PH01-9100", **fields)


def test_admin_adds_a_household_through_the_service_that_sets_head_name_and_search_text(client, superuser):
    group = make_group()
    members = [{"full_name": "Nguyễn Văn Đức"}, {"full_name": "Lê Thị Mai", "relation": "spouse", "sex": "F"}]
    response = client.post(reverse("admin:households_household_add"), household_admin_post(group, members))
    assert response.status_code == 302
    household = Household.objects.get(code="PH01-9100")
    assert household.head_name == "Nguyễn Văn Đức"
    assert "nguyen van duc" in household.search_text
    assert "le thi mai" in household.search_text
    assert household.members.count() == 2


def test_admin_refuses_a_household_without_a_head(client, superuser):
    group = make_group()
    members = [{"full_name": "Lê Thị Mai", "relation": "spouse", "sex": "F"}]
    response = client.post(reverse("admin:households_household_add"), household_admin_post(group, members))
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert [error.code for error in inline.formset.non_form_errors().as_data()] == ["one_head"]
    assert not Household.objects.filter(code="PH01-9100").exists()


def test_admin_change_of_the_head_refreshes_head_name_and_search_text(client, superuser):
    household = make_household("Nguyễn Thị Hoa")
    url = reverse("admin:households_household_change", args=[household.pk])
    data = household_admin_post(
        household.residential_group, [{"full_name": "Phạm Thị Hoa", "sex": "F"}], household=household
    )
    assert client.post(url, data).status_code == 302
    household.refresh_from_db()
    assert household.head_name == "Phạm Thị Hoa"
    assert "pham thi hoa" in household.search_text
    assert "nguyen" not in household.search_text


@pytest.mark.parametrize("typed", ["Nguyễn Văn", "nguyen van", "NGUYEN VAN DUC"])
def test_admin_household_search_ignores_diacritics_and_case(client, superuser, typed):
    wanted = make_household("Nguyễn Văn Đức")
    make_household("Trần Văn Nguyên")
    response = client.get(reverse("admin:households_household_changelist"), {"q": typed})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_member_search_ignores_diacritics(client, superuser):
    household = make_household("Nguyễn Văn Đức")
    make_household("Trần Thị Lan")
    response = client.get(reverse("admin:households_member_changelist"), {"q": "nguyen van duc"})
    assert list(response.context["cl"].result_list) == [household.members.get()]


def test_admin_member_search_finds_members_by_household_code(client, superuser):
    household = make_household("Nguyễn Văn Đức", code="PH07-0042")
    make_household("Trần Thị Lan")
    response = client.get(reverse("admin:households_member_changelist"), {"q": "PH07-0042"})
    assert list(response.context["cl"].result_list) == [household.members.get()]


def test_admin_members_are_read_only_and_edited_with_their_household(client, superuser):
    member = make_household().members.get()
    assert client.get(reverse("admin:households_member_add")).status_code == 403
    change = reverse("admin:households_member_change", args=[member.pk])
    assert client.post(change, {"full_name": "Người Khác", "relation": "child"}).status_code == 403
    assert client.post(reverse("admin:households_member_delete", args=[member.pk]), {"post": "yes"}).status_code == 403
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Hoa"


def test_admin_status_decisions_are_read_only(client, superuser):
    decision = make_decision(make_household(), "poor", date(2023, 1, 1))
    assert client.get(reverse("admin:households_statusdecision_changelist")).status_code == 200
    assert client.post(reverse("admin:households_statusdecision_add"), {}).status_code == 403
    change = reverse("admin:households_statusdecision_change", args=[decision.pk])
    assert client.post(change, {"status": "near_poor"}).status_code == 403
    delete = reverse("admin:households_statusdecision_delete", args=[decision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    decision.refresh_from_db()
    assert decision.status == "poor"
    assert StatusDecision.objects.count() == 1


def test_admin_status_decision_search_goes_through_the_household(client, superuser):
    wanted = make_decision(make_household("Nguyễn Văn Đức"), "poor", date(2023, 1, 1))
    make_decision(make_household("Trần Thị Lan"), "poor", date(2023, 1, 1))
    response = client.get(reverse("admin:households_statusdecision_changelist"), {"q": "nguyen van duc"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_assessment_search_goes_through_the_household(client, superuser):
    def assess(household):
        return services.record_assessment(
            household=household,
            review=make_review(2023),
            assessed_on=date(2023, 10, 15),
            deprived=[],
            income=1_800_000,
            score_a=None,
            score_b=None,
            by=superuser,
        )

    wanted = assess(make_household("Nguyễn Văn Đức"))
    assess(make_household("Trần Thị Lan"))
    response = client.get(reverse("admin:households_assessment_changelist"), {"q": "nguyen van duc"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_support_search_finds_a_household_name_typed_without_diacritics(client, superuser):
    subproject = make_plan().subprojects.first()

    def support(household, items):
        return Support.objects.create(
            subproject=subproject,
            household=household,
            kind="in_kind",
            items=items,
            supported_on=date(2023, 6, 1),
            eligible=True,
            rule="test",
            created_by=superuser,
        )

    wanted = support(make_household("Nguyễn Văn Đức"), "Sữa")
    other = support(make_household("Trần Thị Lan"), "Gạo nếp")
    changelist = reverse("admin:projects_support_changelist")
    assert list(client.get(changelist, {"q": "nguyen van duc"}).context["cl"].result_list) == [wanted]
    assert list(client.get(changelist, {"q": "gạo"}).context["cl"].result_list) == [other]


def test_admin_review_left_without_list_year_and_standard_gets_them_by_rule(client, superuser):
    from households.models import PovertyStandard, Review

    data = {"kind": "periodic", "year": "2026", "starts_on": "2026-09-01", "ends_on": "2026-12-14"}
    response = client.post(reverse("admin:households_review_add"), {**data, "list_year": "", "standard": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Review.objects.get()
    assert (review.list_year, review.standard.code) == (2027, "ND351-2025")
    nd07 = PovertyStandard.objects.get(code="ND07-2021")
    url = reverse("admin:households_review_change", args=[review.pk])
    response = client.post(url, {**data, "list_year": "2027", "standard": str(nd07.pk)})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.standard == nd07


def test_admin_review_for_a_list_without_standard_is_refused(client, superuser):
    from households.models import Review

    data = {"kind": "periodic", "year": "2030", "starts_on": "2030-09-01", "ends_on": "2030-12-14"}
    response = client.post(reverse("admin:households_review_add"), {**data, "list_year": "", "standard": ""})
    assert [e.code for e in response.context["adminform"].form.errors.as_data()["standard"]] == ["no_standard"]
    assert not Review.objects.exists()


def test_admin_standard_shows_each_threshold_and_whether_it_is_confirmed(client, superuser):
    from households.models import PovertyStandard

    standard = PovertyStandard.objects.get(code="ND351-2025")
    page = client.get(reverse("admin:households_povertystandard_change", args=[standard.pk])).content.decode()
    assert "trợ cấp xã hội hằng tháng" in page
    assert page.count('name="indicator_terms-') > 12  # the twelve rows' threshold, confirmed and rule fields
    assert client.get(reverse("admin:households_standardindicator_changelist")).status_code == 200
