"""Household searches kept out of URLs: a name typed in the search box never reaches a proxy's log.

The filter form is posted; a search with text is saved in the officer's session under
an opaque key and the list is opened as ``?s=<key>``. Filters without text (a status, a
group, a date) stay readable in the URL, so such a list can still be linked to.
"""

import secrets

from django.http import QueryDict

SESSION_KEY = "household_searches"
MAX_SAVED = 20
PRIVATE = ("q",)  # what may name a person
# What a saved search's URL may add to it.
PER_REQUEST = ("cursor", "print", "format")


def save(request, params: QueryDict) -> str:
    saved = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(6)
    saved[key] = params.urlencode()
    request.session[SESSION_KEY] = dict(list(saved.items())[-MAX_SAVED:])
    return key


def params_of(request) -> QueryDict | None:
    """The list's filters: the saved search named by ?s=, or the URL's own; None if the saved one is gone."""
    key = request.GET.get("s")
    if key is None:
        return request.GET
    saved = request.session.get(SESSION_KEY, {}).get(key)
    if saved is None:
        return None
    params = QueryDict(saved, mutable=True)
    for name in PER_REQUEST:
        if name in request.GET:
            params[name] = request.GET[name]
    return params


def location(request, posted: QueryDict) -> str:
    """The list's query string for posted filters: opaque when they carry search text."""
    params = QueryDict(mutable=True)
    for name, values in posted.lists():
        if name in ("csrfmiddlewaretoken", *PER_REQUEST):
            continue
        for value in values:
            if value.strip():
                params.appendlist(name, value.strip())
    if any(params.get(name) for name in PRIVATE):
        return QueryDict(f"s={save(request, params)}").urlencode()
    return params.urlencode()
