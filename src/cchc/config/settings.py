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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "cchc.orgs",
    "cchc.plans",
    "cchc.tracking",
    "cchc.chasing",
    "cchc.dossiers",
    "cchc.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Every text a form or the API sends is NFC (one officer, unit or task stays one).
    "cchc.web.middleware.NFCInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

# The cache: process-local by default (the laptop set-up); CCHC_CACHE_URL=redis://host:6379/0
# shares it between the web server's processes (a province's server): the board's figures,
# pages and sessions are then computed once for all of them. Entries are keyed on the
# department's data version (tracking.cache), so neither kind ever serves stale figures.
_cache_url = os.environ.get("CCHC_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url:
    raise ImproperlyConfigured(f"CCHC_CACHE_URL: only redis:// addresses are supported, not {_cache_url!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sessions are read through the cache (and written through to the database): a request of
# a logged-in person skips the session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

ROOT_URLCONF = "cchc.config.urls"
WSGI_APPLICATION = "cchc.config.wsgi.application"
ASGI_APPLICATION = "cchc.config.asgi.application"

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
            ],
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
    # Writers wait for each other instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and _bool("CCHC_DB_PREPARED", True):
    # Parameters bound by the server and statements prepared on their 5th run on a connection:
    # the screens run a few query shapes all day, and PostgreSQL then skips planning them
    # (≈ 1 ms of the server's CPU for the board's page query). CCHC_DB_PREPARED=0 turns it
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
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
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

# Uploads: a plan document is at most this many bytes (the importer rejects larger ones
# with a clear message before reading them).
CCHC_MAX_UPLOAD_BYTES = int(os.environ.get("CCHC_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
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
