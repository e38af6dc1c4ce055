"""Settings for giamngheo, read from the environment.

Development (the default) runs on an embedded SQLite file with a throw-away secret
key. Production is declared with GIAMNGHEO_ENV=production and must then supply
DJANGO_SECRET_KEY, DJANGO_DEBUG and DJANGO_ALLOWED_HOSTS itself.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool | None = None) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set in the environment.")
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def database_from_url(url: str) -> dict:
    """Translate postgres://user:password@host:port/name?option=value into Django's dict."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL must start with postgres:// or postgresql://")
    options = dict(parse_qsl(parts.query))
    # The registry's status lookups make PostgreSQL's cost estimates large enough to
    # trigger JIT compilation, which cost 250-770 ms per query and saved nothing
    # (bench/registry_pages.py). Off unless the URL says otherwise.
    options.setdefault("options", "-c jit=off")
    if env_bool("DATABASE_POOL", False):
        # Django's pool needs psycopg 3 (psycopg[pool]) and forbids persistent connections.
        # With CONN_HEALTH_CHECKS (below) Django has the pool check every connection as it
        # leaves: after a database restart or pg_terminate_backend the next request gets a
        # live one instead of an error.
        options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0 if options.get("pool") else env_int("DATABASE_CONN_MAX_AGE", 0),
        # A connection is tried before a request uses it: pooled or persistent.
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": os.environ.get("DATABASE_TEST_NAME") or None},
    }


