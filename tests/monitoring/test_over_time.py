"""Figures of a past period do not move when today's register changes; the narrative follows the tables."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from budget import services as budget
from budget.models import Disbursement
from households.models import Household, OfficialPopulation, Status
from monitoring import document, indicators, narrative, services
from tests.factories import (
    household_form_data,
    import_households,
    make_allocation,
    make_decision,
    make_family_rows,
    make_group,
    make_household,
    make_officer,
    make_plan,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]

START, END = date(2023, 1, 1), date(2023, 12, 31)


def figures_2023():
    data = indicators.compute(START, END, 2023)
    data.pop("members")
    return data


def register_count_in_sql(day: date) -> int:
    """The households on the register on a day, counted in SQL without the ORM's help."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM households_household WHERE entered_on <= %s AND (left_on IS NULL OR left_on > %s)",
            [day, day],
        )
        return cursor.fetchone()[0]


def test_households_added_and_imported_today_leave_2023_as_it_was(client, ward_data):
    before = figures_2023()
    officer = make_user("ldtbxh")
    client.force_login(officer)
    # The group the newcomers live in, as the import template names it, set up today.
    group = make_group(code="TDP1", name="Tổ dân phố 1 mới", valid_from=timezone.localdate())
    today = f"{timezone.localdate():%d/%m/%Y}"
    response = client.post(
        reverse("households:create"), household_form_data(group, [{}], code="MOI-01", entered_on=today)
    )
    assert response.status_code == 302
    rows = make_family_rows("MOI-02", cccd="056080009991") + make_family_rows("MOI-03", cccd="056080009992")
    for row in rows:
        row["Số CCCD"] = ""  # the two families are new people: matched by name and birth date
    from tests.factories import make_xlsx

    report = import_households(officer, make_xlsx(rows), commit=True)
    assert report.error_count == 0, report.errors
    assert Household.objects.filter(code__startswith="MOI-").count() == 3
    assert set(Household.objects.filter(code__startswith="MOI-").values_list("entered_on", flat=True)) == {
        timezone.localdate()
    }

    assert figures_2023() == before
    assert before["poverty"]["total"] == register_count_in_sql(END) == 6
    assert indicators.compute(START, timezone.localdate(), 2026)["poverty"]["total"] == 9


def test_a_household_that_left_counts_until_the_day_it_left(ward_data):
    moved = ward_data["stays_poor"]
    moved.left_on, moved.left_reason = date(2023, 7, 1), Household.LeftReason.MOVED_AWAY
    moved.full_clean()
    moved.save()
    data = indicators.compute(START, END, 2023)
    p = data["poverty"]
    assert (p["total_start"], p["total"]) == (register_count_in_sql(date(2022, 12, 31)), register_count_in_sql(END))
    assert (p["total_start"], p["total"]) == (6, 5)
    assert moved.pk in data["members"]["poor_start"] and moved.pk not in data["members"]["poor_end"]
    assert p["poor_end_rate"] == indicators.rate(p["poor_end"], 5)


def test_official_total_is_the_divisor_and_the_report_says_so(client, ward_data):
    OfficialPopulation.objects.create(
        year=2023, as_of=date(2023, 12, 31), households=300, people=1_100, source="Thống kê 12/TK-UBND",
        recorded_by=make_user("ldtbxh"),
    )  # fmt: skip
    data = indicators.compute(START, END, 2023)
    assert data["population"]["end"]["source"] == "official"
    assert data["population"]["start"]["source"] == "register"  # no official figure for 2022
    assert (data["poverty"]["total"], data["poverty"]["poor_end_rate"]) == (300, "1.00")  # 3 of 300
    assert data["poverty"]["poor_start_rate"] == indicators.rate(2, 6)
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    client.force_login(make_user("mattran"))
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Thống kê 12/TK-UBND" in html


def test_official_figure_entered_later_moves_a_draft_but_never_a_submitted_report(ward_data):
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    report.number, report.report_date = "1/BC", date(2024, 1, 10)
    report.save()
    services.submit(report=report, by=make_user("lanhdao"))
    report.refresh_from_db()
    OfficialPopulation.objects.create(
        year=2023, as_of=date(2023, 12, 31), households=300, source="x", recorded_by=make_user("ldtbxh")
    )
    assert services.figures(report)["poverty"]["total"] == 6
    assert indicators.compute(START, END, 2023)["poverty"]["total"] == 300


