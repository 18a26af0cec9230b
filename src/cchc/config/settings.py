"""Django settings for cchc.

Everything a deployment changes comes from environment variables (see README,
"Configuration"). The defaults give the embedded set-up: SQLite under the repository's
``var/`` folder, e-mail written to files, debug off unless asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/cchc
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", REPO_DIR / "var"))


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _bool("CCHC_DEBUG")
SECRET_KEY = os.environ.get("CCHC_SECRET_KEY") or "dev-only-insecure-key-change-me-in-production"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CCHC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Production behind HTTPS (README, "Production set-up"): secure cookies, HSTS, the proxy's
# header saying the request came over HTTPS, and a redirect of plain HTTP to HTTPS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _bool("CCHC_SECURE_COOKIES")
SECURE_HSTS_SECONDS = int(os.environ.get("CCHC_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("CCHC_HSTS_INCLUDE_SUBDOMAINS", True)
# Only for a domain submitted to the browsers' preload list (hstspreload.org): hard to undo.
SECURE_HSTS_PRELOAD = _bool("CCHC_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = _bool("CCHC_SSL_REDIRECT")


def _proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """ "HTTP_X_FORWARDED_PROTO,https" -> ("HTTP_X_FORWARDED_PROTO", "https")."""
    if not raw.strip():
        return None
    name, _, value = (part.strip() for part in raw.partition(","))
    if not name.startswith("HTTP_") or not value or "," in value:
        raise ImproperlyConfigured(
            "CCHC_SECURE_PROXY_SSL_HEADER: expected HEADER,VALUE such as "
            f"HTTP_X_FORWARDED_PROTO,https, not {raw!r}"
        )
    return name, value


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("CCHC_SECURE_PROXY_SSL_HEADER", ""))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "cchc.ui",
    "cchc.orgs",
    "cchc.jobs",
    "cchc.plans",
    "cchc.tracking",
    "cchc.chasing",
    "cchc.dossiers",
    "cchc.scoring",
    "cchc.reporting",
    "cchc.overview",
    "cchc.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Every text a form or the API sends is NFC (one officer, unit or task stays one).
    "cchc.web.nfc.NFCInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages, exports, evidence files and API answers: private, never stored.
    "cchc.web.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database still busy with another writer after its wait: "thử lại" (503), not a 500.
    "cchc.web.busy.DatabaseBusyMiddleware",
]

# The cache: process-local by default (the laptop set-up); CCHC_CACHE_URL=redis://host:6379/0
# shares it between the web server's processes (a province's server): the board's figures,
# pages and sessions are then computed once for all of them. Entries are keyed on the
# department's data version (tracking.cache), so neither kind ever serves stale figures.
_cache_url = os.environ.get("CCHC_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    }
elif _cache_url:
    raise ImproperlyConfigured(f"CCHC_CACHE_URL: only redis:// addresses are supported, not {_cache_url!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sessions live in the database; with the shared cache they are also read through it (a
# request of a logged-in person then skips the session query). Never through the
# per-process cache: a logout in one server process would leave the session alive in the
# others' copies. A session ended is ended everywhere.
SHARED_CACHE = bool(_cache_url)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if SHARED_CACHE else "django.contrib.sessions.backends.db"
)

ROOT_URLCONF = "cchc.config.urls"
WSGI_APPLICATION = "cchc.config.wsgi.application"
ASGI_APPLICATION = "cchc.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # every template lives in its app
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.web.menu.menu",  # ``nav``: the menu's links and counts
            ],
            # The format filters (vn_date, percent, person_name …) in every template, without a load.
            "builtins": ["cchc.ui.templatetags.format_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}",
        conn_max_age=int(os.environ.get("CCHC_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default keeps its database under var/: make sure the folder exists.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    # Writers queue for each other instead of failing with "database is locked": every
    # transaction takes the write lock when it begins (BEGIN IMMEDIATE), where the busy
    # timeout waits for it. A transaction begun as a reader and turned writer is refused at
    # once when another writer is there (SQLite cannot wait: it would deadlock).
    _sqlite_options["transaction_mode"] = "IMMEDIATE"
    _sqlite_options["timeout"] = 20
    # Readers never wait for the writer (write-ahead log), and a commit is not forced to
    # the disk each time (a power cut may lose the last commits, never corrupt the file).
    _sqlite_options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and _bool("CCHC_DB_PREPARED", True):
    # Parameters bound by the server and statements prepared on their 5th run on a connection:
    # the screens run a few query shapes all day, and PostgreSQL then skips planning them
    # (see benchmarks/README.md for what it saves). CCHC_DB_PREPARED=0 turns it
    # off (a transaction-pooling proxy such as PgBouncer < 1.21 in front of the database).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("server_side_binding", True)
    _pg_options.setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend, reading the person's department with the person (one query per
# request instead of two: ``orgs.auth``).
AUTHENTICATION_BACKENDS = ["cchc.orgs.auth.MembershipBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# The site is Vietnamese only: a browser asking for English still gets Vietnamese pages,
# messages and number formats (no LocaleMiddleware, one language).
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc.config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", VAR_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (orgs.throttle): after this many wrong passwords for one account, or from
# one client address, logins are refused (the right password too) until the lock's seconds
# (counted from the first failure) have passed.
CCHC_LOGIN_MAX_FAILURES = int(os.environ.get("CCHC_LOGIN_MAX_FAILURES", "5"))
CCHC_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("CCHC_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
CCHC_LOGIN_LOCK_SECONDS = int(os.environ.get("CCHC_LOGIN_LOCK_SECONDS", str(15 * 60)))
# Behind a reverse proxy: the request header (WSGI name) whose last address is the client's.
CCHC_LOGIN_ADDRESS_HEADER = os.environ.get("CCHC_LOGIN_ADDRESS_HEADER", "")

# Uploads: a plan document is at most this many bytes (the importer rejects larger ones
# with a clear message before reading them).
CCHC_MAX_UPLOAD_BYTES = int(os.environ.get("CCHC_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# ... and holds at most this many rows and cells, and a .docx/.xlsx expands to at most this
# many bytes (refused before reading: a small file may inflate to gigabytes).
CCHC_PLAN_MAX_ROWS = int(os.environ.get("CCHC_PLAN_MAX_ROWS", "20000"))
CCHC_PLAN_MAX_CELLS = int(os.environ.get("CCHC_PLAN_MAX_CELLS", "300000"))
CCHC_PLAN_MAX_UNZIPPED_BYTES = int(os.environ.get("CCHC_PLAN_MAX_UNZIPPED_BYTES", str(64 * 1024 * 1024)))
# Confirming a plan that creates more obligations than this runs in the background (``cchc
# worker``) with its progress on a page; a smaller one (under a second) in the request.
CCHC_PLAN_CONFIRM_INLINE_MAX = int(os.environ.get("CCHC_PLAN_CONFIRM_INLINE_MAX", "2000"))
# Old Word/Excel plans (.doc, .xls, .rtf) are converted by LibreOffice: CCHC_SOFFICE (the
# program) and CCHC_LIBREOFFICE_TIMEOUT (seconds, default 60) are read from the environment
# by the reader itself (cchc.core.planread.readers.legacy), the same for `cchc plan parse`.
# Follow-through: evidence files, extension dates, links in e-mails.
CCHC_EVIDENCE_MAX_BYTES = int(os.environ.get("CCHC_EVIDENCE_MAX_BYTES", str(CCHC_MAX_UPLOAD_BYTES)))
CCHC_EVIDENCE_DATE_SLACK_DAYS = int(os.environ.get("CCHC_EVIDENCE_DATE_SLACK_DAYS", "92"))
CCHC_EXTENSION_DAYS_AFTER_PLAN = int(os.environ.get("CCHC_EXTENSION_DAYS_AFTER_PLAN", "31"))
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://127.0.0.1:8000")
# Dossier screens: a share computed from fewer dossiers than this is marked as not conclusive.
CCHC_DOSSIER_TREND_MIN = int(os.environ.get("CCHC_DOSSIER_TREND_MIN", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail (Django 6.1 MAILERS). Default: messages written as files under var/mail/ so a
# new user can read them; CCHC_EMAIL_BACKEND=smtp sends through the SMTP server below.
_EMAIL_BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = os.environ.get("CCHC_EMAIL_BACKEND", "file")
_email_backend = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
if _email_backend.endswith("filebased.EmailBackend"):
    _email_options: dict = {"file_path": os.environ.get("CCHC_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
elif _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("CCHC_EMAIL_HOST", "127.0.0.1"),
        "port": int(os.environ.get("CCHC_EMAIL_PORT", "25")),
        "username": os.environ.get("CCHC_EMAIL_HOST_USER", ""),
        "password": os.environ.get("CCHC_EMAIL_HOST_PASSWORD", ""),
        "use_tls": _bool("CCHC_EMAIL_USE_TLS"),
        "timeout": int(os.environ.get("CCHC_EMAIL_TIMEOUT", "20")),
    }
else:
    _email_options = {}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_DEFAULT_FROM_EMAIL", "cchc@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Static files straight from the apps' folders: the laptop set-up needs no collectstatic.
WHITENOISE_USE_FINDERS = True
