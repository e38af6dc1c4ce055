"""After the database drops every connection, the next request is served (PostgreSQL, gunicorn)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="terminates PostgreSQL backends"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(tmp_path):
    """gunicorn with 2 workers and the connection pool, on the test database, as the README runs it."""
    db = settings.DATABASES["default"]
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MIN": "2",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "giamngheo.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--config", str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py")],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=tmp_path.joinpath("gunicorn.log").open("w"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/healthz"
    for _ in range(100):
        if server.poll() is not None:
            pytest.fail(tmp_path.joinpath("gunicorn.log").read_text())
        try:
            if get(url) == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield url
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)


def terminate_app_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_every_request_after_the_connections_are_terminated_succeeds(served):
    for _ in range(8):  # every worker has pooled connections
        assert get(served) == 200
    assert terminate_app_connections() >= 2
    statuses = [get(served) for _ in range(12)]
    assert statuses == [200] * 12