def test_members_count_while_present(ward_data):
    household = ward_data["stays_poor"]
    head = household.members.get()
    head.left_on, head.left_reason = date(2023, 3, 1), "died"
    head.merit = "person"
    head.save()
    assert indicators.compute(START, END, 2023)["priorities"]["merit"] == 1  # newly_poor's member only
    head.left_on, head.left_reason = None, ""
    head.save()
    assert indicators.compute(START, END, 2023)["priorities"]["merit"] == 2


def test_narrative_and_tables_agree_after_a_reversal(client, ward_data):
    plan = make_plan(ward_data["never"].residential_group.unit)
    officer = make_officer("taichinh", "finance")
    line = make_allocation(plan.subprojects.get(local_code="3.1"), amount=10_000_000)
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 5, 3), amount=4_000_000, voucher_number="PC1",
        payee_name="x", purpose="x", by=officer,
    )  # fmt: skip
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    budget.reverse_disbursement(
        disbursement=payment, reason="Sai đối tượng", voucher_number="PC1-H", paid_on=date(2023, 6, 1), by=officer
    )
    assert Disbursement.objects.count() == 2
    client.force_login(make_user("lanhdao"))
    doc = client.get(report.get_absolute_url()).context["doc"]
    (table,) = [t for t in doc.tables() if t.id == "budget"]
    disbursed = table.total[4].value
    assert disbursed == 0
    budget_text = next(s.text for s in doc.sections if s.text_id == "budget")
    assert narrative.FIGURES["da_giai_ngan"].value(services.figures(report)) in budget_text
    assert "4.000.000" not in budget_text

    # Submitted, the text is frozen with the figures it was rendered from.
    report.number, report.report_date = "2/BC", date(2024, 1, 10)
    report.save()
    services.submit(report=report, by=make_user("lanhdao"))
    report.refresh_from_db()
    budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 7, 3), amount=1_000_000, voucher_number="PC2",
        payee_name="x", purpose="x", by=officer,
    )  # fmt: skip
    frozen = document.build(report, services.figures(report))
    assert next(s.text for s in frozen.sections if s.text_id == "budget") == budget_text
    (table,) = [t for t in frozen.tables() if t.id == "budget"]
    assert table.total[4].value == 0


def test_a_text_naming_an_unknown_figure_is_refused_and_nothing_saved(client, ward_data):
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    client.force_login(make_user("ldtbxh"))
    response = client.post(
        reverse("monitoring:report_edit", args=[report.pk]),
        {"number": "", "report_date": "", "situation": "Có {ho_ngheo_cuoi_ki} hộ", "results": "", "budget": "",
         "difficulties": "", "proposals": "", "recipients": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["situation"]] == ["unknown_figure"]
    report.refresh_from_db()
    assert "{ho_ngheo_dau_ky}" in report.situation


def test_regenerate_puts_back_the_named_figures(client, ward_data):
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    report.situation = "Có 31 hộ nghèo"  # typed by hand: goes stale when the data changes
    report.save()
    client.force_login(make_user("ldtbxh"))
    client.post(reverse("monitoring:report_regenerate", args=[report.pk]))
    report.refresh_from_db()
    assert report.situation == narrative.prefilled()["situation"]


def test_households_leaving_dates_are_checked():
    household = make_household()
    household.left_on = household.entered_on - timedelta(days=1)
    household.left_reason = Household.LeftReason.MOVED_AWAY
    with pytest.raises(Exception) as error:
        household.full_clean()
    assert error.value.error_dict["left_on"][0].code == "left_before_entry"
    household.left_on = date(2024, 1, 1)
    household.left_reason = ""
    with pytest.raises(Exception) as error:
        household.full_clean()
    assert error.value.error_dict["left_reason"][0].code == "left_reason_missing"


def test_decision_status_after_leaving_is_not_counted(ward_data):
    moved = ward_data["newly_poor"]
    moved.left_on, moved.left_reason = date(2023, 12, 31), Household.LeftReason.MOVED_AWAY
    moved.save()
    make_decision(moved, Status.POOR, date(2024, 1, 5))
    data = indicators.compute(date(2024, 1, 1), date(2024, 12, 31), 2024)
    assert moved.pk not in data["members"]["poor_end"]
