"""An import's state is the truth after any crash: stale steps are marked interrupted, retried, and erased in a day."""

import io
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from households.models import Household, Member
from imports import batches
from imports.batches import claim, create_batch, recover_stale, retry, run_batch
from imports.models import ImportBatch
from tests.factories import make_family_rows, make_user, make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]

State = ImportBatch.State


def checked_batch(user, rows=None) -> ImportBatch:
    batch = create_batch(kind="households", name="ho.xlsx", data=make_xlsx(rows or make_family_rows()), user=user)
    return run_batch(batch.pk, False)


def crashed(batch: ImportBatch, state: str, minutes_ago: int = 20) -> ImportBatch:
    """As a killed process leaves it: claimed, started a while ago, never finished."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=state, started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    batch.refresh_from_db()
    return batch


def test_a_stale_import_is_marked_interrupted_and_says_so(officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    assert recover_stale() == 1
    batch.refresh_from_db()
    assert batch.state == State.INTERRUPTED
    assert [error["code"] for error in batch.errors] == ["interrupted"]
    assert batch.content is not None  # kept for the retry
    assert not Household.objects.exists()


def test_a_running_import_is_not_stale_before_the_timeout(officer, group, settings):
    settings.GIAMNGHEO_IMPORT_STALE_AFTER = 3600
    batch = crashed(checked_batch(officer), State.APPLYING, minutes_ago=20)
    assert recover_stale() == 0
    batch.refresh_from_db()
    assert batch.state == State.APPLYING


def test_a_stale_check_is_marked_interrupted_too(officer, group):
    batch = create_batch(kind="households", name="ho.xlsx", data=make_xlsx(make_family_rows()), user=officer)
    crashed(batch, State.CHECKING)
    assert recover_stale() == 1
    batch.refresh_from_db()
    assert batch.state == State.INTERRUPTED


def test_opening_the_page_finds_the_stale_import_and_offers_a_retry(client, officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    page = client.get(batch.get_absolute_url())
    batch.refresh_from_db()
    assert batch.state == State.INTERRUPTED
    assert b'data-state="interrupted"' in page.content
    assert b"data-retry-import" in page.content
    assert b'data-code="interrupted"' in page.content


def test_the_progress_poll_finds_it_too(client, officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
    assert (progress["state"], progress["running"]) == ("interrupted", False)


def test_retrying_an_interrupted_import_imports_it(client, officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    recover_stale()
    response = client.post(reverse("imports:retry", args=[batch.pk]))
    assert response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.state == State.APPLIED
    assert (batch.created_count, batch.error_count, batch.errors) == (3, 0, [])
    assert batch.content is None
    assert Member.objects.count() == 3


def test_retrying_an_interrupted_check_checks_it_again(client, officer, group):
    batch = create_batch(kind="households", name="ho.xlsx", data=make_xlsx(make_family_rows()), user=officer)
    crashed(batch, State.CHECKING)
    recover_stale()
    client.post(reverse("imports:retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == State.READY
    assert not Household.objects.exists()


def test_no_retry_once_the_file_is_erased(client, officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    recover_stale()
    ImportBatch.objects.filter(pk=batch.pk).update(content=None)
    page = client.get(batch.get_absolute_url())
    assert b"data-retry-import" not in page.content
    client.post(reverse("imports:retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == State.INTERRUPTED
    assert not Household.objects.exists()


def test_only_an_interrupted_batch_can_be_retried(client, officer, group):
    batch = checked_batch(officer)
    assert retry(batch) is False
    client.post(reverse("imports:retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == State.READY


def test_another_officer_cannot_retry(client, officer, group):
    batch = crashed(checked_batch(officer), State.APPLYING)
    recover_stale()
    client.force_login(make_user("taichinh"))
    assert client.post(reverse("imports:retry", args=[batch.pk])).status_code == 404


def test_a_confirmed_import_is_applied_once(client, officer, group):
    batch = checked_batch(officer)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert batches.start(batch, commit=True) is False  # a second confirm finds it applied
    assert Member.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a second writer during the import: PostgreSQL")
def test_an_import_declared_interrupted_while_running_undoes_its_rows(officer, group, monkeypatch):
    batch = checked_batch(officer)
    assert claim(batch.pk, [State.READY], State.APPLYING)
    original = batches._finish

    def swept_meanwhile(batch, report, commit):
        # The nightly sweep, on its own connection, while the import's rows are written.
        sweep = threading.Thread(target=lambda: (sweep_now(batch.pk), connection.close()))
        sweep.start()
        sweep.join()
        return original(batch, report, commit)

    monkeypatch.setattr(batches, "_finish", swept_meanwhile)
    batch = run_batch(batch.pk, True)
    assert batch.state == State.INTERRUPTED
    assert not Household.objects.exists()


def sweep_now(pk):
    ImportBatch.objects.filter(pk=pk).update(state=State.INTERRUPTED)


def test_a_task_for_a_batch_no_longer_waiting_does_nothing(officer, group):
    batch = checked_batch(officer)
    batch = run_batch(batch.pk, False)  # the check's task delivered twice
    assert batch.state == State.READY
    batch = run_batch(batch.pk, True)  # an import never claimed
    assert batch.state == State.READY
    assert not Household.objects.exists()


def test_purge_imports_erases_every_day_old_upload_whatever_its_state(officer):
    user = make_user("donvi")
    old = {}
    for state in State.values:
        batch = ImportBatch.objects.create(
            kind="households", state=state, file_name="a.xlsx", sha256="0" * 64, size=3, content=b"abc", created_by=user
        )
        old[state] = batch
    ImportBatch.objects.update(
        created_at=timezone.now() - timedelta(hours=25), started_at=timezone.now() - timedelta(hours=25)
    )
    fresh = ImportBatch.objects.create(
        kind="households",
        state="applying",
        file_name="b.xlsx",
        sha256="1" * 64,
        size=3,
        content=b"abc",
        created_by=user,
    )
    fresh.started_at = timezone.now()
    fresh.save(update_fields=["started_at"])
    call_command("purge_imports", stdout=io.StringIO())
    assert not ImportBatch.objects.filter(pk__in=[b.pk for b in old.values()], content__isnull=False).exists()
    states = dict(ImportBatch.objects.filter(pk__in=[b.pk for b in old.values()]).values_list("pk", "state"))
    assert states[old["checking"].pk] == states[old["applying"].pk] == states[old["interrupted"].pk] == "interrupted"
    assert states[old["ready"].pk] == states[old["queued"].pk] == "expired"
    assert states[old["applied"].pk] == "applied"
    fresh.refresh_from_db()
    assert (bytes(fresh.content), fresh.state) == (b"abc", "applying")


def test_a_running_import_counts_its_rows_only_where_the_database_can_show_them(client, officer, group):
    batch = checked_batch(officer)
    assert claim(batch.pk, [State.READY], State.APPLYING)
    page = client.get(batch.get_absolute_url())
    assert b'data-state="applying"' in page.content
    # SQLite's single writer is the import itself: an indeterminate bar there.
    counted = connection.vendor != "sqlite"
    assert (b"data-progress-rows" in page.content) is counted
    assert (b'max="3"' in page.content) is counted
