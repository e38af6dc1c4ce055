"""Downloads keep their file names, a Vietnamese one included."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from giamngheo.downloads import attachment, download_name
from monitoring import exports as monitoring_exports


def test_an_ascii_file_name_is_sent_as_it_is():
    response = attachment(b"%PDF", "application/pdf", "bao-cao-giam-sat-2023-year-v1.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-giam-sat-2023-year-v1.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF"


def test_a_vietnamese_file_name_is_percent_encoded_in_utf8():
    response = attachment(b"", "text/csv; charset=utf-8", "Danh sách hộ.csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Danh%20s%C3%A1ch%20h%E1%BB%99.csv"


def test_download_names_are_vietnamese_words_without_accents():
    assert download_name("Báo cáo", 2023, "bản", 1, ext="xlsx") == "bao-cao-2023-ban-1.xlsx"
    assert download_name("Sổ giải ngân", date(2024, 3, 5), ext="xlsx") == "so-giai-ngan-2024-03-05.xlsx"
    assert download_name("Hỗ trợ", "DA3-TDA2", "năm", 2023, ext="csv") == "ho-tro-da3-tda2-nam-2023.csv"
    assert download_name("Đ/c Đức", "", ext="pdf") == "dc-duc.pdf"


@pytest.mark.parametrize(
    "period, expected",
    [("year", "bao-cao-giam-sat-2023-ca-nam-ban-2.xlsx"), ("half_year", "bao-cao-giam-sat-2023-6-thang-ban-2.xlsx")],
)
def test_report_files_name_the_period_in_vietnamese(period, expected):
    report = SimpleNamespace(year=2023, period=period, version=2)
    assert monitoring_exports._filename(report, "xlsx") == expected


@pytest.mark.django_db
def test_household_export_is_named_in_vietnamese(client, officer, settings):
    with translation.override("en"):
        response = client.get(reverse("households:export"), {"format": "csv"})
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="ho-gia-dinh-{today:%Y-%m-%d}.csv"'
