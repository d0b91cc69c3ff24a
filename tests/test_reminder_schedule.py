"""When a reminder is due (reminders/schedule.py, no Django): once a day at the chosen wall time, on the chosen days,
daylight saving included."""

import datetime
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.schedule import days_to_mask, due_on, is_too_late, local_day, mask_to_days, next_due

UTC = datetime.UTC
NEW_YORK = "America/New_York"
ZONES = [
    "UTC",
    NEW_YORK,
    "Europe/London",
    "Australia/Lord_Howe",  # a half-hour jump
    "Pacific/Kiritimati",
    "America/Sao_Paulo",
    "Asia/Kathmandu",
]


def at(text, zone):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(zone))


def test_the_missing_hour_of_spring_forward_is_due_when_the_clock_jumps():
    # 2026-03-08, New York: 02:00 EST becomes 03:00 EDT, so 02:30 never happens; it is due at 03:00 EDT (07:00 UTC).
    due = due_on(datetime.date(2026, 3, 8), datetime.time(2, 30), NEW_YORK)
    assert due == datetime.datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert due.astimezone(zoneinfo.ZoneInfo(NEW_YORK)).strftime("%H:%M %Z") == "03:00 EDT"


def test_the_doubled_hour_of_fall_back_is_due_once_at_its_first_occurrence():
    # 2026-11-01, New York: 01:30 happens in EDT, then again in EST; the reminder is due at the first.
    due = due_on(datetime.date(2026, 11, 1), datetime.time(1, 30), NEW_YORK)
    assert due == datetime.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    after_first = next_due(due, at=datetime.time(1, 30), days=range(1, 8), zone_name=NEW_YORK)
    assert after_first == datetime.datetime(2026, 11, 2, 6, 30, tzinfo=UTC)  # the next day, not 06:30 the same day


def test_next_due_skips_days_not_chosen():
    # 2026-11-27 is a Friday; only Mondays (1) and Wednesdays (3).
    due = next_due(at("2026-11-27 20:00", "UTC"), at=datetime.time(19, 0), days=[1, 3], zone_name="UTC")
    assert due == datetime.datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
    assert next_due(at("2026-11-27 20:00", "UTC"), at=datetime.time(19, 0), days=[], zone_name="UTC") is None


def test_later_today_is_still_today():
    due = next_due(at("2026-11-27 18:59", NEW_YORK), at=datetime.time(19, 0), days=[5], zone_name=NEW_YORK)
    assert due == at("2026-11-27 19:00", NEW_YORK)


def test_days_mask_round_trip_and_bounds():
    assert days_to_mask([1, 7]) == 0b1000001
    assert mask_to_days(days_to_mask([3, 1, 5])) == [1, 3, 5]
    for bad in (0, 8, -1):
        with pytest.raises(ValueError):
            days_to_mask([bad])


def test_too_late_after_two_hours():
    due = datetime.datetime(2026, 1, 1, 19, tzinfo=UTC)
    assert not is_too_late(due, due + datetime.timedelta(hours=2))
    assert is_too_late(due, due + datetime.timedelta(hours=2, seconds=1))


times = st.builds(datetime.time, st.integers(0, 23), st.integers(0, 59))
instants = st.datetimes(
    min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2035, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(after=instants, time=times, zone=st.sampled_from(ZONES), days=st.sets(st.integers(1, 7), min_size=1))
def test_next_due_is_the_first_instant_at_or_past_the_wall_time_on_a_chosen_day(after, time, zone, days):
    due = next_due(after, at=time, days=days, zone_name=zone)
    assert after < due <= after + datetime.timedelta(days=8)
    day = local_day(due, zone)
    assert day.isoweekday() in days
    assert due == due_on(day, time, zone)
    # At the due instant the wall clock reads the chosen time or later, and a second before it read earlier.
    tz = zoneinfo.ZoneInfo(zone)
    wall = datetime.datetime.combine(day, time)
    assert due.astimezone(tz).replace(tzinfo=None) >= wall
    before = (due - datetime.timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None)
    assert before < wall or before.date() < day
    # Nothing was due in between: the next one after `after` is this one.
    assert next_due(due - datetime.timedelta(seconds=1), at=time, days=days, zone_name=zone) == due


@settings(max_examples=100, deadline=None)
@given(start=instants, time=times, zone=st.sampled_from(ZONES))
def test_one_due_instant_per_day_over_a_fortnight(start, time, zone):
    due, seen = start, []
    for _ in range(14):
        due = next_due(due, at=time, days=range(1, 8), zone_name=zone)
        seen.append(local_day(due, zone))
    assert len(set(seen)) == 14
    assert all((later - earlier).days == 1 for earlier, later in zip(seen, seen[1:], strict=False))
