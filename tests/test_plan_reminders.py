"""Reminders name today's treatment plan ("Brisk walk 25 min, Towel 3x"), never pain, at a fixed cost per batch."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Language
from reminders import services
from reminders.models import ReminderSent, ReminderSettings
from tests.factories import PatientFactory, PlanItemFactory
from tests.mailbox import text_of
from tests.test_reminders import FRIDAY_EVENING, remind

pytestmark = pytest.mark.django_db
FRIDAY = datetime.date(2026, 11, 27)  # in New York, at FRIDAY_EVENING


def teen_with_a_plan(**account):
    zone = "America/New_York"
    patient = PatientFactory(account__display_name="Maya", account__timezone=zone, timezone=zone, **account)
    # Started two whole weeks before: 15 + 2 x 5 = 25 minutes today.
    starts = FRIDAY - datetime.timedelta(days=14)
    PlanItemFactory(
        patient=patient, starts_on=starts, terms__step_amount=5, terms__step_every_weeks=1, terms__max_amount=45
    )
    PlanItemFactory(
        patient=patient, starts_on=starts, kind="desensitisation", title="Towel", terms__unit="times", terms__amount=3
    )
    PlanItemFactory(  # Tuesdays only: not today's
        patient=patient,
        starts_on=starts,
        kind="session",
        title="Physio",
        terms__unit=None,
        terms__amount=None,
        terms__weekdays=2,
    )
    PlanItemFactory(  # counted from the school answer: not named
        patient=patient,
        starts_on=starts,
        kind="school",
        title="School",
        terms__unit=None,
        terms__amount=None,
        terms__school_level="partial",
    )
    PlanItemFactory(patient=patient, starts_on=starts, title="Old walk", ended_on=FRIDAY)  # ended today
    return patient


def test_the_reminder_names_today_plan_by_email_and_push_and_never_pain(mailbox, push_service):
    maya = teen_with_a_plan()
    browser = push_service.subscription("maya")
    services.subscribe_push(user=maya.account, endpoint=browser.endpoint, **browser.keys)
    remind(maya, channels=["email", "push"])
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert (report.emails, report.pushes) == (1, 1)
    [push] = push_service.to("maya")
    assert push.payload["body"] == "How did today go? Today's plan: Brisk walk 25 min, Towel 3x."
    [message] = mailbox.wait_for(maya.account.email)
    text = text_of(message)
    assert "Today's plan: Brisk walk 25 min, Towel 3x." in text
    assert "pain" not in (text + json.dumps(push.payload)).lower()


def test_the_plan_is_named_in_the_language_of_the_person_reminded(mailbox):
    maya = teen_with_a_plan(account__language=Language.ES)
    remind(maya)
    services.send_due_reminders(now=FRIDAY_EVENING)
    [message] = mailbox.wait_for(maya.account.email)
    assert "Plan de hoy: Brisk walk 25 min, Towel 3 veces." in text_of(message)


def test_a_plan_adds_no_query_per_reminder(mailbox):
    def run(count):
        ReminderSent.objects.all().delete()
        ReminderSettings.objects.all().delete()
        for _ in range(count):
            remind(teen_with_a_plan(), channels=["email"])
        with CaptureQueriesContext(connection) as queries:
            report = services.send_due_reminders(now=FRIDAY_EVENING, batch_size=25)
        assert report.claimed == report.emails == count
        return len(queries)

    # One SELECT of the batch's plans (tests/test_reminders.py counts it in QUERIES_PER_BATCH), whatever their number.
    assert run(2) == run(12)