ENVIRONMENT = os.environ.get("GIAMNGHEO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("GIAMNGHEO_ENV must be development or production.")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    DEBUG = env_bool("DJANGO_DEBUG")
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set (50+ characters) in production.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
else:
    DEBUG = env_bool("DJANGO_DEBUG", True)
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "development-only-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "giamngheo.views.csrf_failure"

INSTALLED_APPS = [
    "giamngheo",
    "imports",
    "households",
    "projects",
    "budget",
    "monitoring",
    "reviews",
    "home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "import_export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamngheo.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "giamngheo.middleware.ReadOnlyRoleMiddleware",
    "giamngheo.access.CommuneMiddleware",
    "giamngheo.middleware.PrivatePagesMiddleware",
    "giamngheo.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files from the app itself, compressed and cache-busted: no CDN, no nginx required.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "giamngheo.urls"
WSGI_APPLICATION = "giamngheo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "giamngheo.context_processors.ward",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            "OPTIONS": {
                # select_for_update() is a no-op on SQLite: IMMEDIATE transactions
                # serialise writers instead, and WAL lets readers go on meanwhile.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# A PostgreSQL streaming replica, optional: the report pages and the household list read
# from it, everything else (and anything after a write) from the primary (giamngheo/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    if "postgresql" not in DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL: a replica of PostgreSQL.")
    DATABASES["replica"] = {
        **database_from_url(os.environ["DATABASE_REPLICA_URL"]),
        # Tests read the replica's tables from the test database itself.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["giamngheo.routers.ReplicaRouter"]
    # Inside the session's middleware: saving the session does not count as the request's write.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                      "giamngheo.routers.PinToPrimaryMiddleware")  # fmt: skip
# Seconds a browser reads from the primary after it posted a form (replica lag, with a margin).
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "giamngheo.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Ward offices share one public IP: lock a user name from one address, not the office.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind nginx the client's address is in X-Forwarded-For; trusted only from these proxies
# (addresses or networks, e.g. "127.0.0.1,::1"). Empty: no proxy, REMOTE_ADDR is the client.
GIAMNGHEO_TRUSTED_PROXIES = env_list("GIAMNGHEO_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "giamngheo.proxy.client_ip"

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    # The supervisor's and the monitor's probe on the loopback: no redirect to HTTPS.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # A year, as browsers expect; subdomains and preloading are the ward domain owner's call.
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything is served from this host: ward offices may have no internet at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["giamngheo.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Program rules that the law leaves to be confirmed: kept as settings, not code.
# Months a household counts as "recently escaped" after its escape decision
# (Kế hoạch 538/KH-UBND; QĐ 28/2015/QĐ-TTg: at most 3 years).
GIAMNGHEO_RECENT_ESCAPE_MONTHS = env_int("GIAMNGHEO_RECENT_ESCAPE_MONTHS", 36)
# "both_lists": escaped when the household leaves the poor and near-poor lists
# (QĐ 28/2015); "poor_list": escaped as soon as it leaves the poor list.
GIAMNGHEO_ESCAPE_MEANS = os.environ.get("GIAMNGHEO_ESCAPE_MEANS", "both_lists")
if GIAMNGHEO_ESCAPE_MEANS not in {"both_lists", "poor_list"}:
    raise ImproperlyConfigured("GIAMNGHEO_ESCAPE_MEANS must be both_lists or poor_list.")
# Nghị định 30/2025/NĐ-CP: a low-income worker's household earns at most these per person per
# month (VND), by area. How long a recognition lasts is the ward's choice (one review year by default).
GIAMNGHEO_LOW_INCOME_WORKER_LIMITS = {"urban": 3_000_000, "rural": 2_250_000}
GIAMNGHEO_LOW_INCOME_WORKER_MONTHS = env_int("GIAMNGHEO_LOW_INCOME_WORKER_MONTHS", 12)
# TT 55/2023/TT-BTC, Art. 72: at most 400.000 đồng per worker for a successful job connection.
GIAMNGHEO_JOB_CONNECTION_MAX = env_int("GIAMNGHEO_JOB_CONNECTION_MAX", 400_000)

# The review process (Quyết định 24/2021/QĐ-TTg). A household's result stands when at
# least this share (%) of the meeting's attendees agree (Art. 4.3, confirmed).
GIAMNGHEO_REVIEW_MEETING_AGREEMENT = env_int("GIAMNGHEO_REVIEW_MEETING_AGREEMENT", 50)
# Working days the results stay posted (Art. 4.4: the duration is UNCONFIRMED; 3 is common practice).
GIAMNGHEO_REVIEW_POSTING_WORKING_DAYS = env_int("GIAMNGHEO_REVIEW_POSTING_WORKING_DAYS", 3)
# Days from a regular review's start to its recognition decision (Art. 5, confirmed: 15).
GIAMNGHEO_REGULAR_RECOGNITION_DAYS = env_int("GIAMNGHEO_REGULAR_RECOGNITION_DAYS", 15)
# Who step 5 reports to: the district until 30/06/2025, the province since (two-level government).
GIAMNGHEO_REVIEW_REPORT_TO = os.environ.get(
    "GIAMNGHEO_REVIEW_REPORT_TO", "Chủ tịch UBND tỉnh (qua Sở Nông nghiệp và Môi trường)"
)

# Imports (households/imports): large files are checked and applied by the task
# worker (`manage.py db_worker`); uploads over the size limit are refused unread.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GIAMNGHEO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The "Nơi nhận" of a ward's first report; later reports start from the previous one's.
GIAMNGHEO_REPORT_RECIPIENTS = [
    "UBND tỉnh (qua Sở Nông nghiệp và Môi trường)",
    "Thường trực Đảng ủy, HĐND phường",
    "Ủy ban MTTQ Việt Nam phường",
    "Lưu: VT",
]
# Exports: a list of more households than this is written by the task worker (a province's
# .xlsx takes minutes, past gunicorn's timeout) into a private directory, never served by
# nginx, and downloaded through the app by the officer who asked, for a few days.
GIAMNGHEO_EXPORT_SYNC_LIMIT = env_int("GIAMNGHEO_EXPORT_SYNC_LIMIT", 10_000)
GIAMNGHEO_EXPORT_KEEP_DAYS = env_int("GIAMNGHEO_EXPORT_KEEP_DAYS", 2)
# Longer than any real export: a job still running after it lost its worker.
GIAMNGHEO_EXPORT_STALE_AFTER = env_int("GIAMNGHEO_EXPORT_STALE_AFTER", 3600)
GIAMNGHEO_EXPORT_DIR = Path(os.environ.get("GIAMNGHEO_EXPORT_DIR", BASE_DIR / "var" / "exports"))
GIAMNGHEO_IMPORT_BACKGROUND_ROWS = env_int("GIAMNGHEO_IMPORT_BACKGROUND_ROWS", 2000)
GIAMNGHEO_IMPORT_MAX_BYTES = env_int("GIAMNGHEO_IMPORT_MAX_MB", 20) * 1024 * 1024
GIAMNGHEO_IMPORT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
GIAMNGHEO_IMPORT_MAX_ZIP_RATIO = 100
GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS = 100
GIAMNGHEO_IMPORT_MAX_ROWS = 300_000
# Parsing budget per file (imports.reading.Budget), in the worker; a web request reads
# only files under the inline budget and leaves the rest to the worker.
GIAMNGHEO_IMPORT_MAX_CELLS = env_int("GIAMNGHEO_IMPORT_MAX_CELLS", 3_000_000)
GIAMNGHEO_IMPORT_MAX_SECONDS = env_int("GIAMNGHEO_IMPORT_MAX_SECONDS", 600)
GIAMNGHEO_IMPORT_INLINE_BYTES = 4 * 1024 * 1024
GIAMNGHEO_IMPORT_INLINE_CELLS = 100_000
GIAMNGHEO_IMPORT_INLINE_SECONDS = 5
# A check or an import running longer than this lost its process: marked interrupted.
# Must exceed GIAMNGHEO_IMPORT_MAX_SECONDS and gunicorn's timeout.
GIAMNGHEO_IMPORT_STALE_AFTER = env_int("GIAMNGHEO_IMPORT_STALE_AFTER", 900)
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_client_errors": {"()": "giamngheo.logs.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Query strings can carry search terms typed by officers; log paths only.
        "django.server": {"level": "WARNING"},
        # Axes logs every sign-in; failures and lock-outs are what matter.
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
