"""The checks that depend on the calendar, run on many days: the suite must pass whichever day it runs on.

Each case moves the clock (time-machine) to a chosen instant, loads the demo diaries as `make run` does, and
checks what a person sees that day: the dashboard's order and flags, yesterday's page, and the weekly check-in
invitation. The days are a whole week (every weekday once), the two daylight-saving changes of the demo's
time zone (America/New_York) and New Year's Eve and Day. Each is tried late in the evening in New York, when
the date in UTC is already the next day, and just after midnight, when it is not yet.

Ages too: a birthday on 29 February, and a sign-up where the date is not the date in UTC.
"""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from accounts.birthdays import latest_birth_date
from accounts.models import Patient, User
from accounts.services import UNDER_13_MESSAGE
from accounts.timezones import age_on, today_in
from diary.models import DailyEntry, FunctionCheckin
from tests.conftest import client_for
from tests.factories import PASSWORD

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


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)), st.integers(0, 120))
def test_latest_birth_date_is_the_last_day_one_can_be_born_to_be_that_old(day, years):
    born = latest_birth_date(day, years)
    assert age_on(born, day) == years
    assert age_on(born + datetime.timedelta(days=1), day) == years - 1


def test_a_29_february_birthday_counts_on_1_march_in_other_years():
    leap_born = datetime.date(2016, 2, 29)
    assert [age_on(leap_born, day) for day in (datetime.date(2029, 2, 28), datetime.date(2029, 3, 1))] == [12, 13]
    assert age_on(leap_born, datetime.date(2032, 2, 29)) == 16
    assert latest_birth_date(datetime.date(2028, 2, 29), 15) == datetime.date(2013, 2, 28)


SIGN_UPS = [
    pytest.param(datetime.datetime(2028, 2, 29, 12, tzinfo=datetime.UTC), "UTC", id="leap-day"),
    # Friday evening in Chicago, Saturday in UTC.
    pytest.param(datetime.datetime(2026, 12, 5, 0, 30, tzinfo=datetime.UTC), "America/Chicago", id="chicago-friday"),
    # 1 March on Kiritimati, still 28 February in UTC: a 29 February birthday has come there, not in UTC.
    pytest.param(datetime.datetime(2029, 2, 28, 10, 30, tzinfo=datetime.UTC), "Pacific/Kiritimati", id="kiritimati"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("moment, zone", SIGN_UPS)
def test_a_teen_may_sign_up_on_her_13th_birthday_in_her_own_zone_and_not_a_day_before(anon_client, moment, zone):
    def sign_up(email, born):
        body = {"email": email, "password": PASSWORD, "display_name": "June", "role": "teen", "timezone": zone}
        return anon_client.post("/api/v1/auth/register/", {**body, "birth_date": born.isoformat()}, format="json")

    with time_machine.travel(moment, tick=False):
        day = today_in(zone)
        assert day != moment.date() or zone == "UTC"
        born = latest_birth_date(day, 13)
        too_young = sign_up("young@example.com", born + datetime.timedelta(days=1))
        assert (too_young.status_code, too_young.json()) == (400, {"birth_date": [UNDER_13_MESSAGE]})
        assert sign_up("june@example.com", born).status_code == 201
        if (day.month, day.day) == (3, 1):
            assert sign_up("leap@example.com", datetime.date(day.year - 13, 2, 29)).status_code == 201
    assert Patient.objects.get(account__email="june@example.com").birth_date == born
    assert not User.objects.filter(email="young@example.com").exists()
