"""The household list printed as the ward's official list: headings, title, every row, signatures."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from giamngheo.models import Signatory
from households.filters import LIST_TITLES
from households.models import Status
from tests.factories import make_decision, make_group, make_household, make_user, make_ward

pytestmark = pytest.mark.django_db

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEAD_CCCD = "056080001234"


@pytest.fixture
def ward():
    ward = make_ward("Phường Phước Hải")
    Signatory.objects.create(
        unit=ward,
        full_name="Nguyễn Thị Thùy Dung",
        position="Phó Chủ tịch",
        capacity="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    )
    return ward


@pytest.fixture
def groups(ward):
    return make_group(ward, code="TDP07", name="Tổ dân phố 7"), make_group(ward, code="TDP08", name="Tổ dân phố 8")


def printed(client, **params):
    response = client.get(reverse("households:list"), {"print": "1", **params})
    assert response.status_code == 200
    return response, response.content.decode()


def printed_codes(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', html)


def cell(html: str, code: str, attribute: str) -> str:
    row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', html, re.S).group(1)
    return re.search(rf"<td[^>]* {attribute}[^>]*>(.*?)</td>", row, re.S).group(1).strip()


def poor_household(group, code, head="Nguyễn Văn Ánh", on=date(2023, 1, 10), **fields):
    household = make_household(head, group=group, code=code, **fields)
    make_decision(household, Status.POOR, on)
    return household


def test_printed_list_has_the_national_and_ward_headings_and_the_signatures(client, officer, ward, groups):
    poor_household(groups[0], "P1")
    response, html = printed(client)
    assert NATIONAL in html and MOTTO in html
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert ward.title().upper() in html
    signatory = re.search(r'data-signer="signatory">(.*?)</div>\s*</footer>', html, re.S).group(1)
    today = timezone.localdate()
    assert "Phường Phước Hải" in signatory and f"{today:%d}" in signatory and f"{today:%Y}" in signatory
    assert "TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH" in signatory
    assert "Nguyễn Thị Thùy Dung" in signatory
    preparer = re.search(r'data-signer="preparer">(.*?)</div>\s*<div class="official-signer"', html, re.S).group(1)
    assert "Lê Thị Chương" in preparer


def test_printed_title_says_which_list_of_which_group_on_which_day(client, officer, ward, groups):
    poor_household(groups[0], "P1")
    response, _html = printed(client, status="poor", residential_group=groups[0].pk, on="02/12/2026")
    title = response.context["title"]
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert str(LIST_TITLES[Status.POOR]) in title
    assert "Tổ dân phố 7" in title and "02/12/2026" in title
    response, _html = printed(client, status="near_poor")
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert str(LIST_TITLES[Status.NEAR_POOR]) in response.context["title"]
    assert f"{timezone.localdate():%d/%m/%Y}" in response.context["title"]
    assert "Tổ dân phố" not in response.context["title"]


def test_printed_list_has_every_row_with_status_and_group_by_name_and_their_count(client, officer, groups):
    for number in range(60):  # more than a page of the list
        poor_household(groups[number % 2], f"P{number:02d}")
    make_household(group=groups[0], code="N1")
    response, html = printed(client, status="poor", on="02/12/2026")
    codes = printed_codes(html)
    assert sorted(codes) == [f"P{number:02d}" for number in range(60)]
    assert 'data-total="60"' in html
    assert cell(html, "P01", "data-group") == "Tổ dân phố 8"
    assert 'data-status="poor"' in re.search(r'<tr data-code="P01">(.*?)</tr>', html, re.S).group(1)
    _response, html = printed(client, on="02/12/2026")
    assert len(printed_codes(html)) == 61
    assert 'data-status="none"' in re.search(r'<tr data-code="N1">(.*?)</tr>', html, re.S).group(1)


def test_printed_list_keeps_the_lists_filters_and_order(client, officer, groups):
    poor_household(groups[0], "B", head="Trần Thị Bích")
    poor_household(groups[0], "A", head="Lê Văn Anh")
    poor_household(groups[1], "C", head="Phạm Văn Cường")
    _response, html = printed(client, residential_group=groups[0].pk)
    assert printed_codes(html) == ["A", "B"]
    _response, html = printed(client, q="cuong")
    assert printed_codes(html) == ["C"]


def test_printed_list_reads_the_same_number_of_queries_for_3_and_30_households(client, officer, ward, groups):
    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            _response, html = printed(client)
        return len(queries), len(printed_codes(html))

    for number in range(3):
        poor_household(groups[0], f"A{number}", members=[{"full_name": "Trần Văn An"}])
    few = queries_for_the_list()
    for number in range(27):
        poor_household(groups[number % 2], f"B{number}", members=[{"full_name": "Trần Văn An"}])
    many = queries_for_the_list()
    assert (few[1], many[1]) == (3, 30)
    assert few[0] == many[0], (few, many)


def test_printed_list_marks_a_recently_escaped_household(client, officer, groups):
    household = make_household(group=groups[0], code="E1")
    today = timezone.localdate()
    make_decision(household, Status.POOR, today - timedelta(days=400))
    make_decision(household, Status.NONE, today - timedelta(days=10))
    response, html = printed(client, status="recently_escaped")
    assert printed_codes(html) == ["E1"]
    assert response.context["households"][0].recently_escaped


@pytest.mark.parametrize(("role", "shown"), [("ldtbxh", HEAD_CCCD), ("mattran", "056******234")])
def test_printed_list_shows_the_heads_citizen_id_as_the_role_may_see_it(client, groups, role, shown):
    household = make_household(group=groups[0], code="C1")
    household.members.filter(relation="head").update(citizen_id=HEAD_CCCD, sex="M", date_of_birth=date(1980, 1, 1))
    client.force_login(make_user(role))
    _response, html = printed(client)
    assert printed_codes(html) == ["C1"]
    assert shown in html
    if role == "mattran":
        assert HEAD_CCCD not in html


def test_printed_list_needs_the_lists_permission(client, groups):
    make_household(group=groups[0], code="C1")
    client.force_login(make_user())
    response = client.get(reverse("households:list"), {"print": "1"})
    assert response.status_code == 403


def test_the_list_offers_its_print_with_the_same_filters(client, officer, groups):
    response = client.get(reverse("households:list"), {"status": "poor", "page": "1"})
    link = re.search(r'href="([^"]*)" data-print-list', response.content.decode()).group(1)
    assert link == f"{reverse('households:list')}?status=poor&amp;print=1"
