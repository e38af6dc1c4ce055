"""One installation, two communes: no officer of one reaches the other's rows by any URL, export or id."""

import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budget import services as budget
from giamngheo import access
from giamngheo.models import Unit
from households.models import Household, StatusDecision
from households.status import Status
from imports.models import ExportJob, ImportBatch
from monitoring import services as reports
from monitoring.models import Report
from projects.plan_loader import load_plan
from reviews import services as reviews
from reviews.models import Campaign
from tests.factories import make_decision, make_group, make_household, make_review, make_user, make_ward

pytestmark = pytest.mark.django_db

PLAN = settings.BASE_DIR / "fixtures" / "plan-538-KH-UBND-2023.json"
# What only commune B's rows print: found on no page an officer of A may open.
B_MARKERS = ("BNT-0001", "Trịnh Bắc Sơn", "77/BC-UBND", "officer_b")


def build_commune(name, code, household_code, head, officer_name):
    ward = make_ward(name, code=code)
    group = make_group(ward, code=f"{code}-T1")
    household = make_household(head, group=group, code=household_code)
    officer = make_user("ldtbxh", username=officer_name)
    plan = load_plan(PLAN, ward)
    officer.unit = Unit.objects.get(code="labour-social", ward=ward)
    officer.save()
    for role in ("lanhdao", "taichinh"):  # every permission a commune grants, so only the commune stops it
        officer.groups.add(make_user(role).groups.get())
    make_decision(household, Status.POOR, date(2023, 3, 1), by=officer)
    subproject = plan.subprojects.get(official_code="DA3-TDA1")
    line = budget.allocate(
        subproject=subproject, budget_year=2023, source="central_recurrent", amount=50_000_000,
        decision_number=f"{code}/QĐ-UBND", decision_date=date(2023, 2, 1), issuing_body=name, by=officer,
    )  # fmt: skip
    payment = budget.disburse(
        allocation=line, kind="payment", amount=1_000_000, paid_on=date(2023, 5, 1),
        voucher_number=f"PC-{code}", payee_name=head, purpose="Hỗ trợ", by=officer,
    )  # fmt: skip
    report = reports.draft(period="year", year=2023, by=officer)
    report.number = "77/BC-UBND" if code == "B" else "11/BC-UBND"
    report.save()
    campaign = reviews.open_campaign(review=make_review(2023), by=officer)
    batch = ImportBatch.objects.create(
        kind="households", file_name="ho.xlsx", sha256=code * 64, size=1, created_by=officer
    )
    job = ExportJob.objects.create(
        requested_by=officer, kind="households", commune_id=ward.pk, state=ExportJob.State.QUEUED
    )
    return {
        "ward": ward, "group": group, "household": household, "officer": officer, "subproject": subproject,
        "line": line, "payment": payment, "report": report, "campaign": campaign, "batch": batch, "job": job,
    }  # fmt: skip


@pytest.fixture
def communes():
    a = build_commune("Phường Nam Nha Trang", "A", "NNT-0001", "Phạm Nam Hải", "officer_a")
    b = build_commune("Phường Bắc Nha Trang", "B", "BNT-0001", "Trịnh Bắc Sơn", "officer_b")
    return a, b


