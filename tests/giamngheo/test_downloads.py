"""Downloads keep their file names, a Vietnamese one included."""

from giamngheo.downloads import attachment


def test_an_ascii_file_name_is_sent_as_it_is():
    response = attachment(b"%PDF", "application/pdf", "bao-cao-giam-sat-2023-year-v1.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-giam-sat-2023-year-v1.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF"


def test_a_vietnamese_file_name_is_percent_encoded_in_utf8():
    response = attachment(b"", "text/csv; charset=utf-8", "Danh sách hộ.csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Danh%20s%C3%A1ch%20h%E1%BB%99.csv"
