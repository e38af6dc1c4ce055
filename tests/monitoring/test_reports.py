"""Indicators on small hand-built data with known answers; reports frozen on submission."""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services as budget
from households.models import Status
from monitoring import document, indicators, narrative, services
from monitoring.models import Report
from projects.models import Activity, Support
from tests.factories import (
    make_allocation,
    make_decision,
    make_household,
    make_officer,
    make_plan,
    make_user,
)

pytestmark = pytest.mark.django_db


def figure(doc, key):
    """The value of the cell carrying a figure's key in a document."""
    return next(cell.value for table in doc.tables() for row in table.rows for cell in row if cell.key == key)


START, END = date(2023, 1, 1), date(2023, 12, 31)


def test_poverty_indicators_on_known_data(ward_data):
    data = indicators.compute(START, END, 2023)
    p = data["poverty"]
    assert (p["total"], p["poor_start"], p["near_poor_start"]) == (6, 2, 2)
    assert (p["poor_end"], p["near_poor_end"]) == (3, 0)
    assert (p["escaped_poverty"], p["escaped_near_poverty"], p["newly_poor"], p["relapsed"]) == (1, 1, 1, 1)
    assert p["recently_escaped_end"] == 2  # escapes (12/2023) and near_escapes (06/2023); relapses no longer
    assert (p["poor_start_rate"], p["poor_end_rate"]) == ("33.33", "50.00")
    groups = {g["name"]: (g["households"], g["poor"], g["near_poor"]) for g in data["groups"]}
    assert groups == {"Tổ dân phố 1": (4, 2, 0), "Tổ dân phố 2": (2, 1, 0)}
    assert data["priorities"]["merit"] == 1


def test_every_count_is_the_size_of_its_list(ward_data):
    data = indicators.compute(START, END, 2023)
    for key, ids in data["members"].items():
        assert len(ids) == indicators.households_for(key, START, END).count(), key
    assert sorted(data["members"]["relapsed"]) == [ward_data["relapses"].pk]


def test_half_year_sees_only_the_first_six_months(ward_data):
    p = indicators.compute(START, date(2023, 6, 30), 2023)["poverty"]
    assert (p["poor_end"], p["escaped_near_poverty"], p["escaped_poverty"], p["relapsed"]) == (2, 1, 0, 0)


def test_sub_project_and_budget_figures(ward_data):
    plan = make_plan(ward_data["never"].residential_group.unit)
    farming = plan.subprojects.get(local_code="3.1")
    officer = make_officer("ldtbxh", "labour-social")
    activity = Activity.objects.create(
        subproject=farming, kind="delivery", title="Giống", held_on=date(2023, 5, 2), place="UBND",
        responsible=officer, created_by=officer,
    )  # fmt: skip
    for code in ("stays_poor", "newly_poor"):
        household = ward_data[code]
        Support.objects.create(
            subproject=farming, activity=activity, household=household, member=household.members.first(),
            kind="in_kind", items="Gà", value=2_000_000, supported_on=date(2023, 5, 2), eligible=True, rule="r",
            created_by=officer,
        )  # fmt: skip
    line = make_allocation(farming, amount=10_000_000)
    budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 5, 3), amount=4_000_000, voucher_number="PC1",
        payee_name="x", purpose="x", by=officer,
    )  # fmt: skip
    data = indicators.compute(START, END, 2023)
    row = next(r for r in data["subprojects"] if r["code"] == "3.1")
    assert (row["activities"], row["households"], row["people"], row["value"], row["merit"]) == (1, 2, 2, 4_000_000, 1)
    assert data["budget"] == [
        {"subproject_id": farming.pk, "subproject": str(farming), "source": "central_recurrent",
         "source_name": line.get_source_display(), "available": 10_000_000, "disbursed": 4_000_000, "rate": "40.00"}
    ]  # fmt: skip
    targets = {t["text"][:10]: t for t in data["targets"]}
    assert len(targets) == 2


