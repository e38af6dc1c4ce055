"""A low-income worker's recognition (Nghị định 30/2025/NĐ-CP) and the officer's "no stable livelihood"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from households.models import Member, Status
from tests.factories import (
    error_codes,
    household_form_data,
    import_households,
    make_decision,
    make_family_rows,
    make_household,
    make_xlsx,
)

pytestmark = pytest.mark.django_db


def recognised(household, **fields):
    values = {
        "full_name": "Phạm Văn Tư",
        "date_of_birth": date(1990, 1, 1),
        "sex": "M",
        "relation": "child",
        "entered_on": date(2015, 1, 1),
        "low_income_worker_since": date(2025, 3, 1),
        "low_income_worker_income": 3_000_000,
    }
    return Member(household=household, **{**values, **fields})


def codes(member):
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


@pytest.mark.parametrize(
    "area, income, ok",
    [("urban", 3_000_000, True), ("urban", 3_000_001, False), ("rural", 2_250_000, True), ("rural", 2_250_001, False)],
)
def test_income_limit_by_area_of_decree_30_2025(area, income, ok):
    """Nghị định 30/2025/NĐ-CP: "từ 3 triệu đồng trở xuống" (urban), "từ 2,25 triệu đồng trở xuống" (rural)."""
    member = recognised(make_household(area_type=area), low_income_worker_income=income)
    if ok:
        member.full_clean()
    else:
        assert codes(member) == {"low_income_worker_income": ["low_income_over_limit"]}


def test_limits_are_settings():
    member = recognised(make_household(), low_income_worker_income=3_200_000)
    with override_settings(GIAMNGHEO_LOW_INCOME_WORKER_LIMITS={"urban": 3_500_000, "rural": 2_500_000}):
        member.full_clean()


def test_a_member_of_a_poor_or_near_poor_household_is_not_a_low_income_worker():
    """Nghị định 30/2025/NĐ-CP: "không bao gồm người lao động thuộc hộ nghèo, hộ cận nghèo"."""
    household = make_household()
    make_decision(household, Status.NEAR_POOR, date(2024, 1, 10))
    assert codes(recognised(household)) == {"low_income_worker_since": ["low_income_in_listed_household"]}


def test_the_income_is_required_with_the_recognition():
    assert codes(recognised(make_household(), low_income_worker_income=None)) == {
        "low_income_worker_income": ["low_income_income_missing"]
    }


def test_the_recognition_lapses_after_its_validity():
    """The validity (GIAMNGHEO_LOW_INCOME_WORKER_MONTHS) counts as Bộ luật Dân sự 2015, Art. 148 counts months."""
    member = recognised(make_household())
    member.full_clean()
    member.save()
    assert member.low_income_worker_until == date(2026, 3, 1)
    assert member.is_low_income_worker_on(date(2025, 2, 28)) is False
    assert member.is_low_income_worker_on(date(2026, 3, 1)) is True
    assert member.is_low_income_worker_on(date(2026, 3, 2)) is False
    with override_settings(GIAMNGHEO_LOW_INCOME_WORKER_MONTHS=6):
        other = recognised(make_household(), full_name="Võ Thị Năm")
        other.save()
    assert other.low_income_worker_until == date(2025, 9, 1)


def test_candidates_in_sql_agree_with_the_lapse():
    from projects.candidates import has_low_income_worker

    household = make_household()
    recognised(household).save()
    for day, expected in [(date(2025, 2, 28), False), (date(2026, 3, 1), True), (date(2026, 3, 2), False)]:
        in_sql = household.__class__.objects.filter(has_low_income_worker(day), pk=household.pk).exists()
        assert in_sql is expected is household.members.get(full_name="Phạm Văn Tư").is_low_income_worker_on(day)


def test_the_member_form_records_no_stable_livelihood_and_the_low_income_income(client, officer, group):
    members = [
        {"disability": "severe", "no_stable_livelihood": "on"},
        {
            "full_name": "Trần Thị Lan",
            "sex": "F",
            "relation": "child",
            "date_of_birth": "01/01/2000",
            "low_income_worker_since": "01/03/2025",
            "low_income_worker_income": "2.800.000",
        },
    ]
    response = client.post(reverse("households:create"), household_form_data(group, members))
    assert response.status_code == 302, response.context["formset"].errors
    head = Member.objects.get(relation="head")
    assert (head.no_stable_livelihood, head.disability) == (True, "severe")
    lan = Member.objects.get(full_name="Trần Thị Lan")
    assert (lan.low_income_worker_income, lan.low_income_worker_until) == (2_800_000, date(2026, 3, 1))


def test_the_member_form_refuses_an_income_over_the_limit(client, officer, group):
    members = [{"low_income_worker_since": "01/03/2025", "low_income_worker_income": "3.000.001"}]
    response = client.post(reverse("households:create"), household_form_data(group, members))
    form = response.context["formset"].forms[0]
    assert [e.code for e in form.errors.as_data()["low_income_worker_income"]] == ["low_income_over_limit"]


def xlsx(rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return make_xlsx(rows, headers)


def test_the_import_reads_no_stable_livelihood_and_the_low_income_columns(officer, group):
    rows = make_family_rows()
    rows[0].update({"Không có sinh kế ổn định": "Có"})
    rows[1].update(
        {
            "Lao động có thu nhập thấp từ ngày": "01/03/2025",
            "Thu nhập bình quân đầu người/tháng khi công nhận": "2.500.000",
        }
    )
    report = import_households(officer, xlsx(rows), commit=True)
    assert report.error_count == 0, report.errors
    assert Member.objects.get(full_name="Trần Văn Bình").no_stable_livelihood is True
    hoa = Member.objects.get(full_name="Lê Thị Hoa")
    assert (hoa.low_income_worker_income, hoa.low_income_worker_until) == (2_500_000, date(2026, 3, 1))


def test_the_import_refuses_an_income_over_the_limit(officer, group):
    rows = make_family_rows()
    rows[1].update(
        {
            "Lao động có thu nhập thấp từ ngày": "01/03/2025",
            "Thu nhập bình quân đầu người/tháng khi công nhận": "3.000.001",
        }
    )
    report = import_households(officer, xlsx(rows))
    assert error_codes(report) == ["low_income_over_limit"]
