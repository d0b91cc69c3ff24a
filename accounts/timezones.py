"""Time zone names and "today" for a person, without Django."""

import datetime
import zoneinfo
from functools import cache


@cache
def valid_timezones():
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name):
    return name in valid_timezones()


def today_in(timezone_name, now=None):
    """The calendar date in `timezone_name` at the instant `now` (an aware datetime; default: now)."""
    now = now or datetime.datetime.now(datetime.UTC)
    return now.astimezone(zoneinfo.ZoneInfo(timezone_name)).date()


def age_on(birth_date, day):
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def day_bounds(timezone_name, day):
    """The instants (aware, UTC) at which `day` starts and ends in `timezone_name`: its local midnights."""
    zone = zoneinfo.ZoneInfo(timezone_name)
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
