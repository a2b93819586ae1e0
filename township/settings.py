"""Settings for the township Party-organisation system.

Every value that differs between deployments comes from the environment, with safe
development defaults: SQLite in the project folder, DEBUG on, a development secret key.
`DEBUG=0` switches the production safeguards on (see README, "Production").
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _from_file(name: str) -> str | None:
    """Let a secret come from `<NAME>_FILE`, as container secrets do."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


def env_str(name: str, default: str) -> str:
    value = _from_file(name)
    if value is not None:
        return value
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_date(name: str) -> datetime.date | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date like 2016-12-20, not {raw!r}") from None


DEV_SECRET_KEY = "dev-only-not-secret-7f3c2a9e"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG=0.")

ALLOWED_HOSTS = [
    h.strip()
    for h in env_str("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "township",
    "branches",
    "members",
    "plans",
    "finance",
    "awards",
    "transfers",
    "dues",
    "documents",
    "overview",
    "township.apps.TownshipAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads the POST): refuse an oversized request
    # from its Content-Length, without reading it.
    "township.uploads.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "township.urls"
WSGI_APPLICATION = "township.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "township.context_processors.roles",
                "finance.context_processors.finance_nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the county's grouped counts are estimated costly enough to trigger
    # it, and compiling took longer than the query (the organisational-life tally at 20
    # townships: 66 ms of JIT on 70 ms of work; issue 20). A startup option, so it costs no
    # query; options given in DATABASE_URL (?options=...) are kept instead.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "township.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account (per user name and address) after repeated failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The reverse proxies in front of the app (README, production): 0 = none, forwarded headers
# ignored; N = the client is the N-th address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "township.client_ip.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Each process's memory. "default" keeps the dashboard's figures and the PDFs (Django's
# default size). "townships" keeps the county comparison's rows, one per township, year and
# language under the township's data version (township/stamps.py): small entries (a few kB),
# as many as the townships of the county times 3, and Django's default of 300 would evict
# them at 100 townships.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "townships": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "townships",
        "OPTIONS": {"MAX_ENTRIES": env_int("TOWNSHIP_ROW_CACHE_ENTRIES", 10_000)},
    },
}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded evidence (scans, photos): the largest file accepted, in megabytes.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 10)
# A whole request (a form with several files): refused from its Content-Length before the
# body is read. The proxy in front should cap the body at the same size (README).
REQUEST_MAX_MB = env_int("REQUEST_MAX_MB", 50)
# Form fields other than files: Django refuses more than this before parsing them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_KB", 2560) * 1024
# An uploaded file larger than this is streamed to a temporary file, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2560 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 50

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above counts from the last request
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): our own files only, and no inline script anywhere.
# Inline style attributes stay allowed (progress bars set their width).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    # HTTPS=0 only for the demo (`bash setup.sh run`) or a trial on plain HTTP: production
    # behaviour otherwise (error pages, collected static files), without the HTTPS-only parts.
    HTTPS = env_bool("HTTPS", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
    SECURE_HSTS_PRELOAD = HTTPS

# A file a PDF asks for that cannot be fetched (a missing stylesheet, a refused URL) stops
# the render instead of being skipped; on in the tests (tests/conftest.py).
PDF_FETCH_STRICT = env_bool("PDF_FETCH_STRICT", False)

# The domain's "today" (deadlines, overdue tasks, ages, six-month rules). Empty in
# production; the demo pins it to a day in 2016 so that the seed's plan is live.
TOWNSHIP_TODAY = env_date("TOWNSHIP_TODAY")

# One line per event on the console: requests, warnings, errors. Django's own loggers are
# routed here once (no propagation, so nothing prints twice); libraries that narrate their
# work (WeasyPrint's "Step 1 … Step 7", fontTools' subsetting) speak only when something is
# wrong.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Never log request bodies or SQL parameters: they carry ID numbers and phones.
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Logins are recorded in the database (axes access log); four lines a login is noise.
        "axes": {"level": "WARNING"},
    },
}

# Organisational life (三会一课 and the rest): how often each kind of meeting is required per
# branch, "month", "quarter" or "year" (DOMAIN.md). 党课 is at least yearly by the rules; many
# townships ask for one a quarter, as here.
ORG_LIFE_FREQUENCIES = {
    "members": "quarter",
    "committee": "month",
    "group": "month",
    "lecture": "quarter",
    "theme_day": "month",
    "org_life": "year",
    "appraisal": "year",
}

# 补录: a dated record (meeting, progress update…) entered more than this many days after the
# event is marked as a late entry wherever it is shown (issue 13).
LATE_ENTRY_DAYS = env_int("LATE_ENTRY_DAYS", 30)

# 七一表彰: the public notice (公示) lasts this many working days (official calendar).
AWARDS_NOTICE_WORKING_DAYS = env_int("AWARDS_NOTICE_WORKING_DAYS", 5)

# Village spending above this many yuan needs a recorded approval (finance app).
FINANCE_APPROVAL_THRESHOLD = Decimal(env_str("FINANCE_APPROVAL_THRESHOLD", "2000.00"))

# Documents (GB/T 9704-2012): the font families each role of text asks for, official names
# first; a machine without them falls back to the free fonts setup.sh installs, chosen so the
# document keeps its look (serif 仿宋-like body, bold sans 黑体, a brush 楷体).
PDF_FONTS = {
    "title": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"],
    "body": ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"],
    "heading": ["黑体", "SimHei", "Noto Sans CJK SC"],
    "kai": ["楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"],
}
# Certificates (荣誉证书) print on stock of this CSS page size, e.g. "A4 landscape", "B5 landscape"
# or "297mm 210mm".
CERTIFICATE_PAGE_SIZE = env_str("CERTIFICATE_PAGE_SIZE", "A4 landscape")


# Excel imports (rosters, branches, grades): the largest upload in megabytes, the most data
# a workbook may unpack to (zip-bomb guard) and the most rows read from one sheet.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 10)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 200)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50000)
# The back office's exports escape text Excel would run as a formula (= + - @).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Last, so that a deployment's git-ignored township/local_settings.py overrides any setting
# above (tests/township/test_settings_order.py).
try:
    from .local_settings import *  # noqa: F403
except ImportError:
    pass
