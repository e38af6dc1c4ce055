"""Refusals and failures show the app's own page: inside its frame, saying why, with the way back."""

from unittest import mock

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from giamngheo.views import server_error
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.giamngheo.error_urls"


def error_kind(response):
    assert "errors/error.html" in [t.name for t in response.templates]
    return response.context["kind"]


def test_unknown_page_is_explained_with_the_login_link_when_signed_out(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert error_kind(response) == "not_found"
    assert f'href="{reverse("login")}"' in response.content.decode()
    assert 'lang="vi"' in response.content.decode()


def test_unknown_household_is_a_404_inside_the_frame_with_the_way_back(client, officer):
    came_from = "http://testserver" + reverse("households:list")
    response = client.get(reverse("households:detail", args=["PH-404"]), HTTP_REFERER=came_from)
    assert response.status_code == 404
    assert error_kind(response) == "not_found"
    page = response.content.decode()
    assert f'action="{reverse("logout")}"' in page  # the signed-in frame
    assert f'href="{came_from}"' in page
    assert f'href="{reverse("home")}"' in page


def test_back_link_is_offered_only_to_our_own_pages(client, officer):
    response = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish")
    assert response.context["back_url"] is None
    assert "evil.example" not in response.content.decode()


def test_missing_permission_is_explained(client):
    client.force_login(make_user())
    response = client.get(reverse("households:create"))
    assert response.status_code == 403
    assert error_kind(response) == "forbidden"


def test_supervisor_writing_is_told_the_account_only_reads(client):
    client.force_login(make_user("mattran"))
    response = client.post(reverse("households:create"), {})
    assert response.status_code == 403
    assert error_kind(response) == "read_only"


def test_expired_form_is_explained_not_called_forbidden(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("households:search"), {"q": "hoa"})
    assert response.status_code == 403
    assert error_kind(response) == "csrf_failure"


def test_wrong_method_gets_a_page_and_keeps_the_allow_header(client, officer):
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert error_kind(response) == "method_not_allowed"
    assert "POST" in response["Allow"]


def test_bad_request_is_explained(client, officer):
    response = client.get("/test/suspicious/")
    assert response.status_code == 400
    assert error_kind(response) == "bad_request"


def test_disallowed_host_still_gets_the_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.context["back_url"] is None


def test_server_error_page_is_standalone(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with mock.patch("giamngheo.context_processors.ward", side_effect=RuntimeError("database down")):
        response = client.get("/test/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'data-status="500"' in page
    assert 'href="/"' in page
    assert "bootstrap.min.css" in page


def test_server_error_page_reads_nothing_from_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
