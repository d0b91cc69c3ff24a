"""The settings of keeping an account, read from the environment strictly: email, the site's address and the
clinicians' two-step sign-in. Each case starts Python afresh with its own environment."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

from accounts.emails import NotConfiguredBackend, check_email_is_configured, check_site_url_is_https

ROOT = Path(__file__).resolve().parents[1]
SHOW = (
    "import config.settings as s; "
    "print(s.STRIDE_SITE_URL, s.EMAIL_BACKEND, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
    "s.STRIDE_CLINICIAN_MFA, s.DEFAULT_FROM_EMAIL, sep='|')"
)
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "stride.example.org"}
NAMES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "STRIDE_SITE_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "STRIDE_CLINICIAN_MFA",
]


def settings_with(**env):
    clean = {name: value for name, value in os.environ.items() if name not in NAMES}
    return subprocess.run(
        [sys.executable, "-c", SHOW], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_production_defaults():
    done = settings_with(**PRODUCTION)
    assert done.stdout.strip().split("|") == [
        "https://stride.example.org",
        "accounts.emails.NotConfiguredBackend",
        "587",
        "True",
        "required",
        "Stride <no-reply@stride.example.org>",
    ], done.stderr


def test_development_defaults_print_emails_and_keep_mfa_optional():
    done = settings_with(DJANGO_DEBUG="true")
    assert done.stdout.strip().split("|")[:5] == [
        "http://127.0.0.1:8000",
        "django.core.mail.backends.console.EmailBackend",
        "587",
        "True",
        "optional",
    ], done.stderr


def test_an_smtp_server_from_the_environment():
    done = settings_with(
        **PRODUCTION,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="false",
        STRIDE_SITE_URL="https://care.example.org/",
        DEFAULT_FROM_EMAIL="Clinic <hello@example.org>",
        STRIDE_CLINICIAN_MFA="Optional",
    )
    assert done.stdout.strip().split("|") == [
        "https://care.example.org",
        "django.core.mail.backends.smtp.EmailBackend",
        "2525",
        "False",
        "optional",
        "Clinic <hello@example.org>",
    ], done.stderr


@pytest.mark.parametrize(
    "name, value",
    [
        ("STRIDE_CLINICIAN_MFA", "maybe"),
        ("EMAIL_PORT", "smtp"),
        ("EMAIL_PORT", "70000"),
        ("EMAIL_USE_TLS", "perhaps"),
        ("STRIDE_SITE_URL", "stride.example.org"),
        ("STRIDE_SITE_URL", "ftp://stride.example.org"),
        ("STRIDE_SITE_URL", "https://stride.example.org/app"),
        ("STRIDE_SITE_URL", "https://stride.example.org:port"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name, value):
    done = settings_with(**PRODUCTION, **{name: value})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and name in done.stderr.splitlines()[-1]


def test_the_deploy_checks_say_when_no_email_goes_out_and_when_links_are_not_https(settings):
    settings.EMAIL_BACKEND = "accounts.emails.NotConfiguredBackend"
    assert [message.id for message in check_email_is_configured(None)] == ["stride.I001"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_email_is_configured(None) == []
    settings.STRIDE_SITE_URL = "http://stride.example.org"
    assert [message.id for message in check_site_url_is_https(None)] == ["stride.W001"]
    settings.STRIDE_SITE_URL = "https://stride.example.org"
    assert check_site_url_is_https(None) == []


def test_without_an_smtp_server_production_logs_the_subject_never_the_link(caplog):
    message = EmailMessage("Set a new password for Stride", "https://x.example/reset/MQ/secret-token/", to=["a@b.c"])
    with caplog.at_level(logging.WARNING, logger="accounts.emails"):
        assert NotConfiguredBackend().send_messages([message]) == 0
    assert "Set a new password for Stride" in caplog.text and "secret-token" not in caplog.text
