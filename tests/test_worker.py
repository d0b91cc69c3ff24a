"""The background worker as it runs in production: real `manage.py run_worker` processes against the test database.

Two workers side by side: the minute's `send_reminders` job is enqueued once and run once, so a due reminder reaches
the SMTP server on loopback (tests/mailbox.py) and the push service on loopback (tests/push_service.py) exactly once.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders import services, tasks
from reminders.models import ReminderSent, ScheduledRun
from scripts.production_copy import follow_the_fake_clock
from tests.factories import PatientFactory
from tests.push_service import VAPID_PRIVATE, VAPID_PUBLIC

ROOT = Path(__file__).resolve().parents[1]


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, password = quote(database["USER"], safe=""), quote(database["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.fixture
def start_worker(mailbox, push_service, settings):
    env = {
        **follow_the_fake_clock(os.environ),  # under faketime, the workers' clock starts where the tests' is
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),  # the mailbox's
        "EMAIL_USE_TLS": "false",
        "STRIDE_VAPID_PRIVATE_KEY": VAPID_PRIVATE,
        "STRIDE_VAPID_PUBLIC_KEY": VAPID_PUBLIC,
        "STRIDE_PUSH_ALLOW_INSECURE": "true",
    }
    workers = []

    def start():
        command = [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2"]
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL))
        return workers[-1]

    yield start
    for worker in workers:
        worker.terminate()
    for worker in workers:
        assert worker.wait(timeout=15) == 0, "a worker did not stop cleanly on SIGTERM"


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_a_due_reminder_once_by_email_and_push(start_worker, mailbox, push_service):
    now = timezone.now()
    patient = PatientFactory(account__display_name="Maya")
    browser = push_service.subscription("maya")
    services.subscribe_push(user=patient.account, endpoint=browser.endpoint, **browser.keys)
    services.save_reminder_settings(
        patient=patient,
        user=patient.account,
        enabled=True,
        time=now.time().replace(second=0, microsecond=0),
        days=list(range(1, 8)),
        channels=["email", "push"],
        now=now.replace(second=0, microsecond=0) - timezone.timedelta(seconds=1),
    )
    first, second = start_worker(), start_worker()
    [message] = mailbox.wait_for(patient.account.email, timeout=30)
    assert message["Subject"] == "A minute for your diary today?"
    wait_until(lambda: push_service.to("maya"))
    assert push_service.to("maya")[0].payload["url"] == "/today/"
    # Both workers keep going: a job enqueued now is run by one of them, once.
    job = tasks.send_reminders.enqueue()
    wait_until(lambda: DBTaskResult.objects.get(pk=job.id).status == "SUCCESSFUL")
    time.sleep(1.5)
    assert first.poll() is None and second.poll() is None
    assert len(mailbox.to(patient.account.email)) == 1 and len(push_service.to("maya")) == 1
    assert ReminderSent.objects.count() == 1
    # This minute's reminders were enqueued by one worker only.
    scheduled = ScheduledRun.objects.filter(task=tasks.send_reminders.name)
    assert scheduled.filter(minute=now.replace(second=0, microsecond=0)).count() <= 1
    runs = DBTaskResult.objects.filter(task_path="reminders.tasks.send_reminders")
    assert runs.count() == ScheduledRun.objects.filter(task=tasks.send_reminders.name).count() + 1
    # No run was claimed by two workers. A run the scheduler enqueued as a new minute began may not be claimed yet.
    assert all(len(run.worker_ids) == (0 if run.status == "READY" else 1) for run in runs)
