"""Running behind a proxy and logging: who is locked out, and what the log says."""

import logging

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from giamngheo.proxy import client_ip
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(GIAMNGHEO_TRUSTED_PROXIES=["127.0.0.1", "::1"])
@pytest.mark.parametrize(
    "remote, forwarded, client",
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # nginx appended the client
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged left part is ignored
        ("127.0.0.1", "203.0.113.5, 127.0.0.1", "203.0.113.5"),  # a second trusted hop is skipped
        ("127.0.0.1", None, "127.0.0.1"),  # no header: the proxy itself (a health check)
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),  # not from the proxy: the header is not believed
    ],
)
def test_the_client_is_the_address_the_trusted_proxy_saw(remote, forwarded, client):
    assert client_ip(request_from(remote, forwarded)) == client


@override_settings(GIAMNGHEO_TRUSTED_PROXIES=[])
def test_without_a_trusted_proxy_the_header_is_ignored():
    assert client_ip(request_from("127.0.0.1", "203.0.113.5")) == "127.0.0.1"


@override_settings(GIAMNGHEO_TRUSTED_PROXIES=["127.0.0.1"], AXES_FAILURE_LIMIT=3)
def test_failed_log_ins_behind_the_proxy_lock_the_attacker_not_the_office(client):
    make_user("ldtbxh", username="canbo")
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "canbo", "password": "wrong"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.66")  # fmt: skip
    locked = client.post(url, {"username": "canbo", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                         HTTP_X_FORWARDED_FOR="203.0.113.66")  # fmt: skip
    assert locked.status_code == 429
    # The officer at another address, through the same proxy, still signs in.
    office = client.post(url, {"username": "canbo", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                         HTTP_X_FORWARDED_FOR="198.51.100.20")  # fmt: skip
    assert office.status_code == 302


def test_a_refused_request_is_logged_as_one_line_without_traceback(client, caplog):
    client.force_login(make_user("mattran"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(reverse("monitoring:report_create"), {"period": "year", "year": "2024"})
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    from giamngheo.logs import OneLineClientErrors

    for record in records:
        OneLineClientErrors().filter(record)
        assert record.exc_info is None
        assert "Traceback" not in logging.Formatter().format(record)
