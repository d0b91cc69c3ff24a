"""When a reminder is due: pure logic on the standard library alone (no Django), tested with Hypothesis.

A reminder has a wall-clock time (`HH:MM`) and ISO weekdays (1 Monday ... 7 Sunday) in the time zone of the person
reminded. Its next due instant is kept in the database (`ReminderSettings.next_due`, in UTC), so finding what is due
now is one indexed query whatever the time zones; this module computes that instant.

Daylight saving: a time that the clock skips on a spring-forward day (02:30 where 02:00 jumps to 03:00) is due at the
first instant whose wall time is at or after it, the jump itself (03:00 local); a time that happens twice on a
fall-back day (01:30) is due at its first occurrence. Either way a day has exactly one due instant.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

UTC = datetime.UTC
ALL_DAYS = frozenset(range(1, 8))
# A reminder more than this late (a worker that was stopped) is skipped rather than sent at an odd hour.
LATE_AT_MOST = datetime.timedelta(hours=2)


def days_to_mask(days: Iterable[int]) -> int:
    """ISO weekdays as a 7-bit mask (bit 0 Monday ... bit 6 Sunday), the form the database keeps."""
    mask = 0
    for day in days:
        if not 1 <= day <= 7:
            raise ValueError(f"An ISO weekday is 1 to 7, not {day}.")
        mask |= 1 << (day - 1)
    return mask


def mask_to_days(mask: int) -> list[int]:
    return [day for day in range(1, 8) if mask & (1 << (day - 1))]


def _wall(instant: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def due_on(day: datetime.date, at: datetime.time, zone_name: str) -> datetime.datetime:
    """The one instant (UTC) at which a reminder for wall time `at` is due on local date `day`."""
    zone = zoneinfo.ZoneInfo(zone_name)
    wall = datetime.datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None))
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first  # the time exists (the first of two on a fall-back day: fold=0 is the earlier)
    # Skipped by a spring-forward jump. With fold=0 the wall time reads with the offset from before the jump (a
    # later instant), with fold=1 with the one after (an earlier one); the jump lies between them, and it is the
    # first instant whose wall time is at or after `wall`. Wall time only rises in between: search by seconds.
    low = int(wall.replace(tzinfo=zone, fold=1).astimezone(UTC).timestamp())
    high = int(first.timestamp())
    low, high = min(low, high), max(low, high)
    while low < high:
        middle = (low + high) // 2
        if _wall(datetime.datetime.fromtimestamp(middle, UTC), zone) >= wall:
            high = middle
        else:
            low = middle + 1
    return datetime.datetime.fromtimestamp(high, UTC)


def next_due(
    after: datetime.datetime, *, at: datetime.time, days: Iterable[int], zone_name: str
) -> datetime.datetime | None:
    """The first due instant strictly after `after` (aware), on one of `days`; None when no day is chosen."""
    chosen = frozenset(days)
    if not chosen:
        return None
    zone = zoneinfo.ZoneInfo(zone_name)
    start = after.astimezone(zone).date() - datetime.timedelta(days=1)
    for offset in range(9):  # a week and both ends: any chosen weekday comes round within it
        day = start + datetime.timedelta(days=offset)
        if day.isoweekday() in chosen:
            due = due_on(day, at, zone_name)
            if due > after:
                return due
    raise AssertionError("unreachable: a chosen weekday comes round within 9 days")


def local_day(instant: datetime.datetime, zone_name: str) -> datetime.date:
    """The calendar date at `instant` in the zone: the diary day a reminder is about."""
    return instant.astimezone(zoneinfo.ZoneInfo(zone_name)).date()


def is_too_late(due: datetime.datetime, now: datetime.datetime) -> bool:
    return now - due > LATE_AT_MOST
