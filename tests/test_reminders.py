"""Daily reminders (docs/API.md, Reminders): the settings, push subscriptions, and `send_reminders`.

Email goes to a real SMTP server on loopback (tests/mailbox.py) and push to a push service on loopback that
decrypts what it gets (tests/push_service.py).
"""

import datetime
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CareTeamMember
from reminders import schedule, selectors, services
from reminders.models import PushSubscription, ReminderSent, ReminderSettings
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory
from tests.mailbox import link_in, text_of
from tests.push_service import VAPID_PRIVATE, VAPID_PUBLIC, unb64url

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/reminders/"
SUBSCRIBE = "/api/v1/me/push-subscriptions/"
# A Friday, 18:00 in New York (23:00 UTC).
FRIDAY_EVENING = datetime.datetime(2026, 11, 27, 23, 0, tzinfo=datetime.UTC)
EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


def remind(patient, *, user=None, time="18:00", days=EVERY_DAY, channels=("email",), now=FRIDAY_EVENING):
    """Turns on `patient`'s reminder as of a minute before `now`'s wall time, so that it is due at `now`."""
    return services.save_reminder_settings(
        patient=patient,
        user=user or patient.account,
        enabled=True,
        time=datetime.time.fromisoformat(time),
        days=list(days),
        channels=list(channels),
        now=now - datetime.timedelta(minutes=1),
    )


@pytest.fixture
def maya(db):
    zone = "America/New_York"
    return PatientFactory(account__display_name="Maya", account__timezone=zone, timezone=zone)


# The settings, through the API


