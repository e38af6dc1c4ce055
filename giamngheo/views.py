"""The pages every app shares: the log of access changes, and the pages shown when a request cannot be served.

The error pages say why, in plain words, and offer the way back; Django calls them
instead of its bare English defaults when DEBUG is off (handler400/403/404/500 in
giamngheo.urls, CSRF_FAILURE_VIEW in settings).
"""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe

from giamngheo import access
from giamngheo.models import AccessChange

ACCESS_CHANGES_PER_PAGE = 100


def _back_url(request) -> str | None:
    """The page the user came from, when it is ours and not this one: a link back needs no JavaScript."""
    referer = request.headers.get("referer")
    if not referer:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return None
    if referer == request.build_absolute_uri():
        return None
    return referer


def _error_page(request, status: int, kind: str, title: str, reason: str, hint: str = "", back: bool = True):
    context = {
        "status": status,
        "kind": kind,  # which refusal, for the page's data attribute and for tests
        "title": title,
        "reason": reason,
        "hint": hint,
        "back_url": _back_url(request) if back else None,
    }
    return render(request, "errors/error.html", context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(
        request,
        400,
        "bad_request",
        _("The request could not be read"),
        _(
            "The browser sent something this page does not understand, often a form left open too long "
            "or a damaged link."
        ),
        _("Go back, reload the page and try again."),
        # A bad Host header is one reason for a 400: nothing about the request is trusted then.
        back=not isinstance(exception, DisallowedHost),
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    user = request.user if hasattr(request, "user") else None
    if (
        user is not None
        and user.is_authenticated
        and request.method not in ("GET", "HEAD", "OPTIONS")
        and user.has_perm("giamngheo.read_only_access")
    ):
        kind, reason = "read_only", _("Your account is for supervision: it can read the register but not change it.")
    else:
        kind, reason = "forbidden", _("Your account does not have the right to open this page or to do this.")
    return _error_page(
        request,
        403,
        kind,
        _("Not allowed"),
        reason,
        _("If your work needs it, ask the ward administrator to give your account the right role."),
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    # Out-of-scope records answer 404 too (no leak): the words must not say which it was.
    return _error_page(
        request,
        404,
        "not_found",
        _("Page not found"),
        _(
            "There is no such page, or it is not one your account may see: the address may be mistyped, "
            "or the record removed."
        ),
        _("Use the menu, or search for the household from the household list."),
    )


@requires_csrf_token
def method_not_allowed(request):
    return _error_page(
        request,
        405,
        "method_not_allowed",
        _("This address does not take that kind of request"),
        _("This page is reached through its button or form, not by typing its address or reloading it."),
        _("Go back and use the page's button."),
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        403,
        "csrf_failure",
        _("The form has expired"),
        _(
            "The form was sent without the security check it was given: the page was open too long, you logged "
            "in or out in another tab, or the browser refuses cookies."
        ),
        _("Go back, reload the page and fill in the form again. Nothing was saved."),
    )


def server_error(request):
    """A standalone page: the database or a context processor may be what failed, so it uses neither."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


@require_safe
@permission_required("giamngheo.view_accesschange", raise_exception=True)
def access_changes(request):
    """Who gave or took away which role, permission or account setting, and when (giamngheo.access_log)."""
    changes = AccessChange.objects.select_related("changed_by")
    if not access.is_province(request.user):
        changes = changes.filter(user__in=access.accounts(request.user))
    page = Paginator(changes, ACCESS_CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "giamngheo/access_changes.html", {"page": page})


@require_POST
def choose_commune(request):
    """Work in another of the user's communes (the province: any, or none for the whole province).

    Only the session changes, so a read-only account may do it too.
    """
    chosen = request.POST.get("commune", "")
    allowed = {str(c.pk): c.pk for c in access.communes_of(request.user)}
    if chosen and chosen not in allowed:
        raise PermissionDenied
    request.session[access.SESSION_KEY] = allowed.get(chosen)
    # Home, not the page it came from: that page may be a record of the commune left.
    return redirect("home")
