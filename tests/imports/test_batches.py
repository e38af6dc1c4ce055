"""Import batches: upload, preview, confirm, the background task, who sees a batch, and erasing uploads."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from households.models import Household, Member
from imports.batches import create_batch, run_batch
from imports.models import ImportBatch
from tests.factories import make_family_rows, make_user, make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]


def upload(client, data, name="ho.xlsx", kind="households"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("imports:start", args=[kind]), {"file": file})


def test_upload_preview_confirm(client, officer, group):
    response = upload(client, make_xlsx(make_family_rows()))
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
    rows = make_family_rows()
    rows[1]["Số CCCD"] = "12345"
    upload(client, make_xlsx(rows))
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
    upload(client, make_xlsx(make_family_rows()))
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.READY
    progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
    assert progress == {"state": "ready", "label": progress["label"], "processed": 3, "total": 3, "running": False}
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Member.objects.count() == 3


def test_another_user_cannot_see_a_batch(client, officer, group):
    upload(client, make_xlsx(make_family_rows()))
    batch = ImportBatch.objects.get()
    client.force_login(make_user("ldtbxh"))
    assert client.get(batch.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role, status", [("taichinh", 403), ("donvi", 403), ("mattran", 403)])
def test_import_refused_without_permission(client, group, role, status):
    client.force_login(make_user(role))
    response = upload(client, make_xlsx(make_family_rows()))
    assert response.status_code == status
    assert not ImportBatch.objects.exists()


def test_expired_uploads_are_erased(officer, group):
    from datetime import timedelta

    from django.utils import timezone

    from imports.batches import purge_expired

    batch = create_batch(kind="households", name="ho.xlsx", data=make_xlsx(make_family_rows()), user=officer)
    run_batch(batch.pk, False)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert purge_expired() == 1
    batch.refresh_from_db()
    assert batch.content is None
    assert batch.state == ImportBatch.State.EXPIRED


def test_purge_imports_erases_day_old_uploads_that_were_never_imported():
    from datetime import timedelta

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