def test_a_teen_reads_the_defaults_then_sets_a_reminder(teen_client, teen):
    answer = teen_client.get(URL)
    assert answer.status_code == 200
    assert answer.json() == {
        "enabled": False,
        "time": "19:00",
        "days": EVERY_DAY,
        "channels": ["email"],
        "vapid_public_key": None,
    }
    body = {"enabled": True, "time": "07:45", "days": [5, 1, 3], "channels": ["email"]}
    answer = teen_client.put(URL, body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {**body, "days": [1, 3, 5], "vapid_public_key": None}
    saved = ReminderSettings.objects.get(patient__account=teen)
    assert saved.user == teen and saved.next_due > timezone.now()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"time": "7:45"}, "time"),
        ({"time": "24:00"}, "time"),
        ({"time": "19:30:00"}, "time"),
        ({"time": "noon"}, "time"),
        ({"days": [0]}, "days"),
        ({"days": [8]}, "days"),
        ({"days": [1, 1]}, "days"),
        ({"days": "1"}, "days"),
        ({"days": []}, "days"),
        ({"channels": ["sms"]}, "channels"),
        ({"channels": []}, "channels"),
        ({"channels": ["push"]}, "channels"),  # no VAPID keys here: push is not offered
        ({"enabled": None}, "enabled"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(teen_client, teen, change, field):
    body = {"enabled": True, "time": "19:00", "days": EVERY_DAY, "channels": ["email"], **change}
    answer = teen_client.put(URL, body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not ReminderSettings.objects.exists()


def test_push_is_offered_with_vapid_keys(teen_client, push_service):
    assert teen_client.get(URL).json()["vapid_public_key"] == VAPID_PUBLIC
    body = {"enabled": True, "time": "19:00", "days": [1], "channels": ["email", "push"]}
    assert teen_client.put(URL, body, format="json").json()["channels"] == ["email", "push"]


def test_a_parent_sets_the_reminder_of_a_child_they_keep_and_no_one_else(parent):
    child = PatientFactory(account=None, display_name="Sam")
    CareTeamMember.objects.create(patient=child, member=parent, relation="parent", sees=["core"], manages=True)
    client = client_for(parent)
    assert client.get(URL).status_code == 404  # no diary of their own
    url = f"/api/v1/patients/{child.pk}/reminders/"
    body = {"enabled": True, "time": "20:00", "days": [1, 2, 3, 4, 5], "channels": ["email"]}
    assert client.put(url, body, format="json").status_code == 200
    assert ReminderSettings.objects.get(patient=child).user == parent
    # A parent who only reads a teen's diary cannot.
    teen = PatientFactory()
    CareTeamMember.objects.create(patient=teen, member=parent, relation="parent", sees=["core"])
    assert client.put(f"/api/v1/patients/{teen.pk}/reminders/", body, format="json").status_code == 403


# Push subscriptions


def test_subscribing_needs_https_on_a_public_address(teen_client, settings):
    settings.STRIDE_PUSH_ALLOW_INSECURE = False
    keys = {"p256dh": "B" + "A" * 86, "auth": "A" * 22}
    for endpoint in [
        "http://push.example.com/x",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "https://10.0.0.8/x",
        "https://192.168.1.1/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://[fe80::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://100.64.0.1/x",
        "https://user:pass@8.8.8.8/x",
        "ftp://8.8.8.8/x",
        "https://no-such-host.invalid/x",
    ]:
        answer = teen_client.post(SUBSCRIBE, {"endpoint": endpoint, "keys": keys}, format="json")
        assert answer.status_code == 400, endpoint
        assert "endpoint" in answer.json()
    assert not PushSubscription.objects.exists()


def test_a_public_https_address_is_kept_without_calling_it(teen_client, settings, teen):
    settings.STRIDE_PUSH_ALLOW_INSECURE = False
    keys = {"p256dh": "BAAA" + "A" * 83, "auth": "A" * 22}
    answer = teen_client.post(SUBSCRIBE, {"endpoint": "https://8.8.8.8/push/abc", "keys": keys}, format="json")
    assert answer.status_code == 201, answer.content
    subscription = PushSubscription.objects.get()
    assert answer.json() == {"id": subscription.pk} and subscription.user == teen


def test_bad_keys_are_refused(teen_client, push_service):
    browser = push_service.subscription("a")
    for keys in [{"p256dh": "short", "auth": browser.keys["auth"]}, {"p256dh": browser.keys["p256dh"], "auth": "!!"}]:
        answer = teen_client.post(SUBSCRIBE, {"endpoint": browser.endpoint, "keys": keys}, format="json")
        assert answer.status_code == 400


def test_unsubscribing_deletes_only_ones_own(teen_client, push_service):
    browser = push_service.subscription("a")
    created = teen_client.post(SUBSCRIBE, browser.as_json(), format="json").json()["id"]
    stranger = client_for(PatientFactory().account)
    assert stranger.delete(f"{SUBSCRIBE}{created}/").status_code == 404
    assert teen_client.delete(f"{SUBSCRIBE}{created}/").status_code == 204
    assert teen_client.delete(f"{SUBSCRIBE}{created}/").status_code == 404


# Sending


def test_a_due_reminder_is_emailed_once_with_a_link_to_today_and_nothing_about_pain(maya, mailbox):
    remind(maya)
    with time_machine.travel(FRIDAY_EVENING, tick=False):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115 (twice: nothing more)
    [message] = mailbox.wait_for(maya.account.email)
    assert message["Subject"] == "A minute for your diary today?"
    assert link_in(message, "/today/").endswith("/today/")
    text = text_of(message) + message.get_body(preferencelist=("html",)).get_content()
    assert "pain" not in text.lower()
    assert ReminderSent.objects.get().day == datetime.date(2026, 11, 27)
    assert len(mailbox.received) == 1


def test_not_on_a_day_already_logged_nor_on_a_day_not_chosen_nor_before_the_time(maya, mailbox):
    remind(maya, days=[5])  # Fridays
    EntryFactory(patient=maya, date=datetime.date(2026, 11, 27))
    assert services.send_due_reminders(now=FRIDAY_EVENING).logged_already == 1
    # Saturday is not chosen; next Friday's is due at 18:00, not at 17:59.
    assert services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(days=1)).due == 0
    assert services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(days=7, minutes=-1)).due == 0
    assert services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(days=7)).claimed == 1
    assert len(mailbox.wait_for(maya.account.email)) == 1


