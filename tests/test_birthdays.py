"""The birthdays that change who sees a diary (accounts/birthdays.py): by numbers, and by Hypothesis properties
that tie them to the one age rule (`accounts.timezones.age_on`), 29 February included."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from accounts.birthdays import ADULT_AGE, ADULT_NOTICE, adult_notice_due, birthday_in, latest_birth_date, turns
from accounts.timezones import age_on

DAY = datetime.timedelta(days=1)
births = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2040, 12, 31))
days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 12, 31))
ages = st.integers(min_value=1, max_value=40)


def test_29_february_counts_on_1_march_in_other_years():
    leap = datetime.date(2012, 2, 29)
    assert birthday_in(leap, 2025) == datetime.date(2025, 3, 1)
    assert birthday_in(leap, 2028) == datetime.date(2028, 2, 29)
    assert turns(leap, 13) == datetime.date(2025, 3, 1)
    assert latest_birth_date(datetime.date(2028, 2, 29), 18) == datetime.date(2010, 2, 28)
    assert latest_birth_date(datetime.date(2028, 2, 29), 20) == datetime.date(2008, 2, 29)
    assert turns(datetime.date(2008, 7, 15), ADULT_AGE) == datetime.date(2026, 7, 15)


@given(births, ages)
def test_she_is_that_age_from_that_day_and_not_the_day_before(born, age):
    day = turns(born, age)
    assert age_on(born, day) == age
    assert age_on(born, day - DAY) == age - 1


@given(days, ages)
def test_the_latest_birth_date_of_an_age_is_exactly_the_edge(day, age):
    latest = latest_birth_date(day, age)
    assert age_on(latest, day) >= age
    assert age_on(latest + DAY, day) < age


@given(births)
def test_the_notice_runs_for_exactly_30_days_and_ends_on_the_18th_birthday(born):
    adult_on = turns(born, ADULT_AGE)
    window = [adult_on - DAY * back for back in range(1, 40)]
    assert sum(adult_notice_due(born, day) for day in window) == ADULT_NOTICE.days
    assert adult_notice_due(born, adult_on - ADULT_NOTICE)
    assert not adult_notice_due(born, adult_on)
