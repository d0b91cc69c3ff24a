"""Stride settings: one file, read from the environment, strictly parsed.

Every setting a deployment may change comes from an environment variable. Values that cannot be parsed
stop start-up with a message that names the variable, rather than falling back silently.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default, *, lowest=0):
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < lowest:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {lowest}, not {raw!r}.")
    return int(raw)


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_port(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 65535:
        raise ImproperlyConfigured(f"{name} must be a port number from 1 to 65535, not {raw!r}.")
    return int(raw)


def env_choice(name, default, choices):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")
    return value


def env_site_url(name, default):
    """The site's own address (scheme and host, an optional port, no path), without a trailing slash."""
    raw = os.environ.get(name)
    value = (default if raw is None else raw.strip()).rstrip("/")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be the site's address, such as https://stride.example.org, not {raw!r}."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string), or DJANGO_DEBUG=true for local development."
        )
    # Only ever used with DEBUG on; Django's deploy check rejects the "django-insecure-" prefix.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (not a secret: DEBUG only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "diary",
    "reminders",
    "api",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzips JSON under /api/ on the way out, after every other middleware has written the body; never the
    # answers that carry a secret (BREACH: config/compression.py says which and why).
    "config.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language, or the switch on signed-out pages) until someone signs in...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...then the language on their account.
    "accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "api.middleware.JsonPolicyMiddleware",
    "api.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "frontend.crisis.crisis_line",
            ],
        },
    },
]

_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# A PostgreSQL connection costs about 7 ms to open: each worker thread keeps its own for a minute, checked before
# reuse (a restarted server costs one error-free reconnect). SQLite opens a file in well under a millisecond, so it
# keeps 0 and never holds a file that a test or `make run` replaces.
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if _DATABASE_URL.startswith("sqlite") else 60),
        conn_health_checks=True,
    )
}
# A read by a care-team member and its access-log row commit together or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Such a read writes a log row; an IMMEDIATE transaction waits for the write lock up front instead of
    # failing with "database is locked" when two requests try to upgrade from reading to writing at once.
    # WAL lets readers go on while one request writes (a rollback journal blocks them all), and with it NORMAL
    # syncs at checkpoints instead of at every commit, which WAL keeps safe from corruption (a power cut may lose the
    # last commits, never the file).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
# A link to set a new password works once (Django's token changes with the password), for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Links in emails point here, never at the Host header of the request that asked for them.
_FIRST_HOST = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*" else "localhost"
STRIDE_SITE_URL = env_site_url("STRIDE_SITE_URL", "http://127.0.0.1:8000" if DEBUG else f"https://{_FIRST_HOST}")