def test_a_reminder_more_than_two_hours_late_is_skipped(maya, mailbox):
    remind(maya)
    report = services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(hours=2, minutes=1))
    assert (report.due, report.too_late, report.claimed) == (1, 1, 0)
    assert ReminderSettings.objects.get().next_due == FRIDAY_EVENING + datetime.timedelta(days=1)


def test_an_unconfirmed_address_gets_no_reminder_email(mailbox):
    patient = PatientFactory(account__email_verified=False)
    remind(patient, time="23:00")
    assert services.send_due_reminders(now=FRIDAY_EVENING).emails == 0


def test_the_missing_hour_still_sends_once(mailbox):
    # 2026-03-08, New York springs forward at 02:00: a 02:30 reminder goes at 03:00 EDT (07:00 UTC), once.
    patient = PatientFactory(account__timezone="America/New_York", timezone="America/New_York")
    jump = datetime.datetime(2026, 3, 8, 7, 0, tzinfo=datetime.UTC)
    remind(patient, time="02:30", now=jump - datetime.timedelta(hours=6))
    assert ReminderSettings.objects.get().next_due == jump
    sent = [services.send_due_reminders(now=jump + datetime.timedelta(minutes=m)).claimed for m in range(-2, 90)]
    assert sum(sent) == 1 and sent[2] == 1
    assert ReminderSent.objects.get().day == datetime.date(2026, 3, 8)


def test_a_change_of_time_zone_moves_the_reminder_to_the_same_wall_time(maya, teen_client):
    remind(maya)
    client_for(maya.account).patch("/api/v1/me/", {"timezone": "Europe/London"}, format="json")
    reminder = ReminderSettings.objects.get()
    assert reminder.timezone == "Europe/London"
    assert reminder.next_due.astimezone(datetime.UTC).hour == 18  # 18:00 in London is 18:00 UTC in winter


def test_a_parent_is_reminded_about_the_child_they_keep(parent, mailbox):
    child = PatientFactory(account=None, display_name="Sam")
    CareTeamMember.objects.create(patient=child, member=parent, relation="parent", sees=["core"], manages=True)
    remind(child, user=parent, time="23:00")
    services.send_due_reminders(now=FRIDAY_EVENING)
    [message] = mailbox.wait_for(parent.email)
    assert message["Subject"] == "A minute for Sam's diary today?"
    assert link_in(message, "/today/").endswith(f"/patients/{child.pk}/today/")


def test_a_reminder_found_again_later_in_the_same_run_is_not_sent_twice(mailbox):
    # The 1,200 teens in small: reminders seeded "due a minute ago" (as scripts/bench_reminders.py seeds
    # them), a minute before their time of day. Once claimed, each one's next time is today's 18:00, which is due
    # too, so a later batch of the same run claims it again; the run once counted every row it had inserted, in any
    # batch, as its own to send, and sent all twelve twice (24 emails in 5 batches).
    teens = [PatientFactory(account__timezone="America/New_York") for _ in range(12)]
    for teen in teens:
        remind(teen, time="18:00")
    ReminderSettings.objects.update(next_due=FRIDAY_EVENING - datetime.timedelta(minutes=1))
    report = services.send_due_reminders(now=FRIDAY_EVENING, batch_size=5)
    assert report.claimed == report.emails == 12
    assert report.sent_already == 12  # found again, already claimed for the day
    for teen in teens:
        assert len(mailbox.to(teen.account.email)) == 1
    assert len(mailbox.received) == 12
    assert ReminderSent.objects.count() == 12


def claim_and_die(now, batch_size=services.BATCH_SIZE):
    """What a sender that died right after claiming a batch leaves: its rows, never sent."""
    with transaction.atomic():
        batch = selectors.due_reminders(now=now, limit=batch_size)
        rows, _ = services._claim(batch, now=now, claim="dead", limit=batch_size, report=services.Report())
    return rows


