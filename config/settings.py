"""Django settings for Casework, read from environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CASEWORK_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r})")


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", default=False)

# No secret is ever shipped in code: outside DEBUG the key must come from the environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "casework.accounts",
    "casework.cases",
    "casework.api",
    "casework.web",
    "casework.residents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casework.web.middleware.CaseworkErrorMiddleware",
]

# Covering indexes (INCLUDE) serve the reports on PostgreSQL; SQLite, the embedded default for small
# organisations, builds them without the extra columns, which is all it needs (docs/adr/0009-reports.md).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

ROOT_URLCONF = "config.urls"
LOGIN_URL = "web:sign-in"
LOGOUT_REDIRECT_URL = "web:sign-in"
CSRF_FAILURE_VIEW = "casework.web.views.errors.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'casework.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends seconds compiling a report's aggregate queries that run in a fraction
    # of that (bench/RESULTS.md); Casework's queries are short, so it is off (docs/adr/0009-reports.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence is private: outside the web root, with no URL, served only through permission checks.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("CASEWORK_EVIDENCE_DIR", str(VAR_DIR / "evidence")), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Organisation branding shown in the page header; later issues move this into organisation settings.
CASEWORK_ORGANISATION_NAME = os.environ.get("CASEWORK_ORGANISATION_NAME", "Casework")

# Email (letters sent by email): SMTP in production; under DEBUG each message is written to var/mail/ instead.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casework@localhost")

# Evidence files: the largest accepted, and the content types accepted.
CASEWORK_EVIDENCE_MAX_BYTES = int(os.environ.get("CASEWORK_EVIDENCE_MAX_MB", "25")) * 1024 * 1024
CASEWORK_EVIDENCE_CONTENT_TYPES = _env_list(
    "CASEWORK_EVIDENCE_CONTENT_TYPES",
    "image/jpeg,image/png,image/heic,image/webp,audio/mpeg,audio/mp4,audio/x-m4a,audio/wav,video/mp4,"
    "video/quicktime,application/pdf,text/plain,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)

# Residents (docs/residents.md). Links to a resident's case page expire after this many days (staff can
# revoke them sooner; a resident can ask for a fresh one by email). The public report form takes this many
# reports an hour from one network address, and each link this many diary entries, files and requests.
CASEWORK_RESIDENT_LINK_DAYS = int(os.environ.get("CASEWORK_RESIDENT_LINK_DAYS", "30"))
CASEWORK_PUBLIC_REPORTS_PER_HOUR = int(os.environ.get("CASEWORK_PUBLIC_REPORTS_PER_HOUR", "5"))
CASEWORK_RESIDENT_POSTS_PER_HOUR = int(os.environ.get("CASEWORK_RESIDENT_POSTS_PER_HOUR", "30"))
# Where the public site is, for the links in residents' emails (e.g. https://asb.example.org). Emails are
# also sent by staff steps and so outside any resident's request: the address must be configured.
CASEWORK_PUBLIC_URL = os.environ.get("CASEWORK_PUBLIC_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# The client's address, for rate limits: REMOTE_ADDR, or the first address of this header when Casework runs
# behind a proxy that sets it (e.g. HTTP_X_FORWARDED_FOR). Never trust a header no proxy of yours sets.
CASEWORK_CLIENT_IP_HEADER = os.environ.get("CASEWORK_CLIENT_IP_HEADER", "")

# Report downloads (CSV, XLSX) show each count from 1 to this number less one as [c], so figures passed on
# identify nobody (0 or 1: every count shown). The report pages show staff the exact figures.
CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW = int(os.environ.get("CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW", "5"))

# Security headers that apply everywhere; the HTTPS-only ones switch on outside DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and _env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("BEHIND_HTTPS_PROXY") else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
