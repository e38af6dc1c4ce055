"""Large household exports: written by the task worker, downloaded by the officer who asked."""

import csv
import io
import logging
import os
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from households.importers import exports as household_exports
from imports import exports
from imports.models import ExportJob
from tests.factories import make_group, make_household, make_user, make_ward

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.GIAMNGHEO_EXPORT_DIR = tmp_path / "exports"
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 3
    return settings.GIAMNGHEO_EXPORT_DIR


@pytest.fixture
def ward():
    """Five households in two groups: more than the limit of 3, with citizen IDs to mask."""
    first, second = make_group(code="TDP1"), make_group(code="TDP2")
    make_household(
        "Nguyễn Văn Lâm",
        code="PH-001",
        group=first,
        note="=1+2",
        members=[
            {"full_name": "Trần Thị Bích", "relation": "spouse", "sex": "F", "citizen_id": "056172001234"},
            {"full_name": "Lê Văn Công", "relation": "child", "date_of_birth": date(2000, 2, 2)},
        ],
    )
    make_household("Phạm Thị Mai", code="PH-002", group=second, members=[{"full_name": "#N/A"}])
    make_household("Đỗ Văn Tư", code="PH-003", group=first)
    make_household("Võ Thị Năm", code="PH-004", group=second)
    make_household("Hồ Văn Sáu", code="PH-005", group=first)
    return first, second


