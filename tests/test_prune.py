"""Nothing kept longer than it is needed (docs/API.md, Growing up with Stride): `prune` on seeded rows, each kind just
past its period and just inside it, counted; running it twice deletes nothing more; the privacy page says the same
periods (reminders/prune.py, the one source)."""

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.models import AccessLogEntry, ApiToken, EmailChange, FailureCount, Handover, Invitation
from accounts.models.care import hash_code
from accounts.models.handover import hash_token
from reminders import prune
from reminders import tasks as reminder_tasks
from reminders.models import ReminderSent, ScheduledRun
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)
EXPECTED = {
    "expired sessions": 1,
    "API tokens unused for 30 days": 1,
    "invitations": 2,
    "codes kept to show again, once run out": 0,  # seeded without one
    "handover links": 2,
    "reminders sent": 2,
    "worker schedule rows": 1,
    "finished tasks": 2,
    "access-log lines": 1,
    "sign-in failure counts": 1,
    "changes of email": 1,
}


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def session(expires):
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=expires)


def token(user, last_used):
    ApiToken.objects.issue(user)
    ApiToken.objects.filter(user=user, last_used_at=NOW).update(last_used_at=last_used)


def link(model, patient, user, n, *, expires, used=None):
    """An invitation or a handover link that ran out at `expires`, or was used at `used`."""
    common = {"patient": patient, "created_by": user, "created_at": expires - 7 * DAY, "expires_at": expires}
    if model is Invitation:
        return Invitation.objects.create(**common, role="parent", code_hash=hash_code(f"CODE{n}"), used_at=used)
    return Handover.objects.create(**common, email=f"kid{n}@example.com", token_hash=hash_token(f"t{n}"), used_at=used)


def task_result(finished_at, status="SUCCESSFUL"):
    job = reminder_tasks.send_reminders.enqueue()
    DBTaskResult.objects.filter(pk=job.id).update(status=status, finished_at=finished_at)


def log_line(patient, at, first_at=None):
    AccessLogEntry.objects.create(
        patient=patient,
        actor_name="Dana",
        actor_role="parent",
        action="read",
        detail="trends",
        first_at=first_at or at,
        at=at,
    )


@pytest.fixture
def seeded(clock):
    """For each kind, rows just past the period (to go) and just inside it (to stay)."""
    patient = PatientFactory()
    user = patient.account
    session(NOW - DAY)  # goes
    session(NOW + DAY)  # stays
    token(UserFactory(), NOW - 30 * DAY)  # goes: unused for 30 days, it stopped working
    token(UserFactory(), NOW - 29 * DAY)  # stays
    for n, model in enumerate((Invitation, Handover)):
        link(model, patient, user, 10 * n + 1, expires=NOW - 31 * DAY)  # goes: ran out 31 days ago
        link(model, patient, user, 10 * n + 2, expires=NOW + DAY, used=NOW - 31 * DAY)  # goes: used 31 days ago
        link(model, patient, user, 10 * n + 3, expires=NOW - 29 * DAY)  # stays: still on the Sharing page
        link(model, patient, user, 10 * n + 4, expires=NOW + 5 * DAY)  # stays: pending
    for back, day in ((91, 1), (89, 2)):
        at = NOW - back * DAY
        ReminderSent.objects.create(
            patient=patient, day=datetime.date(2026, 1, day), user=user, claim="c", due_at=at, claimed_at=at, sent_at=at
        )
        ScheduledRun.objects.create(task="reminders.tasks.send_reminders", minute=at)
    # A claim whose sender died before sending (no sent_at) goes all the same once it is old.
    at = NOW - 91 * DAY
    ReminderSent.objects.create(
        patient=patient, day=datetime.date(2026, 1, 3), user=user, claim="d", due_at=at, claimed_at=at
    )
    task_result(NOW - 8 * DAY)  # goes
    task_result(NOW - 8 * DAY, status="FAILED")  # goes
    task_result(NOW - 6 * DAY)  # stays
    task_result(None, status="READY")  # stays: not finished
    log_line(patient, NOW.replace(year=2020) - DAY)  # goes: over 6 years
    log_line(patient, NOW.replace(year=2020) + DAY)  # stays
    # stays: a visit goes by its latest read, though it began over 6 years ago
    log_line(patient, NOW.replace(year=2020) + HOUR, first_at=NOW.replace(year=2020) - 11 * HOUR)
    for source, minutes in (("far", 16), ("near", 14)):  # goes past the longest window (15 minutes); stays
        FailureCount.objects.create(
            scope="address", account="a" * 64, source=source, failures=3, last_at=NOW - minutes * MINUTE
        )
    EmailChange.objects.create(
        user=user, new_email="old@example.com", asked_at=NOW - 31 * DAY, state="ended", closed_at=NOW - 31 * DAY
    )  # goes
    EmailChange.objects.create(
        user=user, new_email="new@example.com", asked_at=NOW - 29 * DAY, state="ended", closed_at=NOW - 29 * DAY
    )  # stays
    return patient