def patterns(resolver=None, prefix=""):
    """(name, pattern) of every URL the app serves, the admin's aside (tested on its own below)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from patterns(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry.pattern


def kwargs_for(name, pattern, b):
    """The URL's arguments naming commune B's rows."""
    namespace = name.partition(":")[0]
    converters = pattern.converters
    values = {}
    for arg in converters:
        if arg == "code":
            values[arg] = b["household"].code
        elif arg == "pk":
            values[arg] = {
                "projects": b["subproject"].pk, "monitoring": b["report"].pk, "reviews": b["campaign"].pk,
                "imports": b["job"].pk if "export" in name else b["batch"].pk,
                "budget": b["payment"].pk if "reverse" in name else b["line"].pk,
            }[namespace]  # fmt: skip
        elif arg == "group_pk":
            values[arg] = b["group"].pk
        elif arg == "key":
            values[arg] = "poor_end"
        elif arg == "name":
            values[arg] = "poor"
        elif arg == "kind":
            values[arg] = "households"
        elif arg == "step":
            values[arg] = 1
        else:
            values[arg] = 1
    return values


def commune_b_urls(b):
    for name, pattern in patterns():
        if pattern.converters and not (set(pattern.converters) <= {"kind"}):
            yield name, reverse(name, kwargs=kwargs_for(name, pattern, b))


def state(b):
    return (
        Household.objects.filter(pk=b["household"].pk).values_list("updated_at", "current_status").get(),
        StatusDecision.objects.filter(household=b["household"]).count(),
        b["line"].disbursements.count(),
        Report.objects.filter(pk=b["report"].pk).values_list("state", "number").get(),
        Campaign.objects.get(pk=b["campaign"].pk).closures.count(),
    )


def test_an_officer_of_one_commune_reaches_no_row_of_the_other_by_any_url(client, communes):
    a, b = communes
    client.force_login(a["officer"])
    before = state(b)
    urls = list(commune_b_urls(b))
    assert len(urls) > 40
    for name, url in urls:
        got = client.get(url)
        assert got.status_code in (403, 404, 405), (name, url, got.status_code)
        posted = client.post(url, {"confirm": "1", "amount": "1000", "status": "none"})
        assert posted.status_code in (403, 404, 405), (name, url, posted.status_code)
    assert state(b) == before


def page_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return content.decode("utf-8", "replace")


LISTS = [
    ("home", {}),
    ("households:list", {}),
    ("households:list", {"q": "Trinh Bac"}),
    ("households:export", {}),
    ("projects:subproject_list", {}),
    ("budget:overview", {}),
    ("budget:overview", {"format": "xlsx"}),
    ("budget:ledger", {}),
    ("budget:ledger", {"format": "xlsx"}),
    ("monitoring:report_list", {}),
    ("reviews:list", {}),
    ("access_changes", {}),
]


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_no_list_or_export_of_one_commune_shows_the_other(client, communes, name, params):
    a, b = communes
    client.force_login(a["officer"])
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    text = page_text(response)
    assert not [marker for marker in B_MARKERS if marker in text]
    if name == "households:list" and not params:
        assert a["household"].code in text


@pytest.mark.parametrize(
    ("name", "params"), [("households:search", {"q": "Trinh Bac"}), ("households:lookup", {"q": "BNT-0001"})]
)
def test_no_search_of_one_commune_finds_the_other(client, communes, name, params):
    a, _b = communes
    client.force_login(a["officer"])
    text = page_text(client.post(reverse(name), params, follow=True))
    assert not [marker for marker in B_MARKERS if marker in text]


def test_a_commune_s_own_pages_open_for_its_officer(client, communes):
    a, _b = communes
    client.force_login(a["officer"])
    for url in (
        a["household"].get_absolute_url(), a["report"].get_absolute_url(), a["campaign"].get_absolute_url(),
        reverse("projects:subproject_detail", args=[a["subproject"].pk]), a["line"].get_absolute_url(),
        reverse("imports:export_detail", args=[a["job"].pk]),
    ):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_the_report_of_a_commune_counts_only_its_households(communes):
    a, b = communes
    make_decision(make_household("Lý Bắc", group=b["group"], code="BNT-0002"), Status.POOR, date(2023, 4, 1))
    figures_a = reports.figures(a["report"])
    figures_b = reports.figures(b["report"])
    assert figures_a["poverty"]["poor_end"] == 1
    assert figures_b["poverty"]["poor_end"] == 2
    assert figures_a["members"]["poor_end"] == [a["household"].pk]


def test_the_admin_lists_only_the_commune_s_households(client, communes):
    a, b = communes
    a["officer"].is_staff = True
    a["officer"].save()
    client.force_login(a["officer"])
    assert client.get(reverse("admin:households_household_change", args=[b["household"].pk])).status_code in (
        302,
        403,
        404,
    )


def test_the_province_reads_every_commune_and_writes_nothing(client, communes):
    a, b = communes
    province = make_user(username="sonoivu")
    province.groups.add(make_user("mattran").groups.get())
    from django.contrib.auth.models import Group

    province.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    client.force_login(province)
    text = page_text(client.get(reverse("households:list")))
    assert a["household"].code in text and b["household"].code in text
    assert client.get(b["household"].get_absolute_url()).status_code == 200
    assert client.get(b["report"].get_absolute_url()).status_code == 200
    assert client.post(reverse("households:decision_create", args=[b["household"].code])).status_code == 403
    # Choosing a commune narrows every page to it.
    assert client.post(reverse("choose_commune"), {"commune": a["ward"].pk}).status_code == 302
    text = page_text(client.get(reverse("households:list")))
    assert a["household"].code in text and b["household"].code not in text
    assert client.get(b["household"].get_absolute_url()).status_code == 404


def test_an_officer_cannot_choose_another_commune(client, communes):
    a, b = communes
    client.force_login(a["officer"])
    assert client.post(reverse("choose_commune"), {"commune": b["ward"].pk}).status_code == 403
    assert client.get(b["household"].get_absolute_url()).status_code == 404


def test_a_user_without_a_unit_works_in_the_sole_commune_and_nowhere_once_there_are_two(rf):
    lone = make_user("ldtbxh")
    first = make_ward("Phường Một", code="ONE")
    make_household(group=make_group(first), code="ONE-1")
    assert access.communes_of(lone) == [first]
    assert Household.objects.for_user(lone).count() == 1
    make_ward("Phường Hai", code="TWO")
    assert access.communes_of(lone) == []
    assert Household.objects.for_user(lone).count() == 0