def test_submitted_report_does_not_change_when_the_data_does(client, ward_data):
    officer = make_user("ldtbxh")
    client.force_login(officer)
    client.post(reverse("monitoring:report_create"), {"period": "year", "year": "2023"})
    report = Report.objects.get()
    assert "{ho_ngheo_dau_ky}" in report.situation  # pre-filled, its figures named
    assert narrative.render(report.situation, indicators.compute(START, END, 2023)).count("2") >= 2
    refused = client.post(reverse("monitoring:report_submit", args=[report.pk]))
    assert refused.status_code == 302 and Report.objects.get().state == "draft"  # no number yet
    client.post(
        reverse("monitoring:report_edit", args=[report.pk]),
        {"number": "45/BC-UBND", "report_date": "10/01/2024", "situation": "x", "results": "", "budget": "",
         "difficulties": "", "proposals": ""},
    )  # fmt: skip
    client.post(reverse("monitoring:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert (report.state, report.submitted_by) == ("submitted", officer)
    frozen = report.snapshot["poverty"]["poor_end"]
    make_decision(ward_data["stays_poor"], Status.NONE, date(2023, 12, 20))  # a late correction of the data
    page = client.get(report.get_absolute_url())
    assert figure(page.context["doc"], "poor_end") == frozen == 3
    assert indicators.compute(START, END, 2023)["poverty"]["poor_end"] == 2
    assert client.get(reverse("monitoring:report_edit", args=[report.pk])).status_code == 403
    listed = client.get(reverse("monitoring:indicator_households", args=[report.pk, "poor_end"]))
    assert listed.context["page"].paginator.count == 3
    client.post(reverse("monitoring:report_new_version", args=[report.pk]))
    correction = Report.objects.get(version=2)
    assert (correction.supersedes, correction.state) == (report, "draft")
    assert services.figures(correction)["poverty"]["poor_end"] == 2


def test_reviewer_reads_reports_but_cannot_draft_or_submit(client, ward_data):
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    client.force_login(make_user("mattran"))
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.post(reverse("monitoring:report_create"), {"period": "year", "year": "2024"}).status_code == 403
    assert client.post(reverse("monitoring:report_submit", args=[report.pk])).status_code == 403
    assert Report.objects.count() == 1


@override_settings(GIAMNGHEO_RECENT_ESCAPE_MONTHS=24)
def test_report_counts_and_labels_recently_escaped_by_the_setting():
    inside, outside = make_household(code="inside"), make_household(code="outside")
    for household, escaped_on in [(inside, date(2022, 1, 1)), (outside, date(2021, 12, 31))]:
        make_decision(household, Status.POOR, date(2020, 1, 10))
        make_decision(household, Status.NONE, escaped_on)
    data = indicators.compute(START, END, 2023)
    assert data["poverty"]["recently_escaped_end"] == 1
    assert data["members"]["recently_escaped_end"] == [inside.pk]
    assert "24" in document.label_for("recently_escaped_end", data)


def test_a_drafts_figures_are_cached_until_the_register_changes(client, ward_data):
    officer = make_user("ldtbxh")
    client.force_login(officer)
    report = services.draft(period="year", year=2023, by=officer)
    with CaptureQueriesContext(connection) as cold:
        assert figure(client.get(report.get_absolute_url()).context["doc"], "poor_end") == 3
    with CaptureQueriesContext(connection) as warm:
        assert figure(client.get(report.get_absolute_url()).context["doc"], "poor_end") == 3
    assert len(warm) < len(cold)
    make_decision(ward_data["stays_poor"], Status.NONE, date(2023, 12, 20))
    assert figure(client.get(report.get_absolute_url()).context["doc"], "poor_end") == 2  # at once
    household = ward_data["never"]
    household.left_on, household.left_reason = date(2023, 6, 1), "moved_away"
    household.save()
    assert services.figures(report)["poverty"]["total"] == 5  # a household leaving moves the total at once
