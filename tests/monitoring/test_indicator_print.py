"""A report figure's households printed as the ward's list: the figure, the period, every household."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from giamngheo.models import Signatory
from households.models import Status
from monitoring import document, services
from tests.factories import default_ward, make_decision, make_group, make_household, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    """An annual 2023 report of a ward with 60 poor households at the end of the year and one never poor."""
    ward = default_ward()
    Signatory.objects.create(unit=ward, full_name="Nguyễn Thị Thùy Dung", position="Phó Chủ tịch")
    group = make_group(ward, code="TDP07", name="Tổ dân phố 7")
    for number in range(60):
        make_decision(make_household(group=group, code=f"P{number:02d}"), Status.POOR, date(2023, 3, 1))
    make_household(group=group, code="N1")
    return services.draft(period="year", year=2023, by=make_user("ldtbxh"))


def print_url(report, key="poor_end"):
    return reverse("monitoring:indicator_households", args=[report.pk, key]) + "?print=1"


def test_printed_figure_lists_every_household_of_it_with_its_label_and_period(client, report):
    client.force_login(make_user("ldtbxh"))
    response = client.get(print_url(report))
    html = response.content.decode()
    codes = re.findall(r'<tr data-code="([^"]+)"', html)
    assert sorted(codes) == [f"P{number:02d}" for number in range(60)]
    assert 'data-total="60"' in html and html.count('data-status="poor"') == 60
    assert re.findall(r"<td[^>]* data-group>([^<]*)</td>", html) == ["Tổ dân phố 7"] * 60
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and 'data-signer="signatory"' in html
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        label = document.label_for("poor_end", services.figures(report))
    assert label in response.context["title"]
    assert "01/01/2023" in response.context["lines"][0] and "31/12/2023" in response.context["lines"][0]
    assert response.context["day"] == date(2023, 12, 31)


def test_printed_figure_shows_only_the_households_the_user_may_see(client, report):
    client.force_login(make_user(perms=["monitoring.view_report"]))
    html = client.get(print_url(report)).content.decode()
    assert re.findall(r'<tr data-code="([^"]+)"', html) == [] and 'data-total="0"' in html


def test_printed_figure_of_an_unknown_key_is_not_found(client, report):
    client.force_login(make_user("ldtbxh"))
    assert client.get(print_url(report, "no_such_figure")).status_code == 404


def test_figure_page_offers_its_print(client, report):
    client.force_login(make_user("ldtbxh"))
    html = client.get(reverse("monitoring:indicator_households", args=[report.pk, "poor_end"])).content.decode()
    assert 'href="?print=1" data-print-list' in html