# Email goes out through SMTP when EMAIL_HOST is set. Without it, development prints emails to the console, and
# production only logs that an email was not sent (a password-reset link in the logs would let anyone who reads
# them into that account); `check --deploy` mentions it.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "accounts.emails.NotConfiguredBackend"
EMAIL_PORT = env_port("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Emails are sent by the background worker (accounts/emails.py): a mail server that hangs holds the worker's job for
# at most this long, never a request.
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Stride <no-reply@{urlsplit(STRIDE_SITE_URL).hostname}>")

# Background jobs (`python manage.py run_worker`, docs/API.md Operations): Django's tasks API with the database backend,
# so the queue lives in the same database (SQLite or PostgreSQL) and nothing more is installed or run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The backend that account emails are queued on (accounts/emails.py): the worker's. Tests send them at once instead.
ACCOUNT_EMAIL_TASK_BACKEND = "default"

# Web Push for the daily reminders: the VAPID key pair (base64url, no padding: the private key's 32-byte scalar and
# the public key's 65-byte point; `manage.py make_vapid_keys` makes one). Without them push is not offered.
STRIDE_VAPID_PRIVATE_KEY = os.environ.get("STRIDE_VAPID_PRIVATE_KEY", "").strip()
STRIDE_VAPID_PUBLIC_KEY = os.environ.get("STRIDE_VAPID_PUBLIC_KEY", "").strip()
# Development only: `make run` (scripts/run-dev, `make_vapid_keys --dev`) makes a pair of its own once and keeps it
# in this git-ignored file, so notifications can be tried locally without setting keys. Never read without DEBUG.
STRIDE_DEV_VAPID_FILE = Path(os.environ.get("STRIDE_DEV_VAPID_FILE", BASE_DIR / ".stride-dev-vapid.json"))
if DEBUG and not (STRIDE_VAPID_PRIVATE_KEY or STRIDE_VAPID_PUBLIC_KEY) and STRIDE_DEV_VAPID_FILE.is_file():
    try:
        _dev_vapid = json.loads(STRIDE_DEV_VAPID_FILE.read_text())
        STRIDE_VAPID_PRIVATE_KEY, STRIDE_VAPID_PUBLIC_KEY = _dev_vapid["private"], _dev_vapid["public"]
    except (ValueError, KeyError, TypeError) as error:
        message = f"{STRIDE_DEV_VAPID_FILE} is not a VAPID key pair: delete it, and `make run` makes a new one."
        raise ImproperlyConfigured(message) from error
# Tests only: lets push endpoints be http and on loopback (a push service the test runs). Never in production.
STRIDE_PUSH_ALLOW_INSECURE = env_bool("STRIDE_PUSH_ALLOW_INSECURE", False)
# How many due reminders one transaction of `send_reminders` (and the worker's run of it) claims at a time.
STRIDE_REMINDER_BATCH_SIZE = env_int("STRIDE_REMINDER_BATCH_SIZE", 500, lowest=1)

# Clinicians read many young people's diaries: with "required" (the default with DJANGO_DEBUG off) they confirm
# their email and set up an authenticator app before they can read any of them.
STRIDE_CLINICIAN_MFA = env_choice("STRIDE_CLINICIAN_MFA", "optional" if DEBUG else "required", ("required", "optional"))
OTP_TOTP_ISSUER = "Stride"
# Wrong codes are counted by api.account_throttles in the cache (5 per 15 minutes). django-otp's own back-off is
# kept in the device's row, which a refused request rolls back (ATOMIC_REQUESTS), so it is switched off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

LANGUAGE_CODE = "en"
# The languages of docs/API.md's `language` (accounts.models.Language): each app keeps its catalogue in locale/.
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# A throwaway production copy (scripts/production_copy.py) collects into a folder of its own.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "frontend.storage.StaticStorage"
    },
}
# Every page, module and the service worker that read the static files are on this site: no other site is told it may
# read them (WhiteNoise's default sends `Access-Control-Allow-Origin: *` with each).
WHITENOISE_ALLOW_ALL_ORIGINS = False

# Throttles apply to sign-in and sign-up only, keyed by account and address together: a whole school
# behind one address must still be able to sign in. Diary use is never throttled.
THROTTLE_RATES = {
    "login": os.environ.get("STRIDE_LOGIN_RATE", "10/min"),
    "register": os.environ.get("STRIDE_REGISTER_RATE", "5/min"),
    "invite": os.environ.get("STRIDE_INVITE_RATE", "20/hour"),
    "accept": os.environ.get("STRIDE_ACCEPT_RATE", "10/hour"),
    # Per address alone, on top of the per-account limits: generous, since a whole school shares one address.
    "register_address": os.environ.get("STRIDE_REGISTER_ADDRESS_RATE", "60/hour"),
    "accept_address": os.environ.get("STRIDE_ACCEPT_ADDRESS_RATE", "60/hour"),
}

# Throttle counts and sign-in lockouts live in a cache every worker and server process shares: the database
# by default, so nothing more is installed; Redis where a deployment has one (REDIS_URL).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "stride_cache"}
}


# How many proxies in front of Stride may be believed about the client's address (X-Forwarded-For). With 0,
# the address is the connecting one: a made-up header changes nothing.
TRUSTED_PROXIES = env_int("STRIDE_TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # accounts.tokens' hashed tokens, answered in the account's language.
        "api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JsonWhateverIsAccepted",
    "DEFAULT_METADATA_CLASS": "api.metadata.Metadata",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXIES,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Stride API",
    "DESCRIPTION": "A pain and function diary for teens with amplified pain. See docs/API.md for the contract.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: a DELETE may have a body (DELETE /me/ asks for the password); 3.0 tells consumers to ignore one.
    "OAS_VERSION": "3.1.0",
    # What the URL converters of config/urls.py take, so that clients (and generated tests) send real values.
    "PATH_CONVERTER_OVERRIDES": {
        "isodate": {"type": "string", "format": "date"},
        "id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    },
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "accounts.models.Role",
        "InvitationRoleEnum": "accounts.models.care.INVITATION_ROLES",
        "ClinicRoleEnum": "accounts.models.ClinicRole",
        "FlagCodeEnum": "diary.rules.attention.FLAG_CODES",
    },
}

# Strict Content-Security-Policy: no inline scripts or styles anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        # The service worker (/sw.js) and the web app manifest, both from this site only.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The largest body Stride takes, an entry with a 2,000-character note, is a few kilobytes; a bigger one gets 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Django's own CSRF refusals (views outside DRF) answer JSON under /api/ too.
CSRF_FAILURE_VIEW = "api.error_views.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
