"""giamngheo settings. Every value comes from the environment (see .env.example).

Typed readers from django-environ raise ImproperlyConfigured on a malformed value, so a typo stops the
service at start-up instead of surfacing later.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (gitignored; `make install` copies config/local.env there when absent) lets the README's
# `python manage.py …` lines run in a new shell. The real environment always wins over the file, and without a
# file nothing changes: production (DEBUG=0) still refuses the demo key. ENV_FILE names another file (tests).
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    env.read_env(ENV_FILE, overwrite=False)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no setting. Unlike django-environ's reader, an unrecognised value stops the start instead of
    silently meaning "no" (DEBUG=flase would otherwise start a production server in an unintended mode)."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(f"Biến môi trường {name}={raw!r} không hợp lệ: dùng 1/0, true/false, yes/no, on/off.")


DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"  # noqa: S105 (refused when DEBUG=0)

DEBUG = env_bool("DEBUG", default=False)
# demo_setup creates users whose passwords are printed in the README: it runs only in demo mode (DEBUG=1 by default).
DEMO_MODE = env_bool("DEMO_MODE", default=DEBUG)
SECRET_KEY = env.str("SECRET_KEY", default=DEMO_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY chưa được đặt: chế độ vận hành (DEBUG=0) không chạy với khoá mẫu. "
        "Đặt biến môi trường SECRET_KEY thành một chuỗi ngẫu nhiên dài."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'giamngheo.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation added up to 150 ms to short list and search queries and never paid off (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # django-axes and django-tasks-db with Vietnamese names in the admin (giamngheo/common/vendor_apps.py).
    "giamngheo.common.vendor_apps.LoginThrottlingConfig",
    "django_tasks",
    "giamngheo.common.vendor_apps.BackgroundTasksConfig",
    "giamngheo.common",
    "giamngheo.accounts",
    "giamngheo.areas",
    "giamngheo.registry",
    "giamngheo.standards",
    "giamngheo.reviews",
    "giamngheo.support",
    "giamngheo.reports",
    "giamngheo.demo",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamngheo.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "giamngheo.common.middleware.RefuseNulInAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the authenticated user and the login view's response (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:household_list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes, docs/security.md): lock a username+address pair after AXES_FAILURE_LIMIT failures,
# and an address after AXES_ADDRESS_FAILURE_LIMIT failures whatever the usernames (password spraying).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
if not 0 < AXES_FAILURE_LIMIT <= AXES_ADDRESS_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "AXES_ADDRESS_FAILURE_LIMIT phải lớn hơn hoặc bằng AXES_FAILURE_LIMIT, và cả hai phải lớn hơn 0."
    )
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "giamngheo.accounts.throttling.AddressAwareHandler"
# Behind a reverse proxy every request comes from the proxy's address: CLIENT_IP_HEADER names the header the proxy
# sets (HTTP_X_FORWARDED_FOR, HTTP_X_REAL_IP) and CLIENT_IP_PROXY_COUNT how many trusted proxies append to it; login
# throttling and rate limits then count the client's address (giamngheo.common.http.client_address).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)
if CLIENT_IP_HEADER and (not CLIENT_IP_HEADER.startswith("HTTP_") or CLIENT_IP_PROXY_COUNT < 1):
    raise ImproperlyConfigured(
        f"CLIENT_IP_HEADER={CLIENT_IP_HEADER!r} / CLIENT_IP_PROXY_COUNT={CLIENT_IP_PROXY_COUNT} không hợp lệ: "
        "tên tiêu đề theo kiểu Django (HTTP_X_FORWARDED_FOR) và số máy chủ trung gian tin cậy từ 1 trở lên."
    )
AXES_CLIENT_IP_CALLABLE = "giamngheo.common.http.client_address"
RATELIMIT_IP_META_KEY = "giamngheo.common.http.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Third-party front-end files come from npm (package-lock.json) and are served from node_modules as is.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
# How long the trace of who read whose personal data is kept (docs/security.md): two years covers a review year and
# the inspection that follows it. Law 91/2025/QH15 Art. 3 asks for a period that fits the purpose, not a number.
PERSONAL_DATA_READ_RETENTION_DAYS = env.int("PERSONAL_DATA_READ_RETENTION_DAYS", default=730)
if PERSONAL_DATA_READ_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        f"PERSONAL_DATA_READ_RETENTION_DAYS={PERSONAL_DATA_READ_RETENTION_DAYS} không hợp lệ: số ngày lưu dấu vết "
        "truy cập dữ liệu cá nhân phải từ 1 trở lên."
    )
# The household import (registry.imports) reads a file row by row, but keeps every row it read until all are checked
# (a household's rows need not be adjacent, a CCCD must be unique in the file), so its memory grows with what the
# file holds. These limits keep one import under 300 MB of a web worker's memory, which starts at about 130 MB, and
# well within its timeout; the worst files within them were measured at 256 MB (bench/import_refusal.py --memory,
# docs/performance.md). A bigger register goes in as several files (by village): the import is keyed by Mã hộ, so
# a household imported twice is not added twice.
# - Rows of the file, title and header included. 150,000 takes a large ward in one file of the required columns, and
#   the 130,000 bad rows of issue 11 (F23) are refused with their full report.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=150_000)
# - Columns of a sheet: the template has 37; a commune's own extra columns (STT, Ghi chú…) are ignored with a warning.
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
# - Rows × the template's columns the file has: each kept cell costs about 40 bytes with its row's share. 1,500,000
#   is 40,500 people with all 37 columns, or 150,000 with up to 10 of them.
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=1_500_000)
# - Characters of the texts kept (codes, names, addresses, occupations, villages), two bytes each: a register has
#   about 100 a person, so 8,000,000 takes 80,000 people, and a file of the longest texts the template takes no more.
IMPORT_MAX_TEXT = env.int("IMPORT_MAX_TEXT", default=8_000_000)
# - Errors: the report of a file wrong everywhere stops after this many (each about 100 bytes with its value).
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=150_000)
# An .xlsx file is a zip archive of XML parts, checked before any row is read (registry.imports.archive):
# - the parts' uncompressed sizes together: a sheet of the cells above comes to at most about 90 MB of XML as
#   xlsxwriter writes it (58 bytes a cell, texts inline; Excel's shared strings make it smaller), and parsing takes
#   about 6 µs a cell, so 128 MiB takes every file within the limits above, keeps the parse under a minute, and
#   refuses the 581 MB sheet of issue 11 (F24) unopened;
IMPORT_XLSX_MAX_BYTES = env.int("IMPORT_XLSX_MAX_BYTES", default=128 * 1024 * 1024)
# - a part's compression ratio (uncompressed / compressed size, for parts over 1 MiB): sheet XML compresses about
#   5–20 times (15 for a 130,000-row sheet of the template), a zip bomb about 1,000 times (that 581 MB sheet: 215);
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
# - the shared strings, every distinct text of the workbook, which the reader holds whole (about 3 bytes of memory a
#   byte of XML, 7 while it parses them): 150,000 people saved by Excel come to about 11 MB of them;
IMPORT_XLSX_MAX_STRINGS_BYTES = env.int("IMPORT_XLSX_MAX_STRINGS_BYTES", default=16 * 1024 * 1024)
# - any other part the reader parses whole (the workbook, its styles, its properties), which takes about ten times its
#   size in memory: a few hundred kB in real workbooks.
IMPORT_XLSX_MAX_PART_BYTES = env.int("IMPORT_XLSX_MAX_PART_BYTES", default=8 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production is served over HTTPS only: plain HTTP is redirected and browsers are told to remember it (HSTS, one
# year). The preload directive is only consent; a subdomain such as giamngheo.<tỉnh>.gov.vn cannot be preloaded alone.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Behind a proxy that ends TLS, the header it sets on HTTPS requests, as "HEADER,value"
    (e.g. HTTP_X_FORWARDED_PROTO,https). Only set it when the proxy always sets or strips that header."""
    raw = env.str(name, default="")
    if not raw:
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not all(parts) or not parts[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"Biến môi trường {name}={raw!r} không hợp lệ: viết dạng HTTP_X_FORWARDED_PROTO,https "
            "(tên tiêu đề theo kiểu Django, dấu phẩy, giá trị khi yêu cầu đến qua HTTPS)."
        )
    return parts[0], parts[1]


SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Cache: shared by every worker process, so that the public rate limits hold whatever the number of workers: Redis
# when USE_REDIS=1 (REDIS_URL), the database otherwise (table created by the common app's migration).
USE_REDIS = env_bool("USE_REDIS", default=False)
REDIS_URL = env.str("REDIS_URL", default="")
if USE_REDIS and not REDIS_URL:
    raise ImproperlyConfigured("USE_REDIS=1 cần REDIS_URL, ví dụ redis://127.0.0.1:6379/0.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if USE_REDIS
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "giamngheo_cache"},
    # Printed reports kept by what they are made of (common.pdf): a second download of an unchanged province list
    # is read, not laid out again (seconds). Its own table, so that large PDFs never push the rate limits' counters
    # out; shared by every worker and server. A copy nobody asks for expires after a week (the lists name
    # households); past DOCUMENT_CACHE_ENTRIES copies, a third of them go.
    "documents": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "giamngheo_document_cache",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": env.int("DOCUMENT_CACHE_ENTRIES", default=200)},
    },
}
# Public self-assessment page: submissions per address (django-ratelimit syntax).
SELF_ASSESSMENT_RATE = env.str("SELF_ASSESSMENT_RATE", default="20/m")
# Public online requests (Mẫu 01/04 submitted by the household): submissions per address.
ONLINE_REQUEST_RATE = env.str("ONLINE_REQUEST_RATE", default="5/h")
# Public verification of a certificate's code (/xac-minh/<code>/): checks per address.
VERIFICATION_RATE = env.str("VERIFICATION_RATE", default="30/m")
# The address printed (and put in the QR code) on every certificate, in front of /xac-minh/<code>/: the public name of
# this service. A certificate keeps the address it was issued with, so choose it once.
VERIFICATION_BASE_URL = env.str("VERIFICATION_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background jobs: a database queue (django-tasks-db), worked by `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# After a write, the worker lays its province's printed summary, groups table and lists out again (this year and the
# last) and keeps them, so that a download is served at once (reports/tables/tasks.py).
PREPARE_REPORT_PDFS = env_bool("PREPARE_REPORT_PDFS", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Search: on PostgreSQL the folded-name columns carry trigram indexes (pg_trgm); see registry migrations.
SEARCH_MIN_CHARS = 2
