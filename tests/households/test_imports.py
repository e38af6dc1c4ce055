"""Imports of households and assessments: preview, confirm, idempotence and every refusal."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from households.importers.columns import HOUSEHOLD_COLUMNS
from households.importers.households import HouseholdImporter
from households.models import Assessment, Household, Member
from tests.factories import (
    error_codes,
    import_households,
    make_family_rows,
    make_household,
    make_member,
    make_member_row,
    make_user,
    make_xlsx,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]

HEADERS = [column.header for column in HOUSEHOLD_COLUMNS]


def csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    for row in rows:
        writer.writerow({key: f"{value:%d/%m/%Y}" if isinstance(value, date) else value for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode()


def test_preview_changes_nothing_and_commit_creates_all(officer, group):
    data = make_xlsx(make_family_rows())
    report = import_households(officer, data)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert not Household.objects.exists()
    report = import_households(officer, data, commit=True)
    assert report.error_count == 0
    household = Household.objects.get(code="PH-001")
    assert household.head_name == "Trần Văn Bình"
    assert household.members.count() == 3
    assert "tran minh khoi" in household.search_text
    assert household.history.first().history_user == officer
    assert Member.history.filter(history_user=officer).count() == 3
    assert Member.objects.get(full_name="Lê Thị Hoa").date_of_birth == date(1982, 9, 2)


def test_reimporting_the_same_file_changes_nothing(officer, group):
    data = make_xlsx(make_family_rows())
    import_households(officer, data, commit=True)
    history = Member.history.count(), Household.history.count()
    report = import_households(officer, data, commit=True)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (0, 0, 3, 0)
    assert (Member.history.count(), Household.history.count()) == history


def test_columns_in_another_order_with_other_case_and_accents(officer, group):
    order = list(reversed(make_family_rows()[0].keys()))
    headers = [header.upper() if index % 2 else header for index, header in enumerate(order)]
    headers[order.index("Họ và tên")] = "ho va ten"
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in make_family_rows():
        sheet.append([row[header] for header in order])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_households(officer, buffer.getvalue(), commit=True)
    assert report.error_count == 0, report.errors
    assert Member.objects.count() == 3


def test_update_by_citizen_id_and_by_name_and_birth_date(officer, group):
    import_households(officer, make_xlsx(make_family_rows()), commit=True)
    rows = make_family_rows()
    rows[0]["Địa chỉ"] = "14 Lê Hồng Phong"
    for row in rows:
        row["Địa chỉ"] = "14 Lê Hồng Phong"
    for row in rows:
        row["Trình độ học vấn"] = ""
    rows[2]["Trình độ học vấn"] = "Tiểu học"
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Household.objects.get().address == "14 Lê Hồng Phong"
    assert Member.objects.get(full_name="Trần Minh Khôi").education == "1_primary"
    assert Member.objects.count() == 3


def test_csv_with_semicolons_and_dates_typed_several_ways(officer, group):
    rows = make_family_rows()
    rows[0]["Ngày sinh"] = "5/3/1980"
    rows[0]["Số CCCD"] = "056080001234"
    rows[1]["Ngày sinh"] = "02-09-1982"
    data = csv_bytes(rows).replace(b",", b";")
    report = import_households(officer, data, name="ho.csv", commit=True)
    assert report.error_count == 0, report.errors
    assert Member.objects.get(relation="head").date_of_birth == date(1980, 3, 5)


@pytest.mark.parametrize(
    "fields, column, code",
    [
        ({"Ngày sinh": "03/15/1980"}, "Ngày sinh", "date_invalid"),  # month first: refused, not guessed
        ({"Ngày sinh": "hôm qua"}, "Ngày sinh", "date_invalid"),
        ({"Ngày sinh": "31/02/1980", "Số CCCD": ""}, "Ngày sinh", "date_not_in_calendar"),
        ({"Số CCCD": "05608000123"}, "Số CCCD", "citizen_id_format"),
        ({"Số CCCD": "056090001234"}, "Số CCCD", "citizen_id_birth_year"),
        ({"Giới tính": "X"}, "Giới tính", "choice_invalid"),
        ({"Tổ dân phố": "TDP99"}, "Tổ dân phố", "group_unknown"),
        ({"Họ và tên": ""}, "Họ và tên", "required"),
        ({"Mã hộ": "PH 001"}, "Mã hộ", "code_format"),
        ({"Ngày sinh": "01/01/2999", "Số CCCD": ""}, "Ngày sinh", "born_in_future"),
    ],
)
def test_row_errors_name_row_and_column_and_save_nothing(officer, group, fields, column, code):
    rows = [
        make_member_row("PH-002", **{"Số CCCD": "056075000111", "Ngày sinh": "01/01/1975"}),
        make_member_row(**fields),
    ]
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert [(e["row"], e["column"], e["code"]) for e in report.errors] == [(3, column, code)]
    assert not Household.objects.exists()
    assert not Member.objects.exists()


def test_household_level_errors(officer, group):
    make_household(code="PH-009", members=[{"citizen_id": "056090000999", "date_of_birth": date(1990, 1, 1)}])
    rows = [
        make_member_row("PH-003", **{"Số CCCD": "056090000999", "Ngày sinh": "01/01/1990"}),  # in another household
        make_member_row("PH-004", **{"Số CCCD": ""}),
        make_member_row("PH-004", **{"Số CCCD": "", "Họ và tên": "Trần Văn Ba", "Địa chỉ": "Khác"}),  # inconsistent
        make_member_row("PH-005", **{"Số CCCD": ""}),
        make_member_row("PH-005", **{"Số CCCD": "", "Họ và tên": "Trần Văn Ba"}),  # two heads
        make_member_row("PH-006", **{"Số CCCD": ""}),
        make_member_row("PH-004", **{"Số CCCD": ""}),  # split
    ]
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert error_codes(report) == [
        "household_inconsistent",
        "household_split",
        "member_in_other_household",
        "one_head",
    ]
    assert Household.objects.count() == 1


def test_same_citizen_id_twice_in_the_file(officer, group):
    rows = make_family_rows("PH-001") + make_family_rows("PH-002")
    report = import_households(officer, make_xlsx(rows))
    assert error_codes(report) == ["citizen_id_twice"]
    assert report.errors[0]["row"] == 5


def test_duplicates_far_apart_are_found_beyond_one_chunk(officer, group):
    """Keys of earlier chunks are kept on disk, not in memory: still found, with the first row."""
    assert HouseholdImporter.chunk_size == 1000
    rows = [make_member_row(f"PH-{index:04d}", **{"Số CCCD": f"056080{index:06d}"}) for index in range(1002)]
    rows.append(make_member_row("PH-0000", **{"Số CCCD": "056080999999"}))  # row 1004, 1,002 households later
    rows.append(make_member_row("PH-2000", **{"Số CCCD": "056080000000"}))  # row 1005: same CCCD as row 2
    report = import_households(officer, make_xlsx(rows))
    assert [(e["row"], e["column"], e["code"], e["params"]) for e in report.errors] == [
        (1004, "Mã hộ", "household_split", {"code": "PH-0000"}),
        (1005, "Số CCCD", "citizen_id_twice", {"row": 2}),
    ]


def test_excel_number_cell_that_lost_the_leading_zero(officer, group):
    rows = make_family_rows()
    rows[0]["Số CCCD"] = 56080001234
    import_households(officer, make_xlsx(rows), commit=True)
    assert Member.objects.get(relation="head").citizen_id == "056080001234"


def test_template_has_headers_notes_lists_and_guide(client, officer):
    response = client.get(reverse("imports:template", args=["households"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Dữ liệu"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.comment is not None for cell in sheet[1])
    assert "Hướng dẫn" in book.sheetnames
    validated = {str(rule.sqref).split(":")[0][:-1] for rule in sheet.data_validations.dataValidation}
    sex_letter = sheet.cell(row=1, column=HEADERS.index("Giới tính") + 1).column_letter
    assert sex_letter in validated
    assert book["Danh mục"]["A1"].value


# --- Command line ----------------------------------------------------------------


def test_command_checks_then_commits(tmp_path, officer, group, capsys):
    path = tmp_path / "ho.xlsx"
    path.write_bytes(make_xlsx(make_family_rows()))
    call_command("import_households", str(path), "--user", officer.username)
    assert not Household.objects.exists()
    call_command("import_households", str(path), "--user", officer.username, "--commit")
    assert Member.objects.count() == 3
    out = capsys.readouterr().out
    assert "3" in out


def test_command_prints_row_errors_and_fails(tmp_path, officer, group, capsys):
    rows = make_family_rows()
    rows[2]["Ngày sinh"] = "31/02/2015"
    path = tmp_path / "ho.xlsx"
    path.write_bytes(make_xlsx(rows))
    with pytest.raises(SystemExit):
        call_command("import_households", str(path), "--user", officer.username, "--commit")
    err = capsys.readouterr().err
    assert "dòng 4" in err
    assert "[date_not_in_calendar]" in err
    assert not Household.objects.exists()


# --- Exports ---------------------------------------------------------------------


def test_export_then_reimport_changes_nothing(client, officer, group):
    make_household(
        code="PH-100",
        group=group,
        members=[{"full_name": '=HYPERLINK("http://x")', "citizen_id": "056090001234", "relation": "child"}],
    )
    make_household(code="PH-101", group=group)
    response = client.get(reverse("households:export") + "?format=xlsx")
    assert response.status_code == 200
    report = import_households(officer, response.getvalue(), commit=True)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    csv_response = client.get(reverse("households:export") + "?format=csv")
    report = import_households(officer, csv_response.getvalue(), name="ho.csv", commit=True)
    assert report.error_count == 0, report.errors
    assert report.unchanged == 3


def test_export_respects_the_list_filter(client, officer, group):
    make_household(code="PH-200", group=group, head_name="Nguyễn Văn Lâm")
    make_household(code="PH-201", group=group, head_name="Phạm Thị Mai")
    response = client.get(reverse("households:export") + "?q=mai&format=csv")
    text = response.getvalue().decode("utf-8-sig")
    assert "PH-201" in text
    assert "PH-200" not in text


def test_export_escapes_formulas(client, officer, group):
    make_household(code="PH-300", group=group, address="=1+2", head_name="@SUM(A1)")
    response = client.get(reverse("households:export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value in ("=1+2", "@SUM(A1)")]
    assert len(values) == 2
    assert all(cell.data_type == "s" for cell in values)
    text = client.get(reverse("households:export") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "'=1+2" in text
    assert "'@SUM(A1)" in text
    assert client.get(reverse("households:export") + "?format=csv").getvalue().startswith(b"\xef\xbb\xbf")


def test_export_masks_citizen_ids_without_permission(client, group):
    household = make_household(code="PH-400", group=group)
    make_member(household, citizen_id="056090001234")
    client.force_login(make_user("taichinh"))
    text = client.get(reverse("households:export") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "056090001234" not in text
    assert "056******234" in text
    assert "Khuyết tật" not in text  # health columns only for roles that may see them
    client.force_login(make_user("ldtbxh"))
    text = client.get(reverse("households:export") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "056090001234" in text


def test_masked_export_reimports_without_change(client, group):
    make_household(code="PH-500", group=group, members=[{"citizen_id": "056090001234"}])
    reader = make_user("taichinh")
    client.force_login(reader)
    content = client.get(reverse("households:export") + "?format=xlsx").getvalue()
    officer = make_user("ldtbxh")
    report = import_households(officer, content, commit=True)
    assert report.error_count == 0, report.errors
    assert report.unchanged == 2
    assert Member.objects.get(full_name="Trần Văn An").citizen_id == "056090001234"


# --- Assessments -----------------------------------------------------------------


def assessment_row(code, **fields):
    values = {
        "Mã hộ": code,
        "Loại rà soát": "Định kỳ",
        "Năm rà soát": 2023,
        "Tháng rà soát": None,
        "Ngày đánh giá": "15/10/2023",
        "Thu nhập bình quân (đồng/người/tháng)": "1.800.000",
        "Việc làm": "Có",
        "Bảo hiểm y tế": "x",
        "Nguồn nước sinh hoạt": "có",
    }
    values.update(fields)
    return values


def run_assessments(user, data, commit):
    from households.importers.assessments import AssessmentImporter

    return AssessmentImporter(user=user, commit=commit).run("rs.xlsx", data)


def test_assessments_import_and_reimport(officer, group):
    household = make_household(code="PH-600", group=group)
    rows = [assessment_row("PH-600"), assessment_row("PH-601")]
    report = run_assessments(officer, make_xlsx(rows), commit=True)
    assert error_codes(report) == ["household_unknown"]
    assert not Assessment.objects.exists()
    data = make_xlsx([assessment_row("PH-600")])
    report = run_assessments(officer, data, commit=True)
    assert report.error_count == 0, report.errors
    assessment = Assessment.objects.get(household=household)
    assert assessment.income_per_capita == 1_800_000
    assert assessment.result == "poor"
    assert sorted(d.code for d in assessment.deprivations.all()) == ["EMPLOYMENT", "HEALTH_INSURANCE", "WATER_SOURCE"]
    report = run_assessments(officer, data, commit=True)
    assert (report.created, report.unchanged, report.error_count) == (0, 1, 0)
    changed = make_xlsx([assessment_row("PH-600", **{"Thu nhập bình quân (đồng/người/tháng)": "2,500,000"})])
    assert error_codes(run_assessments(officer, changed, commit=True)) == ["already_assessed"]


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"Ngày đánh giá": "15/01/2023"}, "outside_review"),
        ({"Loại rà soát": "Thường xuyên"}, "month_missing"),
        ({"Thu nhập bình quân (đồng/người/tháng)": ""}, "income_or_scores"),
        ({"Thu nhập bình quân (đồng/người/tháng)": "1.8"}, "money_format"),
        ({"Việc làm": "có lẽ"}, "yes_no_invalid"),
    ],
)
def test_assessment_row_errors(officer, group, fields, code):
    make_household(code="PH-700", group=group)
    report = run_assessments(officer, make_xlsx([assessment_row("PH-700", **fields)]), commit=True)
    assert error_codes(report) == [code]
    assert not Assessment.objects.exists()


def test_import_reads_the_register_dates_and_refuses_a_departure_without_its_date(officer, group):
    rows = make_family_rows()
    for row in rows:
        row.update({"Hộ vào sổ từ ngày": "01/01/2020", "Lý do ra khỏi hộ": "", "Ra khỏi hộ ngày": ""})
    rows[2]["Lý do ra khỏi hộ"] = "Chuyển đi"
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert error_codes(report) == ["left_date_and_reason"]
    assert report.errors[0]["row"] == 4
    assert not Household.objects.exists()

    rows[2]["Ra khỏi hộ ngày"] = "01/06/2024"
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert report.error_count == 0, report.errors
    household = Household.objects.get(code="PH-001")
    assert household.entered_on == date(2020, 1, 1)
    son = household.members.get(relation="child")
    assert (son.left_on, son.left_reason) == (date(2024, 6, 1), "moved_out")
    assert household.members.get(relation="head").entered_on == date(2020, 1, 1)


def test_import_dates_a_new_household_today_when_the_file_says_nothing(officer, group):
    report = import_households(officer, make_xlsx(make_family_rows()), commit=True)
    assert report.error_count == 0
    assert Household.objects.get(code="PH-001").entered_on == timezone.localdate()


def test_a_citizen_id_saved_meanwhile_by_someone_else_is_named_by_column_and_never_logged(
    officer, group, monkeypatch, caplog
):
    """Two imports of one new CCCD at once: the second's insert hits the unique index after its check passed."""
    from households.importers.households import HouseholdImporter

    make_household("Lê Văn Trước", code="PH-OTHER", group=group, members=[{"citizen_id": "056080001234"}])
    check_block = HouseholdImporter.check_block
    # As if the other import committed between this one's look-up and its insert.
    monkeypatch.setattr(HouseholdImporter, "check_block", lambda self, b, h, m, owners: check_block(self, b, h, m, {}))
    caplog.set_level("DEBUG")
    report = import_households(officer, make_xlsx(make_family_rows("PH-NEW")), commit=True)
    assert [(e["code"], e["column"]) for e in report.errors] == [("concurrent_change", "Số CCCD")]
    assert not Household.objects.filter(code="PH-NEW").exists()
    assert "056080001234" not in caplog.text