def counts():
    return {
        "sessions": Session.objects.count(),
        "tokens": ApiToken.objects.count(),
        "invitations": Invitation.objects.count(),
        "handovers": Handover.objects.count(),
        "reminders": ReminderSent.objects.count(),
        "schedule": ScheduledRun.objects.count(),
        "tasks": DBTaskResult.objects.count(),
        "log": AccessLogEntry.objects.count(),
        "failures": FailureCount.objects.count(),
        "email changes": EmailChange.objects.count(),
    }


def test_prune_deletes_each_kind_past_its_period_and_nothing_more_the_second_time(seeded):
    assert counts() == {
        "sessions": 2,
        "tokens": 2,
        "invitations": 4,
        "handovers": 4,
        "reminders": 3,
        "schedule": 2,
        "tasks": 4,
        "log": 3,
        "failures": 2,
        "email changes": 2,
    }
    assert prune.prune() == EXPECTED
    assert counts() == {
        "sessions": 1,
        "tokens": 1,
        "invitations": 2,
        "handovers": 2,
        "reminders": 1,
        "schedule": 1,
        "tasks": 2,
        "log": 2,
        "failures": 1,
        "email changes": 1,
    }
    assert prune.prune() == dict.fromkeys(EXPECTED, 0)
    assert ApiToken.objects.get().last_used_at == NOW - 29 * DAY
    kept = AccessLogEntry.objects.order_by("at").values_list("at", flat=True)
    assert list(kept) == [NOW.replace(year=2020) + HOUR, NOW.replace(year=2020) + DAY]


def test_the_command_prints_what_it_deleted_per_kind(seeded):
    out = io.StringIO()
    call_command("prune", stdout=out)
    call_command("prune", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [f"{kind}: {count}" for kind, count in EXPECTED.items()] + [f"{kind}: 0" for kind in EXPECTED]


def test_six_years_before_a_29_february_is_the_28th():
    leap = datetime.datetime(2028, 2, 29, 9, 30, tzinfo=datetime.UTC)
    assert prune.years_before(leap, 6) == datetime.datetime(2022, 2, 28, 9, 30, tzinfo=datetime.UTC)
    assert prune.years_before(leap, 4) == datetime.datetime(2024, 2, 29, 9, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["after 30 days unused", "deleted after 90 days", "7 days after", "6 years"]),
        ("es", ["30 días", "90 días", "7 días", "6 años"]),
    ],
)
def test_the_privacy_page_says_how_long_each_thing_is_kept(client, language, words):
    client.cookies["django_language"] = language
    page = client.get("/privacy/", headers={"accept-language": language}).content.decode()
    for phrase in words:
        assert phrase in page, phrase


def test_the_privacy_page_follows_the_constants(client, monkeypatch):
    monkeypatch.setattr(prune, "ACCESS_LOG_YEARS", 7)
    monkeypatch.setattr(prune, "REMINDERS_KEPT", datetime.timedelta(days=60))
    page = client.get("/privacy/", headers={"accept-language": "en"}).content.decode()
    assert "7 years" in page and "deleted after 60 days" in page


def test_the_worker_enqueues_growing_up_every_hour_and_prune_every_day_once_whatever_the_workers(clock):
    from reminders.management.commands.run_worker import schedule_upkeep

    assert schedule_upkeep(NOW) == ["growing_up", "prune"]
    assert schedule_upkeep(NOW + datetime.timedelta(minutes=59)) == []  # another worker, the same hour
    assert schedule_upkeep(NOW + datetime.timedelta(hours=1)) == ["growing_up"]
    assert schedule_upkeep(NOW.replace(hour=0) + DAY) == ["growing_up", "prune"]
    queued = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sorted(queued) == ["reminders.tasks.growing_up"] * 3 + ["reminders.tasks.prune"] * 2
