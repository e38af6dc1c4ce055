"""The import commands print each stored error on one line: where, what, and the error code."""

from imports.command import error_line


def test_a_row_error_names_the_row_and_the_column_and_ends_with_its_code():
    line = error_line({"row": 7, "column": "Số CCCD", "code": "citizen_id_format", "params": {}})
    assert line.startswith("dòng 7, cột “Số CCCD”: ")
    assert line.endswith(" [citizen_id_format]")


def test_a_file_error_names_the_file():
    error = {"row": None, "column": "", "code": "missing_column", "params": {"column": "Mã hộ"}}
    line = error_line(error)
    assert line.startswith("tệp: ")
    assert "Mã hộ" in line
    assert line.endswith(" [missing_column]")
