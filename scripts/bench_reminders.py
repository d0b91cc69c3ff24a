"""The worker's cost: how long `send_reminders` takes for N teens (default 10,000) whose reminder is due now, and the
queries it makes. Runs on a throwaway database: a temporary SQLite file by default, or a new database on the
PostgreSQL server of DATABASE_URL (`scripts/with-postgres .venv/bin/python scripts/bench_reminders.py`).

Every teen's reminder is due and none has logged today, so each one is claimed and emailed (to Django's in-memory
mail backend: the job's own cost, without a mail server's; or, with --smtp, over SMTP to a server on loopback that
accepts each message, as a deployment sends them). It then runs again at once, which sends nothing more.
"""

import argparse
import contextlib
import datetime
import http.server
import io
import os
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teens", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: reminders.services.BATCH_SIZE")
    parser.add_argument(
        "--push", action="store_true", help="also a push to each teen's phone, through a push service on loopback"
    )
    parser.add_argument(
        "--smtp", action="store_true", help="email through a real SMTP server on loopback (aiosmtpd), as users get it"
    )
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="stride-bench-reminders-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    # Production settings (DEBUG off: templates compiled once and cached, as in a deployed worker).
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"{folder}/bench.sqlite3"
    with contextlib.redirect_stdout(io.StringIO()):  # createcachetable's note
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args, connection, CaptureQueriesContext)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


class PushService(http.server.BaseHTTPRequestHandler):
    """Answers every push 201, as a push service does, after reading it (no decryption: not the worker's cost)."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_push_service(settings):
    from reminders.push import new_vapid_keys

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PushService, bind_and_activate=False)
    server.request_queue_size = 256  # Stride sends several pushes at once
    server.server_bind()
    server.server_activate()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.STRIDE_PUSH_ALLOW_INSECURE = True
    settings.STRIDE_VAPID_PRIVATE_KEY, settings.STRIDE_VAPID_PUBLIC_KEY = new_vapid_keys()
    return f"http://127.0.0.1:{server.server_address[1]}"


def start_smtp_server(settings):
    """A real SMTP server on loopback that accepts every message (aiosmtpd); answers the list it appends them to."""
    import logging

    from aiosmtpd.controller import Controller

    from scripts.production_copy import free_port

    accepted = []

    class Accept:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name for the hook)
            accepted.append(len(envelope.content))
            return "250 Message accepted for delivery"

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    controller = Controller(Accept(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return accepted


def subscribe_everyone(url):
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from accounts.models import User
    from reminders.models import PushSubscription, ReminderSettings

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    point = (
        ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(user_id=pk, endpoint=f"{url}/push/{pk}", p256dh=b64(point), auth=b64(os.urandom(16)))
            for pk in User.objects.values_list("pk", flat=True)
        ],
        batch_size=1000,
    )
    ReminderSettings.objects.update(by_push=True)


def seed(count, now):
    from django.contrib.auth.hashers import make_password

    from accounts.models import Patient, User
    from reminders.models import ReminderSettings

    password = make_password(None)
    zones = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "UTC"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"teen{n}@bench.example.com",
                display_name=f"Teen {n}",
                role="teen",
                timezone=zones[n % len(zones)],
                email_verified=True,
                password=password,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    users = list(User.objects.order_by("pk"))
    patients = Patient.objects.bulk_create(
        [
            Patient(
                account=user,
                display_name=user.display_name,
                birth_date=datetime.date(2011, 5, 4),
                timezone=user.timezone,
            )
            for user in users
        ],
        batch_size=1000,
    )
    patients = list(Patient.objects.select_related("account").order_by("pk"))
    ReminderSettings.objects.bulk_create(
        [
            ReminderSettings(
                patient=patient,
                user=patient.account,
                enabled=True,
                time=datetime.time(19, 0),
                timezone=patient.account.timezone,
                next_due=now - datetime.timedelta(minutes=1),
            )
            for patient in patients
        ],
        batch_size=1000,
    )


def run(args, connection, capture):
    from django.conf import settings
    from django.core import mail

    from reminders import services
    from reminders.models import ReminderSent, ReminderSettings

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    batch_size = args.batch_size or services.BATCH_SIZE
    started = time.perf_counter()
    seed(args.teens, now)
    if args.push:
        subscribe_everyone(start_push_service(settings))
    print(
        f"{connection.vendor}: seeded {args.teens:,} teens with a reminder due in {time.perf_counter() - started:.1f} s"
    )

    accepted = start_smtp_server(settings) if args.smtp else None

    def sent():
        return len(accepted) if accepted is not None else len(mail.outbox)

    mail.outbox = []
    started = time.perf_counter()
    report = services.send_due_reminders(now=now, batch_size=batch_size)
    first = time.perf_counter() - started
    assert report.claimed == report.emails == sent() == args.teens, report
    assert report.pushes == (args.teens if args.push else 0), report
    started = time.perf_counter()
    again = services.send_due_reminders(now=now, batch_size=batch_size)
    second = time.perf_counter() - started
    assert again.claimed == 0 and sent() == args.teens, again

    # The same run again, counting its queries (counting slows it, so it is timed apart above).
    ReminderSent.objects.all().delete()
    ReminderSettings.objects.update(next_due=now - datetime.timedelta(minutes=1))
    mail.outbox = []
    with capture(connection) as queries:
        counted = services.send_due_reminders(now=now, batch_size=batch_size)
    per_batch = len(queries) / counted.batches
    print(
        f"send_reminders: {first:.2f} s for {args.teens:,} reminders ({args.teens / first:,.0f} a second), "
        f"{'over SMTP on loopback, ' if args.smtp else ''}{'with a push each, ' if args.push else ''}"
        f"{counted.batches} batches of up to {batch_size}, {len(queries)} queries ({per_batch:.1f} a batch)\n"
        f"run again at once: {second:.3f} s, sent nothing more"
    )


if __name__ == "__main__":
    main()
