"""The import commands print each stored error on one line, and say truthfully what was imported."""

import pytest
from django.core.management import call_command

from households.models import Household, Member
from imports.command import error_line
from imports.models import ImportBatch
from tests.factories import make_family_rows, make_user, make_xlsx
from tests.imports.test_formats import make_ods


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


@pytest.mark.django_db
def test_commit_of_a_refused_file_says_nothing_was_saved_and_exits_non_zero(tmp_path, capsys, group):
    make_user("ldtbxh", username="can_bo")
    rows = make_family_rows()
    rows[1]["Số CCCD"] = "12345"
    path = tmp_path / "ho.xlsx"
    path.write_bytes(make_xlsx(rows))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_households", str(path), "--commit", "--user", "can_bo")
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert "created" not in out.out
    assert "nothing saved" in out.out
    assert "[citizen_id_format]" in out.err
    assert not Household.objects.exists()
    assert ImportBatch.objects.get().state == ImportBatch.State.FAILED


@pytest.mark.django_db
def test_commit_of_a_good_file_prints_what_was_created(tmp_path, capsys, group):
    make_user("ldtbxh", username="can_bo")
    path = tmp_path / "ho.ods"
    path.write_bytes(make_ods(make_family_rows()))
    call_command("import_households", str(path), "--commit", "--user", "can_bo")
    assert "3 rows imported: 3 created" in capsys.readouterr().out
    assert Member.objects.count() == 3
    assert ImportBatch.objects.get().state == ImportBatch.State.APPLIED
