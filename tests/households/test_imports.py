"""Imports of households and assessments: preview, confirm, idempotence and every refusal."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from households.importers.columns import HOUSEHOLD_COLUMNS
from households.importers.households import HouseholdImporter
from households.models import Assessment, Household, Member
from imports.batches import create_batch, run_batch
from imports.models import ImportBatch
from tests.factories import make_group, make_household, make_member, make_user

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in HOUSEHOLD_COLUMNS]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def officer(client):
    user = make_user("ldtbxh", full_name="Lê Thị Chương")
    client.force_login(user)
    return user


@pytest.fixture
def group():
    return make_group(code="TDP1", name="Tổ dân phố 1")


def member_row(code="PH-001", **fields):
    values = {
        "Mã hộ": code,
        "Tổ dân phố": "TDP1",
        "Địa chỉ": "12 Lê Hồng Phong",
        "Khu vực": "Thành thị",
        "Họ và tên": "Trần Văn Bình",
        "Ngày sinh": "15/03/1980",
        "Giới tính": "Nam",
        "Quan hệ với chủ hộ": "Chủ hộ",
        "Số CCCD": "056080001234",
    }
    values.update(fields)
    return values


def family(code="PH-001", cccd="056080001234"):
    return [
        member_row(code, **{"Số CCCD": cccd}),
        member_row(
            code,
            **{
                "Họ và tên": "Lê Thị Hoa",
                "Ngày sinh": date(1982, 9, 2),
                "Giới tính": "nữ",
                "Quan hệ với chủ hộ": "vo/chong",
                "Số CCCD": "",
            },
        ),
        member_row(
            code,
            **{
                "Họ và tên": "Trần Minh Khôi",
                "Ngày sinh": "2015-10-10",
                "Quan hệ với chủ hộ": "Con",
                "Số CCCD": "",
            },
        ),
    ]


def xlsx(rows, headers=None):
    headers = headers or list(rows[0].keys()) if rows else HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    for row in rows:
        writer.writerow({key: f"{value:%d/%m/%Y}" if isinstance(value, date) else value for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode()


def run(user, data, name="ho.xlsx", commit=False):
    return HouseholdImporter(user=user, commit=commit).run(name, data)


def codes(report):
    return sorted({error["code"] for error in report.errors})


def test_preview_changes_nothing_and_commit_creates_all(officer, group):
    data = xlsx(family())
    report = run(officer, data)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert not Household.objects.exists()
    report = run(officer, data, commit=True)
    assert report.error_count == 0
    household = Household.objects.get(code="PH-001")
    assert household.head_name == "Trần Văn Bình"
    assert household.members.count() == 3
    assert "tran minh khoi" in household.search_text
    assert household.history.first().history_user == officer
    assert Member.history.filter(history_user=officer).count() == 3
    assert Member.objects.get(full_name="Lê Thị Hoa").date_of_birth == date(1982, 9, 2)


def test_reimporting_the_same_file_changes_nothing(officer, group):
    data = xlsx(family())
    run(officer, data, commit=True)
    history = Member.history.count(), Household.history.count()
    report = run(officer, data, commit=True)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (0, 0, 3, 0)
    assert (Member.history.count(), Household.history.count()) == history


def test_columns_in_another_order_with_other_case_and_accents(officer, group):
    order = list(reversed(family()[0].keys()))
    headers = [header.upper() if index % 2 else header for index, header in enumerate(order)]
    headers[order.index("Họ và tên")] = "ho va ten"
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in family():
        sheet.append([row[header] for header in order])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(officer, buffer.getvalue(), commit=True)
    assert report.error_count == 0, report.errors
    assert Member.objects.count() == 3


def test_update_by_citizen_id_and_by_name_and_birth_date(officer, group):
    run(officer, xlsx(family()), commit=True)
    rows = family()
    rows[0]["Địa chỉ"] = "14 Lê Hồng Phong"
    for row in rows:
        row["Địa chỉ"] = "14 Lê Hồng Phong"
    for row in rows:
        row["Trình độ học vấn"] = ""
    rows[2]["Trình độ học vấn"] = "Tiểu học"
    report = run(officer, xlsx(rows), commit=True)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Household.objects.get().address == "14 Lê Hồng Phong"
    assert Member.objects.get(full_name="Trần Minh Khôi").education == "1_primary"
    assert Member.objects.count() == 3


def test_csv_with_semicolons_and_dates_typed_several_ways(officer, group):
    rows = family()
    rows[0]["Ngày sinh"] = "5/3/1980"
    rows[0]["Số CCCD"] = "056080001234"
    rows[1]["Ngày sinh"] = "02-09-1982"
    data = csv_bytes(rows).replace(b",", b";")
    report = run(officer, data, name="ho.csv", commit=True)
    assert report.error_count == 0, report.errors
    assert Member.objects.get(relation="head").date_of_birth == date(1980, 3, 5)


@pytest.mark.parametrize(
    "fields, column, code",
    [
        ({"Ngày sinh": "03/15/1980"}, "Ngày sinh", "date_invalid"),  # month first: refused, not guessed
        ({"Ngày sinh": "hôm qua"}, "Ngày sinh", "date_invalid"),
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
    rows = [member_row("PH-002", **{"Số CCCD": "056075000111", "Ngày sinh": "01/01/1975"}), member_row(**fields)]
    report = run(officer, xlsx(rows), commit=True)
    assert [(e["row"], e["column"], e["code"]) for e in report.errors] == [(3, column, code)]
    assert not Household.objects.exists()
    assert not Member.objects.exists()


def test_household_level_errors(officer, group):
    make_household(code="PH-009", members=[{"citizen_id": "056090000999", "date_of_birth": date(1990, 1, 1)}])
    rows = [
        member_row("PH-003", **{"Số CCCD": "056090000999", "Ngày sinh": "01/01/1990"}),  # in another household
        member_row("PH-004", **{"Số CCCD": ""}),
        member_row("PH-004", **{"Số CCCD": "", "Họ và tên": "Trần Văn Ba", "Địa chỉ": "Khác"}),  # inconsistent
        member_row("PH-005", **{"Số CCCD": ""}),
        member_row("PH-005", **{"Số CCCD": "", "Họ và tên": "Trần Văn Ba"}),  # two heads
        member_row("PH-006", **{"Số CCCD": ""}),
        member_row("PH-004", **{"Số CCCD": ""}),  # split
    ]
    report = run(officer, xlsx(rows), commit=True)
    assert codes(report) == [
        "household_inconsistent",
        "household_split",
        "member_in_other_household",
        "one_head",
    ]
    assert Household.objects.count() == 1


def test_same_citizen_id_twice_in_the_file(officer, group):
    rows = family("PH-001") + family("PH-002")
    report = run(officer, xlsx(rows))
    assert codes(report) == ["citizen_id_twice"]
    assert report.errors[0]["row"] == 5


def test_duplicates_far_apart_are_found_beyond_one_chunk(officer, group):
    """Keys of earlier chunks are kept on disk, not in memory: still found, with the first row."""
    assert HouseholdImporter.chunk_size == 1000
    rows = [member_row(f"PH-{index:04d}", **{"Số CCCD": f"056080{index:06d}"}) for index in range(1002)]
    rows.append(member_row("PH-0000", **{"Số CCCD": "056080999999"}))  # row 1004, 1,002 households later
    rows.append(member_row("PH-2000", **{"Số CCCD": "056080000000"}))  # row 1005: same CCCD as row 2
    report = run(officer, xlsx(rows))
    assert [(e["row"], e["column"], e["code"], e["params"]) for e in report.errors] == [
        (1004, "Mã hộ", "household_split", {"code": "PH-0000"}),
        (1005, "Số CCCD", "citizen_id_twice", {"row": 2}),
    ]


def test_excel_number_cell_that_lost_the_leading_zero(officer, group):
    rows = family()
    rows[0]["Số CCCD"] = 56080001234
    run(officer, xlsx(rows), commit=True)
    assert Member.objects.get(relation="head").citizen_id == "056080001234"


def test_thousands_of_empty_rows_are_not_read(officer, group, settings):
    settings.GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS = 50
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(family()[0].keys()))
    for row in family():
        sheet.append(list(row.values()))
    for _ in range(20_000):
        sheet.append([None, None])
    sheet.append(list(member_row("PH-LATE", **{"Số CCCD": ""}).values()))
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(officer, buffer.getvalue(), commit=True)
    assert report.error_count == 0
    assert report.rows == 3
    assert not Household.objects.filter(code="PH-LATE").exists()


# --- Refused files ---------------------------------------------------------------


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refused_files():
    return [
        ("notes.xlsx", b"Just some text, not a workbook", "not_a_spreadsheet"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not_a_spreadsheet"),
        ("secret.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted_or_old_excel"),
        ("other.zip.xlsx", zip_bytes({"readme.txt": b"hello"}), "not_a_spreadsheet"),
        (
            "bomb.xlsx",
            zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"<" * (50 * 1024 * 1024)}),
            "compressed_bomb",
        ),
        ("macro.xlsx", zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"x"}), "macros"),
        ("empty.csv", b"", "empty_file"),
        ("binary.csv", b"\x00\x01\x02\x03" * 10, "not_a_spreadsheet"),
        ("no-header.csv", b"a,b,c\n1,2,3\n", "no_header"),
    ]


@pytest.mark.parametrize("name, data, code", refused_files(), ids=[f[2] + ":" + f[0] for f in refused_files()])
def test_hostile_or_broken_files_are_refused(officer, group, name, data, code):
    report = run(officer, data, name=name, commit=True)
    assert report.refused
    assert codes(report) == [code]
    assert not Household.objects.exists()


def test_oversized_upload_is_refused_on_the_page(client, officer, group, settings):
    settings.GIAMNGHEO_IMPORT_MAX_BYTES = 1024
    upload = io.BytesIO(xlsx(family()))
    upload.name = "ho.xlsx"
    response = client.post(reverse("imports:start", args=["households"]), {"file": upload})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["file_too_large"]
    assert not ImportBatch.objects.exists()
    assert not Household.objects.exists()


def test_missing_required_column(officer, group):
    rows = [{key: value for key, value in row.items() if key != "Giới tính"} for row in family()]
    report = run(officer, xlsx(rows), commit=True)
    assert codes(report) == ["missing_column"]
    assert report.errors[0]["column"] == "Giới tính"


# --- Pages -----------------------------------------------------------------------


def upload(client, data, name="ho.xlsx", kind="households"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("imports:start", args=[kind]), {"file": file})


def test_upload_preview_confirm(client, officer, group):
    response = upload(client, xlsx(family()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch.get_absolute_url()
    assert batch.state == ImportBatch.State.READY
    assert batch.content is not None
    assert len(batch.sha256) == 64
    page = client.get(batch.get_absolute_url())
    assert page.status_code == 200
    assert b"data-confirm-import" in page.content
    assert not Household.objects.exists()
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.APPLIED
    assert batch.content is None  # personal data erased once applied
    assert (batch.created_count, batch.error_count) == (3, 0)
    assert Member.objects.count() == 3


def test_preview_lists_errors_by_row_and_column(client, officer, group):
    rows = family()
    rows[1]["Số CCCD"] = "12345"
    upload(client, xlsx(rows))
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.INVALID
    assert batch.content is None
    page = client.get(batch.get_absolute_url())
    assert b'data-row="3" data-code="citizen_id_format"' in page.content
    assert "Số CCCD".encode() in page.content
    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert not Household.objects.exists()


def test_large_file_runs_through_the_task_backend(client, officer, group, settings):
    settings.GIAMNGHEO_IMPORT_BACKGROUND_ROWS = 1
    upload(client, xlsx(family()))
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.READY
    progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
    assert progress == {"state": "ready", "label": progress["label"], "processed": 3, "running": False}
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Member.objects.count() == 3


def test_another_user_cannot_see_a_batch(client, officer, group):
    upload(client, xlsx(family()))
    batch = ImportBatch.objects.get()
    client.force_login(make_user("ldtbxh"))
    assert client.get(batch.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role, status", [("taichinh", 403), ("donvi", 403), ("mattran", 403)])
def test_import_refused_without_permission(client, group, role, status):
    client.force_login(make_user(role))
    response = upload(client, xlsx(family()))
    assert response.status_code == status
    assert not ImportBatch.objects.exists()


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


def test_expired_uploads_are_erased(officer, group):
    from datetime import timedelta

    from django.utils import timezone

    from imports.batches import purge_expired

    batch = create_batch(kind="households", name="ho.xlsx", data=xlsx(family()), user=officer)
    run_batch(batch.pk, False)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert purge_expired() == 1
    batch.refresh_from_db()
    assert batch.content is None
    assert batch.state == ImportBatch.State.EXPIRED


# --- Command line ----------------------------------------------------------------


def test_command_checks_then_commits(tmp_path, officer, group, capsys):
    path = tmp_path / "ho.xlsx"
    path.write_bytes(xlsx(family()))
    call_command("import_households", str(path), "--user", officer.username)
    assert not Household.objects.exists()
    call_command("import_households", str(path), "--user", officer.username, "--commit")
    assert Member.objects.count() == 3
    out = capsys.readouterr().out
    assert "3" in out


def test_command_prints_row_errors_and_fails(tmp_path, officer, group, capsys):
    rows = family()
    rows[2]["Ngày sinh"] = "31/02/2015"
    path = tmp_path / "ho.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(SystemExit):
        call_command("import_households", str(path), "--user", officer.username, "--commit")
    err = capsys.readouterr().err
    assert "dòng 4" in err
    assert "[date_invalid]" in err
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
    report = run(officer, response.content, commit=True)
    assert report.error_count == 0, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    csv_response = client.get(reverse("households:export") + "?format=csv")
    report = run(officer, csv_response.content, name="ho.csv", commit=True)
    assert report.error_count == 0, report.errors
    assert report.unchanged == 3


def test_export_respects_the_list_filter(client, officer, group):
    make_household(code="PH-200", group=group, head_name="Nguyễn Văn Lâm")
    make_household(code="PH-201", group=group, head_name="Phạm Thị Mai")
    response = client.get(reverse("households:export") + "?q=mai&format=csv")
    text = response.content.decode("utf-8-sig")
    assert "PH-201" in text
    assert "PH-200" not in text


def test_export_escapes_formulas(client, officer, group):
    make_household(code="PH-300", group=group, address="=1+2", head_name="@SUM(A1)")
    response = client.get(reverse("households:export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value in ("=1+2", "@SUM(A1)")]
    assert len(values) == 2
    assert all(cell.data_type == "s" for cell in values)
    text = client.get(reverse("households:export") + "?format=csv").content.decode("utf-8-sig")
    assert "'=1+2" in text
    assert "'@SUM(A1)" in text
    assert client.get(reverse("households:export") + "?format=csv").content.startswith(b"\xef\xbb\xbf")


def test_export_masks_citizen_ids_without_permission(client, group):
    household = make_household(code="PH-400", group=group)
    make_member(household, citizen_id="056090001234")
    client.force_login(make_user("taichinh"))
    text = client.get(reverse("households:export") + "?format=csv").content.decode("utf-8-sig")
    assert "056090001234" not in text
    assert "056******234" in text
    assert "Khuyết tật" not in text  # health columns only for roles that may see them
    client.force_login(make_user("ldtbxh"))
    text = client.get(reverse("households:export") + "?format=csv").content.decode("utf-8-sig")
    assert "056090001234" in text


def test_masked_export_reimports_without_change(client, group):
    make_household(code="PH-500", group=group, members=[{"citizen_id": "056090001234"}])
    reader = make_user("taichinh")
    client.force_login(reader)
    content = client.get(reverse("households:export") + "?format=xlsx").content
    officer = make_user("ldtbxh")
    report = run(officer, content, commit=True)
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
    report = run_assessments(officer, xlsx(rows), commit=True)
    assert codes(report) == ["household_unknown"]
    assert not Assessment.objects.exists()
    data = xlsx([assessment_row("PH-600")])
    report = run_assessments(officer, data, commit=True)
    assert report.error_count == 0, report.errors
    assessment = Assessment.objects.get(household=household)
    assert assessment.income_per_capita == 1_800_000
    assert assessment.result == "poor"
    assert sorted(d.code for d in assessment.deprivations.all()) == ["EMPLOYMENT", "HEALTH_INSURANCE", "WATER_SOURCE"]
    report = run_assessments(officer, data, commit=True)
    assert (report.created, report.unchanged, report.error_count) == (0, 1, 0)
    changed = xlsx([assessment_row("PH-600", **{"Thu nhập bình quân (đồng/người/tháng)": "2,500,000"})])
    assert codes(run_assessments(officer, changed, commit=True)) == ["already_assessed"]


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"Ngày đánh giá": "15/01/2023"}, "outside_review"),
        ({"Loại rà soát": "Thường xuyên"}, "month_missing"),
        ({"Thu nhập bình quân (đồng/người/tháng)": ""}, "income_or_scores"),
        ({"Thu nhập bình quân (đồng/người/tháng)": "1.8"}, "number_invalid"),
        ({"Việc làm": "có lẽ"}, "yes_no_invalid"),
    ],
)
def test_assessment_row_errors(officer, group, fields, code):
    make_household(code="PH-700", group=group)
    report = run_assessments(officer, xlsx([assessment_row("PH-700", **fields)]), commit=True)
    assert codes(report) == [code]
    assert not Assessment.objects.exists()


# --- the streaming .xlsx reader ---------------------------------------------------------


def _openpyxl_values(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(max_col=80, values_only=True)]
    book.close()
    return rows


def _trimmed(rows) -> list[list]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


@pytest.mark.parametrize("epoch_1904", [False, True])
def test_xlsx_reader_gives_what_openpyxl_gives(epoch_1904):
    from datetime import datetime, timedelta

    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from giamngheo.spreadsheets import text_cell
    from imports.xlsx import iter_rows

    book = Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"], sheet["E1"] = "Mã hộ", 12, 1.5, True, date(2020, 5, 3)
    sheet["A3"], sheet["B3"], sheet["C3"] = "=1+2", datetime(2021, 1, 2, 3, 4), " spaced  "
    sheet["A4"] = CellRichText(["ab", TextBlock(InlineFont(b=True), "cd")])
    sheet["C5"], sheet["A7"], sheet["B7"] = 56001234567, 1e20, -3
    sheet["B6"] = timedelta(hours=30)
    sheet["B6"].number_format = "[h]:mm"
    sheet["CZ8"] = "beyond column 80"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert _trimmed(iter_rows(data, 80)) == _trimmed(_openpyxl_values(data))

    # Write-only workbooks (the app's exports) state no dimension and use inline strings.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append([text_cell(sheet, value) for value in ["a", "056012345678", date(2020, 1, 1), 5, None, "z"]])
    sheet.append([])
    sheet.append(["q", 1.25])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    rows = _trimmed(iter_rows(data, 80))
    assert rows == _trimmed(_openpyxl_values(data))
    assert rows == [["a", "056012345678", datetime(2020, 1, 1), 5, None, "z"], [], ["q", 1.25]]


def test_xlsx_reader_refuses_entities_and_broken_sheets(officer, group):
    assert run(officer, xlsx(family())).error_count == 0
    source = zipfile.ZipFile(io.BytesIO(xlsx(family())))
    for replace in (
        lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1),
        lambda xml: xml[: len(xml) // 2],
    ):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                original = content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = replace(original)
                    assert content != original
                target.writestr(item.filename, content)
        report = run(officer, buffer.getvalue(), commit=True)
        assert report.refused and report.errors[0]["code"] == "not_a_spreadsheet"
    assert Household.objects.count() == 0


def test_purge_imports_erases_day_old_uploads_that_were_never_imported():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from imports.models import ImportBatch

    user = make_user("ldtbxh")
    old = ImportBatch.objects.create(
        kind="households", state="ready", file_name="a.xlsx", sha256="0" * 64, size=3, content=b"abc", created_by=user
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = ImportBatch.objects.create(
        kind="households", state="ready", file_name="b.xlsx", sha256="1" * 64, size=3, content=b"abc", created_by=user
    )
    call_command("purge_imports")
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.content, old.state) == (None, "expired")
    assert bytes(fresh.content) == b"abc"
