"""Production refuses to start without its secrets; development needs nothing."""

import os
import subprocess
import sys

import pytest

BASE = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GIAMNGHEO_", "DATABASE_"))}


def load_settings(**env):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**BASE, "DJANGO_SETTINGS_MODULE": "giamngheo.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_runs_on_sqlite_without_any_setting():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "x"},  # no secret key
        {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "x"},  # DEBUG not said
        {"DJANGO_SECRET_KEY": "short", "DJANGO_DEBUG": "false"},
        {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_DEBUG": "maybe"},
    ],
)
def test_production_refuses_to_start_without_its_settings(env):
    result = load_settings(GIAMNGHEO_ENV="production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_reads_postgresql_from_database_url():
    result = load_settings(
        GIAMNGHEO_ENV="production",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="ward.example",
        DATABASE_URL="postgres://gn:secret@db.example:5433/giamngheo",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


@pytest.mark.django_db
def test_interface_is_vietnamese_whatever_the_browser_language(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_english_is_one_click_away(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/")
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
