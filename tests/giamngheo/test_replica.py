"""A read replica (giamngheo/routers.py): report and list reads from it, writes and what follows them not."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.routers import PIN_COOKIE, PinToPrimaryMiddleware, reading_from_replica, replica_reads
from households.models import Household
from monitoring import services
from monitoring.models import Report
from tests.factories import make_household, make_user

# The replica is another connection to the test database: what a test writes must be committed
# for it to see, as on a real replica; serialized_rollback restores the roles the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])

ROUTER = "giamngheo.routers.ReplicaRouter"
MIDDLEWARE = "giamngheo.routers.PinToPrimaryMiddleware"


@pytest.fixture
def replica(settings):
    """The router and its middleware, as settings.py installs them with DATABASE_REPLICA_URL."""
    settings.DATABASE_ROUTERS = [ROUTER]
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[: sessions + 1], MIDDLEWARE, *settings.MIDDLEWARE[sessions + 1 :]]


def register_queries(queries) -> list[str]:
    """The statements that read the register's tables (not sessions, users, permissions)."""
    return [q["sql"] for q in queries if '"households_' in q["sql"] or '"monitoring_' in q["sql"]]


def get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return register_queries(primary.captured_queries), register_queries(replica.captured_queries)


@pytest.fixture
def officer(client):
    user = make_user("ldtbxh")
    client.force_login(user)
    make_household(code="PH01-0001")
    services.draft(period="year", year=2023, by=user)
    return user


def test_without_a_replica_the_list_and_the_reports_read_the_primary(client, officer):
    for url in (reverse("households:list"), reverse("monitoring:report_list")):
        primary, replica = get(client, url)
        assert primary and replica == []
    with reading_from_replica():
        assert Household.objects.all().db == "default"


@pytest.mark.usefixtures("replica")
@pytest.mark.parametrize("url_name", ["households:list", "monitoring:report_list", "monitoring:report_detail"])
def test_with_a_replica_the_list_and_report_pages_read_from_it(client, officer, url_name):
    args = [Report.objects.get().pk] if url_name.endswith("detail") else []
    primary, replica = get(client, reverse(url_name, args=args))
    assert replica and primary == []


@pytest.mark.usefixtures("replica")
def test_other_pages_and_the_requests_identity_stay_on_the_primary(client, officer):
    household = Household.objects.get()
    primary, replica = get(client, household.get_absolute_url())
    assert primary and replica == []
    with CaptureQueriesContext(connections["replica"]) as replica:
        client.get(reverse("households:list"))
    assert replica.captured_queries
    assert [q["sql"] for q in replica.captured_queries if '"django_session"' in q["sql"] or '"auth_' in q["sql"]] == []
    assert [q["sql"] for q in replica.captured_queries if '"giamngheo_user"' in q["sql"]] == []
    with reading_from_replica():
        assert Household.objects.all().db == "replica"
    assert Household.objects.all().db == "default"


@pytest.mark.usefixtures("replica")
def test_writes_go_to_the_primary_and_reads_after_them_too():
    seen = {}

    @replica_reads
    def view(request):
        seen["before"] = Household.objects.all().db
        household = make_household(code="PH01-0002")
        seen["written"] = household._state.db
        seen["after"] = Household.objects.all().db
        return HttpResponse()

    response = PinToPrimaryMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"before": "replica", "written": "default", "after": "default"}
    assert Household.objects.filter(code="PH01-0002").using("default").exists()
    # The browser reads from the primary for the next seconds too: it may be shown what it wrote.
    assert float(response.cookies[PIN_COOKIE].value) > time.time()


@pytest.mark.usefixtures("replica")
def test_after_a_post_the_same_browser_reads_the_primary_until_the_pin_expires(client, officer):
    client.post(reverse("households:search"), {"q": "nguyen"})
    assert PIN_COOKIE in client.cookies
    primary, replica = get(client, reverse("households:list"))
    assert primary and replica == []
    client.cookies[PIN_COOKIE] = str(time.time() - 1)
    primary, replica = get(client, reverse("households:list"))
    assert replica and primary == []


def load_databases(**env):
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps({'databases': settings.DATABASES, 'routers': settings.DATABASE_ROUTERS,"
        f"'pinning': {MIDDLEWARE!r} in settings.MIDDLEWARE}}, default=str))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GIAMNGHEO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "giamngheo.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.django_db(databases=[])
def test_settings_declare_the_replica_only_when_its_url_is_given():
    primary = "postgres://gn@db.example:5432/giamngheo?options=-c%20jit%3Doff"
    without = load_databases(DATABASE_URL=primary)
    assert list(without["databases"]) == ["default"] and without["routers"] == [] and not without["pinning"]
    loaded = load_databases(DATABASE_URL=primary, DATABASE_REPLICA_URL="postgres://gn@replica.example:5432/giamngheo")
    default, replica = loaded["databases"]["default"], loaded["databases"]["replica"]
    assert replica["HOST"] == "replica.example" and replica["TEST"]["MIRROR"] == "default"
    assert replica["OPTIONS"] == default["OPTIONS"] and replica["CONN_HEALTH_CHECKS"] == default["CONN_HEALTH_CHECKS"]
    assert loaded["routers"] == [ROUTER] and loaded["pinning"]
