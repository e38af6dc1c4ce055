"""Playwright against Debian's Chromium: never a browser Playwright downloads itself.

CHROMIUM_PATH names another binary. Without one the browser tests are skipped with
the reason, except on CI (CI=true), where a missing browser fails them.
"""

import asyncio
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

# A stray `playwright install` (or a plugin calling it) must not fetch a browser.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> Path:
    return Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")


def missing_chromium_reason() -> str | None:
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"Chromium not found at {path} (install Debian's chromium package or set CHROMIUM_PATH); "
        "the browser tests never use a browser downloaded by Playwright"
    )


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_collection_modifyitems(config, items):
    # Conftest hooks see the whole session's items: touch only this folder's.
    reason = missing_chromium_reason()
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not on_ci():
            # Skipped before any fixture runs: no test database, no live server.
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _same_db_connection_under_playwright(request, django_db_setup):
    """Keep the test's database connection once Playwright's event loop runs.

    Django keeps connections in an asgiref Local that is thread-local until an event
    loop runs in the thread, and per context after. Playwright's sync API leaves its
    loop running while the test runs, so the test would get fresh connections: with
    no `_test_serialized_contents`, serialized_rollback would silently restore
    nothing (the roles and standards vanish after the first browser test whenever
    other database tests ran before Playwright started). Hand the connections opened
    before the loop to the loop's context.
    """
    from django.db import connections

    if asyncio_loop_running():
        # Playwright started earlier: the connections made since are the ones tests use.
        return
    opened = {alias: connections[alias] for alias in connections}
    request.getfixturevalue("playwright")
    for alias, connection in opened.items():
        connections[alias] = connection


def asyncio_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's options (--headed, --slowmo) with Debian's Chromium."""
    reason = missing_chromium_reason()
    if reason:
        if on_ci():
            pytest.fail(f"CI=true: the browser tests must run, not be skipped. {reason}", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(chromium_path()), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An officer's browser in the ward: Vietnamese, Vietnam's time zone."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def js_errors(page: Page):
    """Script errors and console errors (a CSP refusal among them) of every page the test opens."""
    errors = []

    def on_console(message):
        # Chromium asks every site for /favicon.ico on its own; the app has none.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", on_console)
    return errors
