"""Killing the process that holds an import's transaction leaves nothing imported, says so, and the retry works.

PostgreSQL: the import runs in a subprocess on the test database, is killed with SIGKILL
mid-way (after its first chunk is written, inside its transaction), and the test process
looks at what committed.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection  # noqa: F401 (read by the skipif condition)
from django.utils import timezone

from households.models import Household, Member
from imports.batches import claim, create_batch, recover_stale, retry, run_batch
from imports.models import ImportBatch
from tests.factories import make_family_rows, make_xlsx

pytestmark = [
    # Serialized like every transactional test (see tests/budget/test_budget.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a second process on the same database"),
    pytest.mark.usefixtures("tasks_run_immediately"),
]

State = ImportBatch.State

# The import as the worker runs it, two households a chunk, hanging inside its transaction
# once the first chunk is written, until it is killed.
IMPORT_THAT_HANGS = """
import sys, time
import django
django.setup()
from households.importers.households import HouseholdImporter
from imports.batches import run_batch

flush, calls = HouseholdImporter.flush, []

def flush_then_hang(self, blocks):
    calls.append(len(blocks))
    if len(calls) == 2:
        time.sleep(120)
    return flush(self, blocks)

HouseholdImporter.chunk_size = 2
HouseholdImporter.flush = flush_then_hang
run_batch(int(sys.argv[1]), True)
"""


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_killed_import_commits_nothing_says_interrupted_and_can_be_retried(officer, group, tmp_path):
    rows = [row for i in range(6) for row in make_family_rows(f"PH-{i:03d}", f"05608000123{i}")]
    batch = create_batch(kind="households", name="ho.xlsx", data=make_xlsx(rows), user=officer)
    assert run_batch(batch.pk, False).state == State.READY
    assert claim(batch.pk, [State.READY], State.APPLYING)  # as the confirm button does

    log = tmp_path / "import.log"
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_THAT_HANGS, str(batch.pk)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        deadline = time.monotonic() + 60
        while not ImportBatch.objects.filter(pk=batch.pk, processed_rows__gt=0).exists():
            if process.poll() is not None:
                pytest.fail(log.read_text())
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        # The progress moved during the commit, while nothing of it is visible yet.
        assert ImportBatch.objects.get(pk=batch.pk).processed_rows == 6
        assert not Household.objects.exists()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)

    batch.refresh_from_db()
    assert batch.state == State.APPLYING  # what the dead process left: found stale later
    assert not Household.objects.exists()
    assert not Member.objects.exists()

    ImportBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert recover_stale() == 1
    batch.refresh_from_db()
    assert batch.state == State.INTERRUPTED
    assert [error["code"] for error in batch.errors] == ["interrupted"]
    assert not Household.objects.exists()

    assert retry(batch)
    batch.refresh_from_db()
    assert batch.state == State.APPLIED
    assert (batch.created_count, batch.error_count) == (18, 0)
    assert Household.objects.count() == 6
    assert Member.objects.count() == 18