def test_what_a_sender_that_died_claimed_goes_out_with_a_run_after_the_lease(maya, mailbox):
    remind(maya)
    [row] = claim_and_die(FRIDAY_EVENING)
    assert row.sent_at is None
    assert services.send_due_reminders(now=FRIDAY_EVENING + services.CLAIM_LEASE).emails == 0  # still its claim
    report = services.send_due_reminders(now=FRIDAY_EVENING + services.CLAIM_LEASE + datetime.timedelta(seconds=1))
    assert (report.due, report.taken_over, report.emails) == (0, 1, 1)
    assert len(mailbox.wait_for(maya.account.email)) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.day == datetime.date(2026, 11, 27)
    assert services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(hours=1)).emails == 0


def test_what_a_sender_that_died_claimed_is_not_sent_once_logged_or_two_hours_late(mailbox):
    logged, late = PatientFactory(), PatientFactory()
    remind(logged, time="23:00")
    remind(late, time="23:00")
    claim_and_die(FRIDAY_EVENING)
    EntryFactory(patient=logged, date=datetime.date(2026, 11, 27))
    report = services.send_due_reminders(now=FRIDAY_EVENING + datetime.timedelta(minutes=30))
    assert (report.taken_over, report.logged_already, report.emails) == (2, 1, 1)
    assert mailbox.to(late.account.email) and not mailbox.to(logged.account.email)
    # A claim more than two hours past its time is left alone.
    ReminderSent.objects.all().delete()
    ReminderSettings.objects.update(next_due=FRIDAY_EVENING)
    claim_and_die(FRIDAY_EVENING)
    report = services.send_due_reminders(now=FRIDAY_EVENING + schedule.LATE_AT_MOST + datetime.timedelta(seconds=1))
    assert (report.taken_over, report.emails) == (0, 0)


def test_a_sender_slower_than_the_lease_sends_none_of_what_a_later_run_took_over(mailbox):
    teens = [PatientFactory() for _ in range(3)]
    for teen in teens:
        remind(teen, time="23:00")
    slow = services.Report()
    with transaction.atomic():
        batch = selectors.due_reminders(now=FRIDAY_EVENING, limit=10)
        rows, _ = services._claim(batch, now=FRIDAY_EVENING, claim="slow", limit=10, report=slow)
    later = FRIDAY_EVENING + services.CLAIM_LEASE + datetime.timedelta(minutes=1)
    assert services.send_due_reminders(now=later).emails == 3
    services._send(rows, claim="slow", now=later, report=slow)  # the slow one gets round to sending
    assert slow.emails == 0
    assert [len(mailbox.to(teen.account.email)) for teen in teens] == [1, 1, 1]


def test_chunks_marked_sent_are_25_or_about_a_seconds_worth():
    assert services.chunk_size(sent=0, seconds=0) == 25
    assert services.chunk_size(sent=25, seconds=5.0) == 25  # a slow mail server: 5 a second
    assert services.chunk_size(sent=25, seconds=0.05) == 500  # a fast one, close by


def test_queries_are_a_fixed_number_per_batch(mailbox, push_service):
    def run(count):
        ReminderSent.objects.all().delete()
        ReminderSettings.objects.all().delete()
        for _ in range(count):
            patient = PatientFactory()
            remind(patient, time="23:00", channels=["email", "push"])
            browser = push_service.subscription(patient.pk)
            services.subscribe_push(user=patient.account, endpoint=browser.endpoint, **browser.keys)
        with CaptureQueriesContext(connection) as queries:
            report = services.send_due_reminders(now=FRIDAY_EVENING, batch_size=25)
        assert report.claimed == report.emails == report.pushes == count
        return len(queries), report.batches

    few, one_batch = run(3)
    many, still_one = run(24)
    assert (one_batch, still_one) == (1, 1)
    assert few == many == QUERIES_PER_BATCH
    more, batches = run(60)  # 25 + 25 + 10
    assert batches == 3 and more == 3 * QUERIES_PER_BATCH


# Ten statements: a SELECT of the due reminders, one UPDATE of their next times, a SELECT of the days already
# logged, one INSERT of the claimed rows, one UPDATE taking over rows that senders which died left unsent, a SELECT of
# the rows the batch holds, a SELECT of the push subscriptions, one UPDATE marking the rows sent just before they go
# (one per services.SEND_CHUNK, 25, so one for these batches), a SELECT of their treatment plans (a reminder may name
# today's), one UPDATE of the back-off; and the two transactions' savepoints (4 statements, since a test runs in a
# transaction).
QUERIES_PER_BATCH = 14


