"""The checks that depend on the calendar, run on many days: the suite must pass whichever day it runs on.

Each case moves the clock (time-machine) to a chosen instant, loads the demo diaries as `make run` does, and
checks what a person sees that day: the dashboard's order and flags, yesterday's page, and the weekly check-in
invitation. The days are a whole week (every weekday once), the two daylight-saving changes of the demo's
time zone (America/New_York) and New Year's Eve and Day. Each is tried late in the evening in New York, when
the date in UTC is already the next day, and just after midnight, when it is not yet.
"""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from diary.models import DailyEntry, FunctionCheckin
from tests.conftest import client_for

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
A_WEEK = [datetime.date(2026, 11, 16) + datetime.timedelta(days=n) for n in range(7)]  # Monday to Sunday
TURNING_POINTS = [
    datetime.date(2026, 3, 8),
    datetime.date(2026, 11, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 1, 1),
]
HOURS = [datetime.time(23, 40), datetime.time(0, 20)]


INSTANTS = [
    pytest.param(datetime.datetime.combine(day, hour, NEW_YORK), id=f"{day:%a-%Y-%m-%d}-{hour:%H%M}")
    for day in A_WEEK + TURNING_POINTS
    for hour in HOURS
]


def seed_demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return {
        line.split()[1].split("@")[0]: User.objects.get(email=line.split()[1])
        for line in out.getvalue().splitlines()
        if line.startswith("  ")
    }


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("moment", INSTANTS)
def test_what_people_see_does_not_depend_on_the_day(moment):
    with time_machine.travel(moment, tick=False):
        people = seed_demo()
        maya = people["maya"].own_patient
        today = moment.date()
        assert maya.today() == today

        listed = client_for(people["drlee"]).get("/api/v1/patients/").json()
        assert [(p["display_name"], p["flags"]) for p in listed] == [
            ("Priya", ["function_fell", "low_mood"]),
            ("Jordan", ["no_recent_entry"]),
            ("Maya", []),
        ]

        yesterday = today - datetime.timedelta(days=1)
        assert DailyEntry.objects.filter(patient=maya, date__in=[yesterday, today]).count() == 2
        teen = signed_in(people["maya"])
        page = teen.get(f"/entries/{yesterday.isoformat()}/")
        assert page.status_code == 200 and page.context["day"] == yesterday and not page.context["is_today"]
        assert b"Start the weekly check-in" not in page.content

        # The weekly check-in: due today; once done, not asked again until a week later.
        assert b"Start the weekly check-in" in teen.get("/today/").content
        answers = {"answers": [1] * 15}
        assert client_for(people["maya"]).put(
            f"/api/v1/patients/{maya.pk}/function-checkins/{today}/", answers
        ).status_code in (200, 201)
        assert b"Start the weekly check-in" not in teen.get("/today/").content
    for days_later, due in ((6, False), (7, True)):
        with time_machine.travel(moment + datetime.timedelta(days=days_later), tick=False):
            assert maya.today() == today + datetime.timedelta(days=days_later)
            assert (b"Start the weekly check-in" in teen.get("/today/").content) is due
    assert FunctionCheckin.objects.filter(patient=maya, date=today).exists()
