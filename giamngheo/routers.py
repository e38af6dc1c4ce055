"""Reads from a PostgreSQL streaming replica, where it is safe: opt-in, and never after a write.

Installed only when DATABASE_REPLICA_URL is set (settings.py). A replica lags the primary
by a moment, so a page that reads from it may miss what was just saved. The router therefore
reads from the replica only

- inside `reading_from_replica()` (the `replica_reads` view decorator): report pages and
  the household list, which show figures and rows, not the form an officer just posted;
- for the register's own tables (REPLICA_APPS), never sessions, users, permissions or the
  task queue, which decide who the request is and what it may do;
- until the request writes anything: from then on every read goes to the primary;
- not in the seconds after the same browser posted a form (PinToPrimaryMiddleware), so the
  list an officer is sent back to after saving shows the saved row.

Everything else, and everything when no replica is configured, uses "default".
"""

import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
# The apps whose rows a report or a list shows. Not: auth, sessions, contenttypes, admin,
# axes, the task queue, and the user model (giamngheo's, excluded below).
REPLICA_APPS = {"households", "monitoring", "projects", "budget", "reviews", "giamngheo", "imports"}
PIN_COOKIE = "giamngheo_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


@dataclass
class _Reads:
    replica: bool = False  # inside reading_from_replica()
    wrote: bool = False  # this request wrote: read from the primary from then on
    pinned: bool = False  # this browser posted or wrote a moment ago: read from the primary


_reads: ContextVar[_Reads | None] = ContextVar("giamngheo_reads", default=None)


@contextmanager
def reading_from_replica():
    """Reads of the register inside the block may come from the replica (if one is configured)."""
    state = _reads.get()
    token = None
    if state is None:
        state = _Reads()
        token = _reads.set(state)
    before, state.replica = state.replica, True
    try:
        yield
    finally:
        state.replica = before
        if token is not None:
            _reads.reset(token)


def replica_reads(view):
    """A view whose reads may come from the replica: see reading_from_replica()."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


def pin_to_primary() -> None:
    """From now on in this request (or block), read from the primary: it wrote."""
    state = _reads.get()
    if state is not None:
        state.wrote = True


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _reads.get()
        if state is None or not state.replica or state.wrote or state.pinned:
            return PRIMARY
        meta = model._meta
        if meta.app_label not in REPLICA_APPS or meta.label == settings.AUTH_USER_MODEL:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        # Every write (save, create, update, delete, select_for_update) passes here: what the
        # request reads afterwards must see it.
        pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY  # the replica follows the primary's schema by streaming


class PinToPrimaryMiddleware:
    """Scope the router's state to each request, and read from the primary for
    settings.DATABASE_REPLICA_PIN_SECONDS after a browser posted or the request wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.DATABASE_REPLICA_PIN_SECONDS
        state = _Reads()
        with suppress(ValueError):  # a cookie not of our making: ignored
            state.pinned = float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
        token = _reads.set(state)
        try:
            response = self.get_response(request)
            wrote = request.method not in SAFE_METHODS or state.wrote
        finally:
            _reads.reset(token)
        if wrote and seconds > 0:
            until = time.time() + seconds
            response.set_cookie(PIN_COOKIE, f"{until:.0f}", max_age=seconds, httponly=True, samesite="Lax",
                                secure=request.is_secure())  # fmt: skip
        return response
