"""Account emails leave from the background worker, and an address is not told by the answers (docs/API.md, Corrections
1.2).

The request only queues an email; a real `manage.py run_worker` process sends it, to the SMTP server on loopback.
Elsewhere the tests send queued emails at once (tests/settings.py); here the queue is the database's, as in
production. Sign-up with an address that has an account keeps its 400, counts against the sign-up throttle, and
tells that address, in its own language.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from accounts.models import User
from scripts.production_copy import follow_the_fake_clock
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.mailbox import html_of, link_in, text_of
from tests.test_worker import database_url

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://stride.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.STRIDE_SITE_URL = SITE


def sign_up(client, email, **changes):
    body = {"email": email, "password": PASSWORD, "display_name": "Someone", "role": "parent", **changes}
    return client.post("/api/v1/auth/register/", body, format="json")


@pytest.fixture
def database_queue(settings):
    settings.ACCOUNT_EMAIL_TASK_BACKEND = "default"  # the database's, as in production


@pytest.fixture
def start_worker(mailbox, settings):
    env = {
        **follow_the_fake_clock(os.environ),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),  # the mailbox's
        "EMAIL_USE_TLS": "false",
        "STRIDE_SITE_URL": SITE,
    }
    workers = []

    def start():
        command = [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--no-schedule",
        ]
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL))

    yield start
    for worker in workers:
        worker.terminate()
        assert worker.wait(timeout=15) == 0, "the worker did not stop cleanly on SIGTERM"


def wait_until_done(timeout=15):
    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
        assert time.monotonic() < deadline, list(DBTaskResult.objects.values("task_path", "status"))
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_account_emails_leave_from_the_worker_within_seconds(database_queue, start_worker, mailbox):
    maya = UserFactory(email="maya@example.com", display_name="Maya")
    assert APIClient().post("/api/v1/auth/password-reset/", {"email": maya.email}).status_code == 202
    assert (
        client_for(maya).post("/api/v1/auth/email/", {"password": PASSWORD, "email": "maya@new.example"}).status_code
        == 202
    )
    # The requests queued their emails and sent nothing themselves.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY"}
    time.sleep(0.5)
    assert mailbox.received == []

    started = time.monotonic()
    start_worker()
    reset = next(m for m in mailbox.wait_for(maya.email, count=2, timeout=30) if "/reset/" in text_of(m))
    confirmation = mailbox.wait_for("maya@new.example", timeout=30)[0]
    took = time.monotonic() - started
    assert took < 10, f"the emails took {took:.1f} s to leave after the worker started"
    assert reset["Subject"] == "Set a new password for Stride"
    assert link_in(reset, "/reset/").startswith(f"{SITE}/reset/")
    assert link_in(confirmation, "/confirm-email/").startswith(f"{SITE}/confirm-email/")
    # Once sent, the queue keeps no copy of a link: a reset link is only ever made by the worker, and the others
    # are wiped from the job that sent them.
    wait_until_done()
    for queued in DBTaskResult.objects.all():
        assert "/reset/" not in str(queued.args_kwargs) and "-email" not in str(queued.args_kwargs), queued.args_kwargs


@pytest.mark.django_db(transaction=True)
def test_a_reset_for_any_address_queues_the_same_one_job(database_queue, start_worker, mailbox):
    UserFactory(email="maya@example.com")
    for address in ("maya@example.com", "nobody@example.com"):
        assert APIClient().post("/api/v1/auth/password-reset/", {"email": address}).status_code == 202
    jobs = DBTaskResult.objects.order_by("enqueued_at")
    assert [job.task_path for job in jobs] == ["accounts.services.email_password_reset"] * 2
    assert [job.args_kwargs["kwargs"] for job in jobs] == [
        {"email": "maya@example.com"},
        {"email": "nobody@example.com"},
    ]
    start_worker()
    mailbox.wait_for("maya@example.com", timeout=30)
    wait_until_done()
    assert [recipients for recipients, _ in mailbox.received] == [["maya@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_signing_up_with_a_taken_address_gets_its_400_and_tells_that_address(mailbox):
    UserFactory(email="maya@example.com", display_name="Maya", language="es")
    answer = sign_up(APIClient(), "Maya@Example.com")
    assert answer.status_code == 400 and list(answer.json()) == ["email"]
    assert User.objects.filter(email="maya@example.com").count() == 1

    [message] = mailbox.wait_for("maya@example.com")
    assert message["Subject"] == "Alguien intentó registrarse en Stride con tu correo"
    assert message["Content-Language"] == "es"
    text, html = text_of(message), html_of(message)
    assert "Hola, Maya:" in text and "Maya" in html
    assert f"{SITE}/login/" in text and f"{SITE}/forgot-password/" in text
    for health in ("dolor", "pain", "diario de hoy"):
        assert health not in text.lower()

    # Again within the hour: the same 400, and no second email to fill the mailbox.
    again = sign_up(APIClient(), "maya@example.com")
    assert again.status_code == 400 and again.json() == answer.json()
    time.sleep(0.3)
    assert len(mailbox.to("maya@example.com")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_that_fails_for_another_reason_too_sends_nothing(mailbox):
    UserFactory(email="maya@example.com")
    answer = sign_up(APIClient(), "maya@example.com", password="short")
    assert answer.status_code == 400 and set(answer.json()) == {"email", "password"}
    time.sleep(0.3)
    assert mailbox.received == []


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_counts_against_the_sign_up_throttle():
    UserFactory(email="maya@example.com")
    client = APIClient()
    answers = [sign_up(client, "maya@example.com").status_code for _ in range(6)]
    assert answers == [400] * 5 + [429]
