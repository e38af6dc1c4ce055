"""The province's roll-up: one row per commune, the total, and the way down to each commune."""

import random
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from giamngheo.models import AdministrativeUnit, Unit
from home import province
from households.models import Household, OfficialPopulation, StatusDecision
from households.status import Status
from monitoring import indicators
from monitoring import services as reports
from monitoring.models import Report
from tests.factories import make_decision, make_group, make_household, make_user, make_ward

pytestmark = pytest.mark.django_db

YEAR = 2023
TODAY = date(2026, 12, 2)


def province_reader():
    user = make_user(username="sonoivu")
    user.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    return user


@pytest.fixture
def communes():
    """Three communes with random histories; the third took in a former ward on 01/07/2025."""
    rng = random.Random(14)
    former = make_ward("Phường Cũ", code="OLD", valid_to=date(2025, 6, 30))
    wards = [make_ward("Phường Một", code="C1"), make_ward("Xã Hai", code="C2")]
    third = make_ward("Phường Ba", code="C3", valid_from=date(2025, 7, 1))
    third.predecessors.add(former)
    wards.append(third)
    for ward in wards:
        groups = [make_group(ward) for _ in range(2)]
        if ward is third:
            groups.append(make_group(former, valid_to=date(2025, 6, 30)))
        for number in range(12):
            household = make_household(group=rng.choice(groups), code=f"{ward.code}-{number}")
            day = date(2021, 6, 1)
            for _ in range(rng.randint(0, 3)):
                day = date(rng.choice([2021, 2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28))
                make_decision(household, rng.choice([Status.POOR, Status.NEAR_POOR, Status.NONE]), day)
    return wards


def by_sql(day: date, commune) -> dict:
    """The poor and near-poor of a commune on a day, from the decisions alone: the one in force per household."""
    units = commune.lineage()
    counts = {"poor": 0, "near_poor": 0}
    for household in Household.objects.filter(residential_group__unit__in=units).in_ward_on(day):
        decision = (
            StatusDecision.objects.filter(household=household, effective_on__lte=day)
            .order_by("-effective_on", "-pk")
            .first()
        )
        if decision is not None and decision.status in counts:
            counts[decision.status] += 1
    return counts


def test_each_commune_s_row_is_its_report_s_figures_and_the_total_their_sum(communes):
    roll_up = province.roll_up(YEAR, TODAY)
    assert [row.commune for row in roll_up.rows] == sorted(communes, key=lambda c: c.name)
    for row in roll_up.rows:
        figures = indicators.compute(date(YEAR, 1, 1), date(YEAR, 12, 31), YEAR, row.commune)["poverty"]
        assert row.live
        assert row.figures == {key: figures[key] for key in province.FIGURES}, row.commune.name
        hand = by_sql(date(YEAR, 12, 31), row.commune)
        assert (row.figures["poor_end"], row.figures["near_poor_end"]) == (hand["poor"], hand["near_poor"])
    for key in province.FIGURES:
        assert roll_up.totals[key] == sum(row.figures[key] for row in roll_up.rows)


def test_a_former_ward_s_households_count_in_the_commune_it_became(communes):
    third = next(c for c in communes if c.code == "C3")
    row = next(row for row in province.roll_up(YEAR, TODAY).rows if row.commune == third)
    assert row.figures["total"] == Household.objects.filter(residential_group__unit__in=third.lineage()).count()
    assert AdministrativeUnit.objects.get(code="OLD") not in [row.commune for row in province.roll_up(YEAR, TODAY).rows]


def test_a_submitted_report_s_figures_do_not_move_when_the_register_does(communes):
    first = communes[0]
    officer = make_user("ldtbxh")
    officer.unit = Unit.objects.create(code="labour-social", name="LĐTBXH", kind="labour_social", ward=first)
    officer.save()
    report = reports.draft(period="year", year=YEAR, by=officer)
    report.number, report.report_date = "5/BC-UBND", date(YEAR + 1, 1, 10)
    report.save()
    reports.submit(report=report, by=officer)
    before = next(row for row in province.roll_up(YEAR, TODAY).rows if row.commune == first)
    assert before.reports == [report]
    # A decision dated in the year, recorded afterwards, and a new official figure.
    make_decision(make_household(group=make_group(first), code="LATE"), Status.POOR, date(YEAR, 6, 1))
    OfficialPopulation.objects.create(
        commune=first, year=YEAR, as_of=date(YEAR, 12, 31), households=999, source="x", recorded_by=officer
    )
    after = next(row for row in province.roll_up(YEAR, TODAY).rows if row.commune == first)
    assert after.figures == before.figures
    live = next(row for row in province.roll_up(YEAR, TODAY).rows if row.commune == communes[1])
    assert live.live


def test_a_year_the_former_ward_reported_is_its_report_in_the_commune_it_became(communes):
    """2023 was Phường Cũ's to report (Phường Ba exists from 01/07/2025): its submitted figures are the row."""
    former, third = AdministrativeUnit.objects.get(code="OLD"), communes[2]
    officer = make_user("ldtbxh", username="old_officer")
    report = reports.draft(period="year", year=YEAR, by=officer, commune=former)
    report.number, report.report_date = "9/BC-UBND", date(YEAR + 1, 1, 8)
    report.save()
    reports.submit(report=report, by=officer)
    row = next(row for row in province.roll_up(YEAR, TODAY).rows if row.commune == third)
    poverty = Report.objects.get(pk=report.pk).snapshot["poverty"]
    assert row.reports == [report] and row.figures == {key: poverty[key] for key in province.FIGURES}
    # Phường Ba reports 2025 itself: the former ward's report of 2023 does not stand for it.
    assert next(row for row in province.roll_up(2025, TODAY).rows if row.commune == third).live


def test_the_roll_up_costs_the_same_queries_however_many_communes(communes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        province.roll_up(YEAR, TODAY)
    for code in ("C4", "C5", "C6"):
        make_household(group=make_group(make_ward(f"Xã {code}", code=code)), code=f"{code}-1")
    with CaptureQueriesContext(connection) as six:
        province.roll_up(YEAR, TODAY)
    # The lineages in one query; the counts themselves are grouped over the province.
    assert len(six) == len(three)


def test_the_province_page_drills_down_to_a_commune_and_its_households(client, communes):
    client.force_login(province_reader())
    page = client.get(reverse("province"), {"year": YEAR})
    assert page.status_code == 200
    assert [row.commune.code for row in page.context["roll_up"].rows] == ["C3", "C1", "C2"]
    assert b'id="province-total"' in page.content
    chosen = communes[1]
    assert client.post(reverse("choose_commune"), {"commune": chosen.pk}).status_code == 302
    listed = client.get(reverse("households:list"))
    codes = {household.code for household in listed.context["page"].object_list}
    assert codes and all(code.startswith("C2-") for code in codes)


@pytest.mark.parametrize("role", ["ldtbxh", "lanhdao", "mattran", "taichinh", "donvi"])
def test_only_the_province_opens_the_roll_up(client, communes, role):
    client.force_login(make_user(role))
    assert client.get(reverse("province")).status_code == 403


def test_a_commune_row_counts_what_a_grouped_sql_counts(communes):
    """A second path: the register's households per commune by one aggregate, as a DBA would write it."""
    day = date(YEAR, 12, 31)
    roll_up = province.roll_up(YEAR, TODAY)
    for row in roll_up.rows:
        total = (
            Household.objects.filter(residential_group__unit__in=row.commune.lineage())
            .filter(Q(entered_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day)))
            .aggregate(n=Count("pk"))["n"]
        )
        assert row.figures["total"] == total


def test_the_province_s_list_is_narrowed_to_a_commune_and_offers_only_its_groups(client, communes):
    client.force_login(province_reader())
    form = client.get(reverse("households:list")).context["filter"].form
    assert "commune" in form.fields
    # Across the province no group is offered until a commune is chosen: thousands of them,
    # and no sort by group either (their codes repeat from commune to commune).
    assert list(form.fields["residential_group"].queryset) == []
    assert [key for key, _label in form.fields["sort"].choices] == ["name", "-name", "code", "-code"]
    assert client.get(reverse("households:list"), {"sort": "group"}).context["filter"].form.has_error("sort")
    third = communes[2]
    listed = client.get(reverse("households:list"), {"commune": third.pk})
    offered = listed.context["filter"].form.fields["residential_group"].queryset
    assert "group" in dict(listed.context["filter"].form.fields["sort"].choices)
    by_group = client.get(reverse("households:list"), {"commune": third.pk, "sort": "group"}).context["page"]
    assert [h.code for h in by_group] == list(
        Household.objects.in_commune(third).in_ward_on(timezone.localdate())
        .order_by("residential_group__code", "head_sort_key", "code").values_list("code", flat=True)
    )  # fmt: skip
    assert set(offered) == set(third.residential_groups.all())  # the former ward's group ended in 2025
    codes = {household.code for household in listed.context["page"].object_list}
    expected = set(Household.objects.in_commune(third).in_ward_on(timezone.localdate()).values_list("code", flat=True))
    assert codes == expected and all(code.startswith("C3-") for code in codes)
    assert listed.context["list_total"].value == len(expected)
    assert third.name in listed.context["filter"].title()


def test_a_group_of_another_commune_than_the_chosen_one_is_refused(client, communes):
    client.force_login(province_reader())
    other_group = communes[0].residential_groups.first()
    listed = client.get(reverse("households:list"), {"commune": communes[1].pk, "residential_group": other_group.pk})
    assert listed.context["filter"].form.has_error("residential_group", "invalid_choice")


def test_a_commune_officer_is_not_offered_the_commune_filter(client, communes):
    officer = make_user("ldtbxh", username="officer_one")
    officer.unit = Unit.objects.create(code="labour-social", ward=communes[0], name="LĐTBXH", kind="labour_social")
    officer.save()
    client.force_login(officer)
    listed = client.get(reverse("households:list"), {"commune": communes[1].pk})
    assert "commune" not in listed.context["filter"].form.fields
    codes = {household.code for household in listed.context["page"].object_list}
    assert codes and all(code.startswith("C1-") for code in codes)


def pdf_rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each body and foot row of a table, as WeasyPrint lays the PDF out."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from tests.pdf import text_of

    rows = []
    for page in HTML(string=html, base_url="http://testserver/").render().pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if isinstance(box, boxes.TableBox) and element is not None and element.get("id") == table_id:
                for group in box.children:
                    if getattr(group, "element_tag", "") != "thead":
                        rows += [[text_of(cell) for cell in row.children] for row in group.children]
                continue
            stack.extend(reversed(list(getattr(box, "children", []))))
    return rows


def test_the_roll_up_s_excel_and_pdf_say_what_the_page_says(client, communes):
    import io

    import openpyxl
    from django.template.loader import render_to_string

    from giamngheo.money import format_number

    reader = province_reader()
    client.force_login(reader)
    page = client.get(reverse("province"), {"year": YEAR})
    roll_up = page.context["roll_up"]
    expected = [[row.commune.name, *(value for _label, value in row.cells), row.source] for row in roll_up.rows] + [
        ["Toàn tỉnh", *(value for _label, value in roll_up.total_cells), None]
    ]

    workbook = client.get(reverse("province"), {"year": YEAR, "format": "xlsx"})
    assert workbook["Content-Disposition"].endswith(f'{YEAR}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(n for n, row in enumerate(cells) if row[0] == "Xã, phường")
    body = [row[:7] for row in cells[header + 1 : header + 1 + len(expected)]]
    assert body == expected

    pdf = client.get(reverse("province"), {"year": YEAR, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    keys = ("roll_up", "steps", "issuer", "title", "subtitle", "table_template", "year")
    context = {key: page.context[key] for key in keys}
    html = render_to_string("home/province_pdf.html", context, request=page.wsgi_request)
    printed = [row[:7] for row in pdf_rows(html, "province-table")]
    assert printed == [
        [str(v) if isinstance(v, str) else format_number(v) for v in row[:6]] + [row[6] or ""] for row in expected
    ]


@pytest.fixture
def review_campaigns(communes):
    """The 2023 periodic review: the third commune's former ward sent official results, Phường Một works live."""
    from reviews import services as review_services
    from tests.factories import make_review

    officer = make_user("ldtbxh", username="reviewer")
    review = make_review(YEAR)
    former = AdministrativeUnit.objects.get(code="OLD")
    campaigns = {}
    for unit in (communes[0], former):
        campaign = review_services.open_campaign(review=review, by=officer, commune=unit)
        review_services.build_list(campaign=campaign, by=officer)
        campaigns[unit.code] = campaign
    sent = campaigns["OLD"]
    sent.submissions.create(
        kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), recipient="UBND tỉnh",
        summary=review_services.summary(sent), signed_by=make_user("lanhdao"),
    )  # fmt: skip
    return campaigns


def test_the_review_roll_up_is_each_commune_s_step_5_and_their_sum(communes, review_campaigns):
    from reviews import services as review_services
    from reviews.services import SUMMARY_KEYS

    table = province.review_roll_up(YEAR)
    rows = {row.commune.code: row for row in table.rows}
    assert [row.commune.code for row in table.rows] == ["C3", "C1", "C2"]
    live = review_services.summary(review_campaigns["C1"])
    assert rows["C1"].figures == {key: live[key] for key in SUMMARY_KEYS} and rows["C1"].source == gettext("live")
    assert rows["C1"].figures["households"] == review_campaigns["C1"].entries.count() > 0
    # The former ward's campaign counts in the commune it became, as it was sent.
    sent = review_campaigns["OLD"].submissions.get().summary
    assert rows["C3"].figures == {key: sent[key] for key in SUMMARY_KEYS}
    assert rows["C3"].source == gettext("%(kind)s %(number)s of %(day)s") % {
        "kind": gettext("Official results"), "number": "120/BC-UBND", "day": "10/11/2023"
    }  # fmt: skip
    assert rows["C2"].source == gettext("not opened") and set(rows["C2"].values) == {0}
    assert table.totals == [sum(row.figures[key] for row in table.rows) for key in SUMMARY_KEYS]


def test_a_sent_review_s_row_does_not_move_when_the_campaign_does(communes, review_campaigns):
    from reviews.models import Entry

    before = next(row for row in province.review_roll_up(YEAR).rows if row.commune.code == "C3").values
    Entry.objects.filter(campaign=review_campaigns["OLD"]).delete()
    after = next(row for row in province.review_roll_up(YEAR).rows if row.commune.code == "C3").values
    assert after == before and sum(before) > 0


@pytest.mark.parametrize("role", ["ldtbxh", "lanhdao", "mattran", "taichinh", "donvi"])
def test_only_the_province_opens_the_review_roll_up(client, communes, role):
    client.force_login(make_user(role))
    for params in ({}, {"format": "xlsx"}, {"format": "pdf"}):
        assert client.get(reverse("province_reviews"), params).status_code == 403


def test_the_review_roll_up_s_excel_and_pdf_say_what_the_page_says(client, communes, review_campaigns):
    import io

    import openpyxl
    from django.template.loader import render_to_string

    from giamngheo.money import format_number

    client.force_login(province_reader())
    page = client.get(reverse("province_reviews"), {"year": YEAR})
    assert page.status_code == 200
    table = page.context["review_roll_up"]
    expected = [[row.commune.name, *row.values, row.source] for row in table.rows]
    expected.append(["Toàn tỉnh", *table.totals, None])
    width = len(expected[0])

    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("province_reviews"), {"year": YEAR, "format": "xlsx"}).content)
    ).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(n for n, row in enumerate(cells) if row[0] == "Xã, phường")
    assert cells[header][:width] == page.context["headers"]
    assert [row[:width] for row in cells[header + 1 : header + 1 + len(expected)]] == expected

    pdf = client.get(reverse("province_reviews"), {"year": YEAR, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    keys = ("review_roll_up", "headers", "issuer", "title", "subtitle", "table_template", "year")
    html = render_to_string("home/province_pdf.html", {k: page.context[k] for k in keys}, request=page.wsgi_request)
    # A cell's text as laid out, its line breaks aside (a long number breaks at its hyphen).
    printed = [["".join(text.split()) for text in row] for row in pdf_rows(html, "province-reviews-table")]
    as_printed = [
        [v if isinstance(v, str) else format_number(v) for v in row[:-1]] + [row[-1] or ""] for row in expected
    ]
    assert printed == [["".join(text.split()) for text in row] for row in as_printed]


def official(commune, year, households, people=None):
    return OfficialPopulation.objects.create(
        commune=commune, year=year, as_of=date(year, 12, 31), households=households, people=people,
        source=f"TK {commune.code}", recorded_by=make_user("ldtbxh", username=f"stat_{commune.code}_{year}"),
    )  # fmt: skip


def test_a_merged_commune_s_year_before_the_merger_divides_by_its_former_wards_figures(communes):
    third, former = communes[2], AdministrativeUnit.objects.get(code="OLD")
    eve, end = OfficialPopulation.objects.totals_on([date(2024, 12, 31), date(2025, 12, 31)], third)
    assert eve["source"] == end["source"] == "register"
    official(former, 2024, 40, people=150)
    eve, end = OfficialPopulation.objects.totals_on([date(2024, 12, 31), date(2025, 12, 31)], third)
    # 31/12/2024 was Phường Cũ's to count; 2025 is Phường Ba's, which has entered nothing.
    assert (eve["source"], eve["households"], eve["people"], eve["basis"]) == ("official", 40, 150, "TK OLD")
    assert end["source"] == "register"
    official(third, 2024, 55)  # the commune's own figure for the year stands first
    assert OfficialPopulation.objects.totals_on([date(2024, 12, 31)], third)[0]["households"] == 55


def test_a_commune_formed_of_several_wards_sums_their_figures_only_when_each_entered_one(communes):
    third, former = communes[2], AdministrativeUnit.objects.get(code="OLD")
    second_former = make_ward("Xã Cũ", code="OLD2", valid_to=date(2025, 6, 30))
    third.predecessors.add(second_former)
    official(former, 2024, 40, people=150)
    day = date(2024, 12, 31)
    assert OfficialPopulation.objects.totals_on([day], third)[0]["source"] == "register"  # Xã Cũ's is missing
    official(second_former, 2024, 25)
    total = OfficialPopulation.objects.totals_on([day], third)[0]
    assert (total["households"], total["people"], total["basis"]) == (65, None, "TK OLD; TK OLD2")


def test_the_roll_up_s_households_are_the_official_figures_as_soon_as_entered(communes):
    first, third, former = communes[0], communes[2], AdministrativeUnit.objects.get(code="OLD")
    before = {row.commune: row.figures["total"] for row in province.roll_up(2024, TODAY).rows}
    official(former, 2024, 400)
    official(first, 2024, 700)
    after = {row.commune: row.figures["total"] for row in province.roll_up(2024, TODAY).rows}
    assert (after[third], after[first], after[communes[1]]) == (400, 700, before[communes[1]])
    # The same divisor as the commune's own report of the year.
    for commune in (first, third):
        figures = indicators.compute(date(2024, 1, 1), date(2024, 12, 31), 2024, commune)["poverty"]
        assert figures["total"] == after[commune]


def test_the_review_roll_up_costs_the_same_queries_however_many_live_campaigns(communes, review_campaigns):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews import services as review_services

    with CaptureQueriesContext(connection) as one:
        province.review_roll_up(YEAR)
    officer = make_user("ldtbxh", username="second_reviewer")
    review = review_campaigns["C1"].review
    for commune in communes[1:]:
        campaign = review_services.open_campaign(review=review, by=officer, commune=commune)
        review_services.build_list(campaign=campaign, by=officer)
    with CaptureQueriesContext(connection) as three:
        table = province.review_roll_up(YEAR)
    assert len(three) == len(one)
    second = next(row for row in table.rows if row.commune == communes[1])
    alone = review_services.summary(review.campaigns.get(commune=communes[1]))
    assert second.figures == {key: alone[key] for key in review_services.SUMMARY_KEYS}


def test_the_province_s_home_charts_its_communes_each_the_sum_of_its_lists(client, communes):
    client.force_login(province_reader())
    page = client.get(reverse("home"))
    assert page.context["several_communes"] and b'data-chart="communes"' in page.content
    from django.utils import timezone

    counts = {commune.name: by_sql(timezone.localdate(), commune) for commune in communes}
    expected = {name: (c["poor"], c["near_poor"]) for name, c in counts.items() if c["poor"] or c["near_poor"]}
    assert len(expected) > 1
    assert {row["name"]: (row["poor"], row["near_poor"]) for row in page.context["groups"]} == expected
    # Once a commune is chosen, its groups again.
    client.post(reverse("choose_commune"), {"commune": communes[2].pk})
    chosen = client.get(reverse("home"))
    assert not chosen.context["several_communes"] and b'data-chart="groups"' in chosen.content


def test_the_province_s_open_reviews_name_their_commune_and_cost_the_same_queries_however_many(
    client, communes, review_campaigns
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reviews import progress
    from reviews import services as review_services

    reader, today = province_reader(), timezone.localdate()
    progress.reminders(today, reader)  # the reader's permissions, read once
    with CaptureQueriesContext(connection) as two:
        rows = progress.reminders(today, reader)
    assert {row["commune"].code for row in rows} == {"C1", "OLD"}
    assert all(row["step"].missing == [] for row in rows)  # what keeps a step open is the commune's page
    officer, review = make_user("ldtbxh", username="third_reviewer"), review_campaigns["C1"].review
    for commune in communes[1:]:
        review_services.build_list(
            campaign=review_services.open_campaign(review=review, by=officer, commune=commune), by=officer
        )
    with CaptureQueriesContext(connection) as four:
        rows = progress.reminders(today, reader)
    assert len(rows) == 4 and len(four) == len(two)
    client.force_login(reader)
    page = client.get(reverse("home")).content.decode()
    assert "Phường Một: " in page and "Xã Hai: " in page
    # A commune's officer sees their own review, with what keeps its step open.
    own_officer = make_user(
        "ldtbxh", username="c1_officer",
        unit=Unit.objects.create(code="labour-social", ward=communes[0], name="LĐTBXH", kind="labour_social"),
    )  # fmt: skip
    (own,) = progress.reminders(today, own_officer)
    assert own["commune"] is None and own["campaign"] == review_campaigns["C1"] and own["step"].missing


def test_the_province_s_due_reports_name_the_units_that_have_not_submitted(client, communes):
    first, second, third = communes
    former = AdministrativeUnit.objects.get(code="OLD")
    officer = make_user("ldtbxh", username="reporter")
    report = reports.draft(period="year", year=2025, by=officer, commune=first)
    report.number, report.report_date = "3/BC-UBND", date(2026, 1, 8)
    report.save()
    reports.submit(report=report, by=officer)
    due = {(row.period, row.year): row for row in Report.objects.periods_due(date(2026, 1, 10), by_commune=True)}
    assert (due["year", 2025].expected, set(due["year", 2025].missing)) == (3, {second, third})
    # The first half of 2025 was Phường Cũ's to report: Phường Ba is expected through it, and its
    # report, once sent, counts for Phường Ba as on Phường Ba's own page.
    assert (due["half_year", 2025].expected, set(due["half_year", 2025].missing)) == (3, {first, second, third})
    half = reports.draft(period="half_year", year=2025, by=officer, commune=former)
    half.number, half.report_date = "1/BC-UBND", date(2025, 7, 10)
    half.save()
    reports.submit(report=half, by=officer)
    due = {(row.period, row.year): row for row in Report.objects.periods_due(date(2026, 1, 10), by_commune=True)}
    assert set(due["half_year", 2025].missing) == {first, second}
    assert ("half_year", 2025) not in {
        (r.period, r.year) for r in Report.objects.in_commune(third).periods_due(date(2026, 1, 10))
    }
    # One commune's view of the same reports: 2025 is done where it was submitted.
    assert ("year", 2025) not in {
        (r.period, r.year) for r in Report.objects.in_commune(first).periods_due(date(2026, 1, 10))
    }
    client.force_login(province_reader())
    html = client.get(reverse("home")).content.decode()
    row = html[html.index('data-period="year-2025"') :]
    assert (
        row[: row.index("</li>")].count('data-missing-communes="2"') == 1 and second.name in row[: row.index("</li>")]
    )


def test_the_province_s_report_list_names_each_report_s_commune_and_who_has_not_sent(client, communes):
    first = communes[0]
    officer = make_user("ldtbxh", username="lister")
    report = reports.draft(period="year", year=2025, by=officer, commune=first)
    client.force_login(province_reader())
    page = client.get(reverse("monitoring:report_list"))
    html = page.content.decode()
    assert page.context["several_communes"]
    assert f'<td>{first.name}</td><td><a href="{report.get_absolute_url()}">' in html
    row = html[html.index('data-period="year-2025"') :]
    assert 'data-missing-communes="3"' in row[: row.index("</li>")]  # drafted is not sent


def test_the_province_s_campaign_list_names_each_campaign_s_commune(client, communes, review_campaigns):
    client.force_login(province_reader())
    page = client.get(reverse("reviews:list"))
    assert page.context["several_communes"]
    html = page.content.decode()
    for code, campaign in review_campaigns.items():
        assert f'<td>{campaign.commune.name}</td><td><a href="{campaign.get_absolute_url()}">' in html, code


def test_the_province_s_household_list_and_its_print_name_each_household_s_commune(client, communes):
    client.force_login(province_reader())
    page = client.get(reverse("households:list"))
    assert page.context["several_communes"]
    units = {row.code: row for row in AdministrativeUnit.objects.all()}
    for household in page.context["page"]:
        expected = "C3" if household.residential_group.unit.code == "OLD" else household.residential_group.unit.code
        assert household.commune == units[expected]
    printed = client.get(reverse("households:list"), {"print": 1}).content.decode()
    from django.utils import timezone

    assert printed.count("data-commune>") == Household.objects.in_ward_on(timezone.localdate()).count()
    assert "data-commune>Phường Ba<" in printed
    # One commune chosen: its own list, without the column.
    client.post(reverse("choose_commune"), {"commune": communes[0].pk})
    assert not client.get(reverse("households:list")).context["several_communes"]