# Push, end to end


def test_a_push_is_encrypted_for_the_phone_and_opens_today(maya, push_service, teen_client):
    browser = push_service.subscription("maya")
    client = client_for(maya.account)
    assert client.post(SUBSCRIBE, browser.as_json(), format="json").status_code == 201
    remind(maya, channels=["push"])
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert report.pushes == 1
    [push] = push_service.to("maya")
    assert push.headers["content-encoding"] == "aes128gcm"
    assert push.payload == {
        "title": "Stride",
        "body": "How did today go? Logging it takes about a minute.",
        "url": "/today/",
        "tag": "stride-reminder",
    }
    assert "pain" not in json.dumps(push.payload).lower()
    # Signed with the site's VAPID key (RFC 8292): "vapid t=<JWT>, k=<public key>", for this push service.
    scheme, _, params = push.headers["authorization"].partition(" ")
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert scheme == "vapid" and fields["k"] == VAPID_PUBLIC
    claims = json.loads(unb64url(fields["t"].split(".")[1]))
    assert claims["aud"] == push_service.url


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_says_is_gone_is_deleted(maya, push_service, status):
    browser = push_service.subscription("old")
    services.subscribe_push(user=maya.account, endpoint=browser.endpoint, **browser.keys)
    push_service.answer("old", status)
    remind(maya, channels=["push"])
    assert services.send_due_reminders(now=FRIDAY_EVENING).push_removed == 1
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_tried_again_later_with_back_off(maya, push_service, status):
    from django_tasks_db.models import DBTaskResult

    browser = push_service.subscription("busy")
    services.subscribe_push(user=maya.account, endpoint=browser.endpoint, **browser.keys)
    push_service.answer("busy", status, status)
    remind(maya, channels=["push"])
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert (report.pushes, report.push_retrying) == (0, 1)
    subscription = PushSubscription.objects.get()
    wait = datetime.timedelta(minutes=2) if status == 429 else datetime.timedelta(minutes=1)  # 429 said Retry-After 120
    assert subscription.failures == 1 and subscription.next_try == FRIDAY_EVENING + wait
    job = DBTaskResult.objects.get()
    assert job.run_after == FRIDAY_EVENING + wait
    # The retry is answered the same again: it waits longer; then the push goes through and the count resets.
    later = FRIDAY_EVENING + wait
    services.retry_push(subscription_id=subscription.pk, patient_id=maya.pk, day=datetime.date(2026, 11, 27), now=later)
    subscription.refresh_from_db()
    assert subscription.failures == 2 and subscription.next_try == later + max(wait, datetime.timedelta(minutes=2))
    services.retry_push(subscription_id=subscription.pk, patient_id=maya.pk, day=datetime.date(2026, 11, 27))
    subscription.refresh_from_db()
    assert subscription.failures == 0 and len(push_service.to("busy")) == 3
    assert push_service.to("busy")[-1].payload["url"] == "/today/"


def test_no_retry_once_the_day_is_logged(maya, push_service):
    browser = push_service.subscription("busy")
    subscription = services.subscribe_push(user=maya.account, endpoint=browser.endpoint, **browser.keys)
    remind(maya, channels=["push"])
    EntryFactory(patient=maya, date=datetime.date(2026, 11, 27))
    answer = services.retry_push(subscription_id=subscription.pk, patient_id=maya.pk, day=datetime.date(2026, 11, 27))
    assert answer == "logged meanwhile" and not push_service.received