def cells(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def export(client, **params):
    return client.get(reverse("households:export"), params)


def sync_export(client, settings, **params):
    """What the request itself streams for the same filters, with the limit out of the way."""
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 1_000_000
    response = export(client, **params)
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 3
    assert response.streaming
    return response.getvalue()


def download(client, job):
    response = client.get(reverse("imports:export_file", args=[job.pk]))
    assert response.status_code == 200
    return response.getvalue()


@pytest.mark.parametrize("role", ["ldtbxh", "taichinh"])
def test_a_list_above_the_limit_becomes_a_job_whose_file_is_the_synchronous_export(client, settings, ward, role):
    user = make_user(role)
    client.force_login(user)
    response = export(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:export_detail", args=[job.pk]) == f"/imports/exports/{job.pk}/"
    assert (job.requested_by, job.kind, job.format, job.state, job.error) == (user, "households", "xlsx", "done", "")
    assert job.rows_done == job.rows_total == 3 + 2 + 3  # heads, the spouse and child, the #N/A member
    assert job.finished_at is not None and timezone.is_aware(job.finished_at)
    assert cells(download(client, job)) == cells(sync_export(client, settings))


def test_the_job_keeps_the_filters_and_a_saved_search_stays_out_of_urls(client, settings, ward):
    first, _ = ward
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 2  # the search finds PH-001, PH-003 and PH-005
    client.force_login(make_user("ldtbxh"))
    response = client.post(reverse("households:search"), {"q": "Văn", "residential_group": first.pk})
    key = response["Location"].split("s=")[1]
    response = export(client, s=key, format="csv")
    job = ExportJob.objects.get()
    assert "V%C4%83n" not in response["Location"] and "Văn" not in response["Location"]
    assert job.params["q"] == ["Văn"] and job.params["residential_group"] == [str(first.pk)]
    assert job.format == "csv"
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 1_000_000
    same = client.get(reverse("households:export"), {"s": key, "format": "csv"}).getvalue()
    assert download(client, job) == same
    response = client.get(reverse("imports:export_file", args=[job.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="ho-gia-dinh-{timezone.localdate():%Y-%m-%d}.csv"'
    )


def test_citizen_ids_stay_masked_in_the_job_file_for_a_role_without_view_citizen_id(client, ward):
    client.force_login(make_user("taichinh"))
    export(client, format="csv")
    text = download(client, ExportJob.objects.get()).decode("utf-8-sig")
    assert "056******234" in text and "056172001234" not in text
    assert "Khuyết tật" not in text.splitlines()[0]


def test_below_the_limit_the_export_streams_as_before(client, settings, ward):
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 5
    client.force_login(make_user("ldtbxh"))
    response = export(client)
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_the_read_only_front_may_export_a_large_list(client, ward):
    client.force_login(make_user("mattran"))
    response = export(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.state == "done"
    assert client.get(reverse("imports:export_detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("imports:export_progress", args=[job.pk])).status_code == 200
    download(client, job)


def test_another_user_gets_404_on_the_page_the_progress_and_the_file(client, ward):
    client.force_login(make_user("ldtbxh"))
    export(client)
    job = ExportJob.objects.get()
    for other in (make_user("ldtbxh"), make_user("lanhdao"), make_user(is_superuser=True, is_staff=True)):
        client.force_login(other)
        for name in ("export_detail", "export_progress", "export_file"):
            assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404


def test_the_requester_who_lost_the_permission_gets_no_file(client, ward):
    user = make_user("ldtbxh")
    client.force_login(user)
    export(client)
    job = ExportJob.objects.get()
    user.groups.clear()
    client.force_login(user)
    assert client.get(reverse("imports:export_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("imports:export_file", args=[job.pk])).status_code == 403


def test_every_page_requires_login(client, ward):
    job = ExportJob.objects.create(requested_by=make_user("ldtbxh"), kind="households")
    for name in ("export_detail", "export_progress", "export_file"):
        response = client.get(reverse(f"imports:{name}", args=[job.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_progress_json_and_page(client, ward):
    client.force_login(make_user("ldtbxh"))
    export(client)
    job = ExportJob.objects.get()
    data = client.get(reverse("imports:export_progress", args=[job.pk])).json()
    assert data == {
        "state": "done",
        "label": job.get_state_display(),
        "processed": 8,
        "total": 8,
        "running": False,
        "error": "",
    }
    page = client.get(reverse("imports:export_detail", args=[job.pk])).content.decode()
    assert reverse("imports:export_file", args=[job.pk]) in page
    assert "<script>" not in page  # django-csp: the polling is a static file


def test_a_running_job_page_polls_its_progress(client, ward):
    user = make_user("ldtbxh")
    client.force_login(user)
    job = ExportJob.objects.create(
        requested_by=user, kind="households", state="running", rows_done=1000, rows_total=5000
    )
    page = client.get(reverse("imports:export_detail", args=[job.pk])).content.decode()
    assert reverse("imports:export_progress", args=[job.pk]) in page and "js/import-progress.js" in page
    assert reverse("imports:export_file", args=[job.pk]) not in page
    data = client.get(reverse("imports:export_progress", args=[job.pk])).json()
    assert (data["state"], data["processed"], data["total"], data["running"]) == ("running", 1000, 5000, True)
    assert client.post(reverse("imports:export_progress", args=[job.pk])).status_code == 405
    assert client.get(reverse("imports:export_file", args=[job.pk])).status_code == 404


def test_progress_is_written_every_thousand_rows(monkeypatch, ward):
    seen = []
    real = exports._counted

    def watched(job_id, rows):
        for row in real(job_id, rows):
            seen.append(ExportJob.objects.get(pk=job_id).rows_done)
            yield row

    monkeypatch.setattr(exports, "PROGRESS_EVERY", 3)
    monkeypatch.setattr(exports, "_counted", watched)
    job = ExportJob.objects.create(requested_by=make_user("ldtbxh"), kind="households", format="csv")
    exports.run(job.pk)
    assert seen == [0, 0, 0, 3, 3, 3, 6, 6]
    job.refresh_from_db()
    assert job.rows_done == 8


def test_a_failing_row_function_leaves_the_job_failed_and_no_file(client, monkeypatch, export_dir, ward):
    def broken(households, columns, user):
        yield from list(household_exports.household_rows(households, columns, user))[:2]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(household_exports, "household_rows", broken)
    client.force_login(make_user("ldtbxh"))
    response = export(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.state, job.error, job.file) == ("failed", "write_failed", "")
    assert job.finished_at is not None
    assert list(export_dir.iterdir()) == []  # not even the temporary file
    assert client.get(reverse("imports:export_file", args=[job.pk])).status_code == 404
    page = client.get(reverse("imports:export_detail", args=[job.pk])).content.decode()
    assert 'data-error="write_failed"' in page


def test_a_job_runs_once_and_not_for_an_account_disabled_since(ward):
    user = make_user("ldtbxh")
    job = ExportJob.objects.create(requested_by=user, kind="households")
    assert exports.run(job.pk).state == "done"
    assert exports.run(job.pk) is None  # delivered twice: the second does nothing
    user.is_active = False
    user.save()
    job = ExportJob.objects.create(requested_by=user, kind="households")
    exports.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.error, job.file) == ("failed", "not_allowed", "")


def test_purge_exports_removes_old_jobs_and_files_and_keeps_recent_ones(client, export_dir, ward):
    client.force_login(make_user("ldtbxh"))
    export(client)
    export(client, format="csv")
    old, recent = ExportJob.objects.order_by("pk")
    old_path, recent_path = exports.file_path(old), exports.file_path(recent)
    assert old_path.is_file() and recent_path.is_file()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2, minutes=1))
    stuck = ExportJob.objects.create(requested_by=old.requested_by, kind="households")  # no worker took it
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    orphan = export_dir / ".99-abc.part"
    orphan.write_bytes(b"half a file")
    day_ago = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    os.utime(orphan, (day_ago, day_ago))
    deleted_with_account = export_dir / "98-0123456789abcdef.xlsx"
    deleted_with_account.write_bytes(b"a list")
    os.utime(deleted_with_account, (day_ago, day_ago))
    os.utime(recent_path, (day_ago, day_ago))  # named by a job: kept while the job is
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "1" in out.getvalue()
    assert set(ExportJob.objects.values_list("pk", flat=True)) == {recent.pk, stuck.pk}
    assert not old_path.exists() and recent_path.is_file()
    assert not orphan.exists() and not deleted_with_account.exists()
    stuck.refresh_from_db()
    assert (stuck.state, stuck.error) == ("failed", "interrupted")


def test_creation_and_download_are_logged_without_personal_data(client, settings, caplog, ward):
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 0  # the search finds one household
    client.force_login(make_user("ldtbxh"))
    response = client.post(reverse("households:search"), {"q": "Nguyễn Văn Lâm"})
    key = response["Location"].split("s=")[1]
    with caplog.at_level(logging.INFO, logger="giamngheo.exports"):
        export(client, s=key)
        job = ExportJob.objects.get()
        download(client, job)
    text = caplog.text
    assert f"queued job={job.pk}" in text and f"export job={job.pk} kind=households downloaded" in text
    assert "Nguyễn" not in text and "056" not in text


def test_the_province_s_job_holds_the_commune_it_chose_only(client, settings):
    from django.contrib.auth.models import Group

    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 0
    north, south = make_ward("Phường Bắc", code="N"), make_ward("Phường Nam", code="S")
    make_household("Trịnh Bắc Sơn", group=make_group(north, code="N-T1"), code="BNT-0001")
    make_household("Phạm Nam Hải", group=make_group(south, code="S-T1"), code="NNT-0001")
    province = make_user("mattran")
    province.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    client.force_login(province)
    assert client.post(reverse("choose_commune"), {"commune": south.pk}).status_code == 302
    export(client, format="csv")
    job = ExportJob.objects.get()
    assert job.commune_id == south.pk
    text = download(client, job).decode("utf-8-sig")
    assert "NNT-0001" in text and "BNT-0001" not in text


def test_a_job_that_lost_its_worker_is_failed_when_its_page_is_opened(client, monkeypatch, settings, ward):
    user = make_user("ldtbxh")
    client.force_login(user)
    started = timezone.now() - timedelta(seconds=settings.GIAMNGHEO_EXPORT_STALE_AFTER + 1)
    stale = ExportJob.objects.create(requested_by=user, kind="households", state="running", started_at=started)
    live = ExportJob.objects.create(requested_by=user, kind="households", state="running", started_at=timezone.now())
    data = client.get(reverse("imports:export_progress", args=[stale.pk])).json()
    assert (data["state"], data["error"], data["running"]) == ("failed", "interrupted", False)
    assert client.get(reverse("imports:export_progress", args=[live.pk])).json()["state"] == "running"
    # Declared failed while it was still writing: the file it finishes is not kept.
    ExportJob.objects.filter(pk=live.pk).update(state="queued")
    real_replace = os.replace

    def fail_meanwhile(source, target):
        real_replace(source, target)
        ExportJob.objects.filter(pk=live.pk).update(state="failed", error="interrupted")

    monkeypatch.setattr(exports.os, "replace", fail_meanwhile)
    exports.run(live.pk)
    live.refresh_from_db()
    assert (live.state, live.file) == ("failed", "")
    assert list(settings.GIAMNGHEO_EXPORT_DIR.iterdir()) == []


def test_the_same_list_asked_for_while_it_is_written_is_the_same_job(client, settings, ward):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker runs
    client.force_login(make_user("ldtbxh"))
    first = export(client)["Location"]
    assert export(client)["Location"] == first
    assert export(client, format="csv")["Location"] != first
    assert ExportJob.objects.filter(state="queued").count() == 2


@pytest.mark.parametrize("limit", [0, 10_000], ids=["job", "streamed"])
def test_the_whole_province_s_export_names_each_household_s_commune_today(client, settings, limit):
    from django.contrib.auth.models import Group

    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = limit
    former = make_ward("Phường Cũ", code="OLD", valid_to=date(2025, 6, 30))
    north, south = make_ward("Phường Bắc", code="N"), make_ward("Phường Nam", code="S", valid_from=date(2025, 7, 1))
    south.predecessors.add(former)
    make_household("Trịnh Bắc Sơn", group=make_group(north, code="T1"), code="BNT-0001")
    make_household("Phạm Cũ Hải", group=make_group(former, code="T1"), code="OLD-0001")
    province = make_user("mattran")
    province.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    client.force_login(province)
    response = export(client, format="csv")
    if limit:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    else:
        text = download(client, ExportJob.objects.get()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[0] == "Xã, phường"
    by_code = {row[header.index("Mã hộ")]: row[0] for row in rows[1:]}
    # Both in a group "T1": the commune tells them apart, a former ward's by the commune it became.
    assert by_code == {"BNT-0001": "Phường Bắc", "OLD-0001": "Phường Nam"}
    # Once a commune is chosen, the template's columns alone, as an officer's.
    client.post(reverse("choose_commune"), {"commune": north.pk})
    ExportJob.objects.all().delete()
    again = export(client, format="csv")
    text = (b"".join(again.streaming_content) if limit else download(client, ExportJob.objects.get())).decode(
        "utf-8-sig"
    )
    assert next(csv.reader(io.StringIO(text)))[0] == "Mã hộ"
