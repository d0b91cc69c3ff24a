"""Test settings: the app's own settings with a throwaway key, a fast hasher and plain static files."""

import os
import secrets
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-" + secrets.token_urlsafe(32))
# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES, STORAGES, TASKS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared-cache in-memory default, whose table locks fail at once instead of waiting:
    # the threaded live server and two browsers then lock the way a real SQLite deployment does.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"stride-test-{os.getpid()}.sqlite3")}

# Each test process counts throttles in its own memory, cleared before every test (tests/conftest.py). The
# shared caches of production (the database's, Redis) are tested across real gunicorn workers in
# tests/test_throttles_shared.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Account emails are queued for the background worker in production. Here they are sent as soon as they are queued
# (django-tasks' own ImmediateBackend, still after the request's transaction commits), so that a test reads them from
# the SMTP server on loopback without running a worker; tests/test_worker.py runs real workers on the database queue.
TASKS = {**TASKS, "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCOUNT_EMAIL_TASK_BACKEND = "immediate"
