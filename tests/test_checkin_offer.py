"""When Today offers the weekly check-in (diary/checkin_offer.py): not on a new diary's first days, once there are a
few days to compare, then once a week. By numbers, by property, and on the page."""

import datetime

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from diary.rules.checkin_offer import FIRST_DAY, MIN_LOGGED_DAYS, checkin_due
from tests.factories import CheckinFactory, EntryFactory

MONDAY = datetime.date(2026, 11, 16)
INVITE = b"Start the weekly check-in"


def day(n):
    return MONDAY + datetime.timedelta(days=n)


def test_a_new_diary_is_not_asked_before_day_seven_or_three_logged_days():
    assert not checkin_due(today=day(0), first_logged=None, days_logged=0, last_checkin=None)
    assert not checkin_due(today=day(0), first_logged=day(0), days_logged=1, last_checkin=None)
    # Day 6 of the diary with every day logged: not yet.
    assert not checkin_due(today=day(5), first_logged=day(0), days_logged=6, last_checkin=None)
    # Day 7: a few days to compare.
    assert checkin_due(today=day(6), first_logged=day(0), days_logged=3, last_checkin=None)
    # Day 20 with only two days logged: not yet.
    assert not checkin_due(today=day(19), first_logged=day(0), days_logged=2, last_checkin=None)


def test_then_once_a_week_after_the_latest_checkin():
    first = day(-30)
    assert not checkin_due(today=day(6), first_logged=first, days_logged=20, last_checkin=day(0))
    assert checkin_due(today=day(7), first_logged=first, days_logged=20, last_checkin=day(0))


@given(
    st.integers(0, 60),
    st.integers(0, 61),
    st.one_of(st.none(), st.integers(-10, 60)),
)
def test_never_before_day_seven_nor_three_days_nor_within_a_week_of_a_checkin(diary_age, logged, since_checkin):
    today = day(60)
    first = today - datetime.timedelta(days=diary_age)
    last = None if since_checkin is None else today - datetime.timedelta(days=since_checkin)
    due = checkin_due(today=today, first_logged=first, days_logged=min(logged, diary_age + 1), last_checkin=last)
    if due:
        assert diary_age + 1 >= FIRST_DAY and min(logged, diary_age + 1) >= MIN_LOGGED_DAYS
        assert last is None or since_checkin >= 7


@pytest.mark.django_db
def test_todays_page_offers_it_only_once_there_are_days_to_compare(teen_patient):
    browser = Client()
    browser.force_login(teen_patient.account)
    today = teen_patient.today()
    assert INVITE not in browser.get("/today/").content  # a brand-new diary
    for back in (6, 5):
        EntryFactory(patient=teen_patient, date=today - datetime.timedelta(days=back))
    assert INVITE not in browser.get("/today/").content  # day 7, but two days logged
    EntryFactory(patient=teen_patient, date=today - datetime.timedelta(days=1))
    assert INVITE in browser.get("/today/").content  # day 7, three days logged
    CheckinFactory(patient=teen_patient, date=today)
    assert INVITE not in browser.get("/today/").content  # done this week
