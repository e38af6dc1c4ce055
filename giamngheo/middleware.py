from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from giamngheo.views import method_not_allowed

# Posts that change only the reader's own session, never the register: a search is posted so
# that a citizen's name stays out of the URL, and a reviewer must be able to search.
SESSION_ONLY_VIEWS = {"logout", "set_language", "choose_commune", "households:search", "households:lookup"}


class ReadOnlyRoleMiddleware:
    """Refuse every write from a supervision account, whatever view it reaches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and request.user.is_authenticated
            and not request.user.is_superuser
            and request.user.has_perm("giamngheo.read_only_access")
            and self._view_name(request) not in SESSION_ONLY_VIEWS
        ):
            raise PermissionDenied
        return self.get_response(request)

    @staticmethod
    def _view_name(request):
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None


class PrivatePagesMiddleware:
    """Pages shown to a signed-in user hold personal data: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class MethodNotAllowedPageMiddleware:
    """Give Django's empty 405 (require_POST, a view's http_method_names) the app's error page.

    Django has no handler405: the response comes back from the view with no body, and a
    blank page tells the officer nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = method_not_allowed(request)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise: the browser's language is not a choice.

    Office computers often run an English browser; the ward works in Vietnamese.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
