import os

import pytest

from tests.factories import make_group, make_officer, make_plan, make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# browser tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A "replica" alias mirroring the test database, as settings.py declares a configured one.

    Nothing reads from it unless a test installs the router (tests/giamngheo/test_replica.py),
    so every other test runs as an installation without a replica does.
    """
    from django.conf import settings

    default = settings.DATABASES["default"]
    settings.DATABASES.setdefault("replica", {**default, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}})


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures are keyed by the register's history ids, which a rolled-back test reuses."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tasks_run_immediately(settings):
    """Background tasks (large imports) run at once, in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def officer(client):
    """The ward's labour and social affairs officer, logged in."""
    user = make_user("ldtbxh", full_name="Lê Thị Chương")
    client.force_login(user)
    return user


@pytest.fixture
def group():
    """Residential group TDP1, the group the import rows name."""
    return make_group(code="TDP1", name="Tổ dân phố 1")


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def nutrition(plan):
    """Sub-project 3.2 of the plan: nutrition."""
    return plan.subprojects.get(official_code="DA3-TDA2")


@pytest.fixture
def health_officer(plan):
    """The head of the ward's health station, the unit in charge of nutrition."""
    return make_officer("donvi", "health-station", full_name="Võ Thị Y")