def test_one_failure_does_not_stop_the_others(push_service, mailbox, settings):
    patients = [PatientFactory() for _ in range(3)]
    for index, patient in enumerate(patients):
        browser = push_service.subscription(index)
        services.subscribe_push(user=patient.account, endpoint=browser.endpoint, **browser.keys)
        remind(patient, time="23:00", channels=["email", "push"])
    push_service.answer(0, 500)
    push_service.answer(1, 410)
    # A subscription whose service is not even listening.
    PushSubscription.objects.filter(user=patients[2].account).update(endpoint="http://127.0.0.1:9/nothing")
    extra = push_service.subscription("extra")
    services.subscribe_push(user=patients[2].account, endpoint=extra.endpoint, **extra.keys)
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert (report.claimed, report.emails, report.pushes, report.push_removed, report.push_retrying) == (3, 3, 1, 1, 2)
    assert len(push_service.to("extra")) == 1


# Start-up checks


def test_vapid_keys_are_checked_and_their_absence_is_mentioned_on_deploy(settings):
    from reminders.checks import check_push_is_configured, check_push_is_not_insecure, check_vapid_keys

    settings.STRIDE_VAPID_PRIVATE_KEY = settings.STRIDE_VAPID_PUBLIC_KEY = ""
    assert check_vapid_keys(None) == []
    assert [message.id for message in check_push_is_configured(None)] == ["stride.I101"]
    for private, public, expected in [
        (VAPID_PRIVATE, "", "stride.E101"),
        ("short", VAPID_PUBLIC, "stride.E102"),
        (VAPID_PRIVATE, VAPID_PRIVATE, "stride.E103"),
    ]:
        settings.STRIDE_VAPID_PRIVATE_KEY, settings.STRIDE_VAPID_PUBLIC_KEY = private, public
        assert [message.id for message in check_vapid_keys(None)] == [expected]
    settings.STRIDE_VAPID_PRIVATE_KEY, settings.STRIDE_VAPID_PUBLIC_KEY = VAPID_PRIVATE, VAPID_PUBLIC
    assert check_vapid_keys(None) == [] and check_push_is_configured(None) == []
    settings.STRIDE_PUSH_ALLOW_INSECURE = True
    assert [message.id for message in check_push_is_not_insecure(None)] == ["stride.W101"]


def test_make_vapid_keys_prints_a_matching_pair(capsys):
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    call_command("make_vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    private = unb64url(lines["STRIDE_VAPID_PRIVATE_KEY"])
    key = ec.derive_private_key(int.from_bytes(private, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    assert len(private) == 32 and unb64url(lines["STRIDE_VAPID_PUBLIC_KEY"]) == point


def test_make_run_makes_a_development_pair_once_and_only_development_reads_it(settings, tmp_path, monkeypatch):
    # `make run` has no keys in its environment: scripts/run-dev makes a pair once (`make_vapid_keys --dev`), and
    # DEBUG's settings read it, so Settings offers notifications. Production (DEBUG off) never reads it, and --dev
    # refuses to run there.
    keys_file = tmp_path / "dev-vapid.json"
    settings.STRIDE_DEV_VAPID_FILE = keys_file
    for name in ("STRIDE_VAPID_PRIVATE_KEY", "STRIDE_VAPID_PUBLIC_KEY"):
        monkeypatch.delenv(name, raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development"):
        call_command("make_vapid_keys", "--dev")
    assert not keys_file.exists()
    settings.DEBUG = True
    call_command("make_vapid_keys", "--dev", stdout=io.StringIO())
    pair = json.loads(keys_file.read_text())
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    call_command("make_vapid_keys", "--dev", stdout=io.StringIO())
    assert json.loads(keys_file.read_text()) == pair  # kept: the phones subscribed with it stay subscribed

    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_VAPID_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", STRIDE_DEV_VAPID_FILE=str(keys_file))
    show = (
        "from django.conf import settings; from django.core.management import call_command; from reminders import push;"
        "call_command('check'); print(push.is_configured(), settings.STRIDE_VAPID_PUBLIC_KEY)"
    )
    for debug, expected in (("true", ["True", pair["public"]]), ("false", ["False"])):
        read = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
            cwd=ROOT,
            env={**env, "DJANGO_DEBUG": debug, "DJANGO_SECRET_KEY": "x" * 50},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert read.stdout.split()[-len(expected) :] == expected, read.stderr
