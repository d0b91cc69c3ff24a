"""Reminders under races and crashes, with real processes: `manage.py send_reminders` and `manage.py run_worker`
against the test database, sending to an SMTP server on loopback that counts each address's emails.

The server here is a slow one: it waits before accepting each recipient, so the senders overlap, and a sender killed
while it waits has handed that email over to nobody (the server never had the whole message).
"""

import asyncio
import datetime
import logging
import os
import subprocess
import sys
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders import services
from reminders.models import ReminderSent, ReminderSettings
from scripts.production_copy import follow_the_fake_clock, free_port
from tests.factories import PatientFactory
from tests.mailbox import Inbox
from tests.test_worker import ROOT, database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


class SlowInbox(Inbox):
    """Waits `delay` seconds before taking each recipient, as a busy mail server does."""

    delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def counts(self):
        return Counter(address for recipients, _ in self.received for address in recipients)


@pytest.fixture
def slow_mailbox(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def start(slow_mailbox, settings):
    """Starts `manage.py <command>` against the test database and the slow mailbox; stops what is left at the end."""
    env = {
        **follow_the_fake_clock(os.environ),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
    }
    processes = []

    def start(*command, batch_size=None):
        batches = {"STRIDE_REMINDER_BATCH_SIZE": str(batch_size)} if batch_size else {}
        processes.append(subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, env={**env, **batches}))
        return processes[-1]

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        process.wait(timeout=15)


def due_now(count, *, found_again=False):
    """`count` teens whose reminder falls due at this minute, by email. `found_again`: due since a minute before
    their time of day, as the issue's 1,200 teens were, so each one is due again, for the same day, once claimed."""
    now = timezone.now()
    # A zone where this minute is not the first of a day: due a minute before it is still the same day there.
    zone = "UTC" if (now.hour, now.minute) != (0, 0) else "Etc/GMT-1"
    teens = [PatientFactory(account__timezone=zone, timezone=zone) for _ in range(count)]
    minute = now.replace(second=0, microsecond=0)
    for teen in teens:
        services.save_reminder_settings(
            patient=teen,
            user=teen.account,
            enabled=True,
            time=minute.astimezone(ZoneInfo(zone)).time(),
            days=list(range(1, 8)),
            channels=["email"],
            now=minute - datetime.timedelta(seconds=1),
        )
    if found_again:
        ReminderSettings.objects.update(next_due=minute - datetime.timedelta(minutes=1))
    assert ReminderSettings.objects.filter(next_due__lte=timezone.now()).count() == count
    return [teen.account.email for teen in teens]


def test_two_senders_and_two_workers_at_once_send_each_reminder_once(start, slow_mailbox):
    slow_mailbox.delay = 0.03
    addresses = due_now(30, found_again=True)
    senders = [start("send_reminders", "--batch-size", "4") for _ in range(2)]
    workers = [start("run_worker", "--no-startup-delay", "--interval", "0.2", batch_size=4) for _ in range(2)]
    for sender in senders:
        assert sender.wait(timeout=120) == 0
    runs = DBTaskResult.objects.filter(task_path="reminders.tasks.send_reminders")
    wait_until(lambda: runs.exists() and all(run.status == "SUCCESSFUL" for run in runs), timeout=120)
    assert all(worker.poll() is None for worker in workers)
    counts = slow_mailbox.counts()
    assert {address: counts[address] for address in addresses} == dict.fromkeys(addresses, 1)
    assert len(slow_mailbox.received) == 30
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 30


def test_a_sender_killed_mid_batch_loses_at_most_what_it_was_sending_and_a_later_run_sends_the_rest(
    start, slow_mailbox
):
    slow_mailbox.delay = 0.3
    addresses = due_now(60)
    sender = start("send_reminders")  # one batch of 60, sent 25 at a time
    wait_until(lambda: slow_mailbox.received, timeout=60)
    sender.kill()  # SIGKILL while the second email waits on the server
    sender.wait(timeout=15)
    delivered = set(slow_mailbox.counts())
    assert len(delivered) == 1
    handed_over = set(ReminderSent.objects.filter(sent_at__isnull=False).values_list("user__email", flat=True))
    slow_mailbox.delay = 0  # slow only so that the kill lands mid-batch; the later run need not wait 0.3 s an email

    # Later that day, once the dead sender's claim has run out, the next run sends what it never handed over.
    later = timezone.now() + datetime.timedelta(minutes=15)
    report = services.send_due_reminders(now=later)
    counts = slow_mailbox.counts()
    assert max(counts.values()) == 1  # nobody gets two
    lost = set(addresses) - set(counts)
    assert len(lost) < len(addresses) // 2  # before: 59 of 60, the rest of the dead sender's batch
    assert lost == handed_over - delivered  # only what the dead sender was sending when it died
    assert len(lost) <= services.SEND_CHUNK - 1 < 60 - 1
    assert report.taken_over == report.emails == 60 - len(handed_over) > 0
    assert services.send_due_reminders(now=later + datetime.timedelta(minutes=15)).emails == 0
