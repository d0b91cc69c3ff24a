"""Weekly goals and kind streaks: pure Python, no Django.

A goal counts one thing per week (Monday to Sunday, docs/API.md "Weekly goals"): `exercise_minutes` adds up the week's
minutes; `school_days`, `therapy_days`, `logged_days` and `custom` count days. The API's progress answer, Today's
bar, Trends' weeks met, the Summary and the streaks all take their numbers from `progress` here, so the same week
gets the same number on every page.

Streaks count what was done (days logged, weeks a goal was met) and are said (by diary.reading.words, which puts all of
this module's answers in words) as "6 of the last 7 days" or "3 weeks in a row": never pain, and never a count that
drops to zero to shame a missed day. A week that is not over yet never breaks a streak.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

EXERCISE_MINUTES = "exercise_minutes"
SCHOOL_DAYS = "school_days"
THERAPY_DAYS = "therapy_days"
LOGGED_DAYS = "logged_days"
CUSTOM = "custom"
MEASURES = (EXERCISE_MINUTES, SCHOOL_DAYS, THERAPY_DAYS, LOGGED_DAYS, CUSTOM)
WEEK_DAYS = 7
# The most a week can hold: every minute of exercise an entry allows on all seven days, or all seven days.
MAX_TARGET = {EXERCISE_MINUTES: 1440 * WEEK_DAYS}
MAX_DAYS_TARGET = WEEK_DAYS
AT_SCHOOL = ("full", "partial")
STREAK_WEEKS = 52  # streaks look back a year at most
RECENT_DAYS = 7


class Day(NamedTuple):
    """What a goal may count of one logged day."""

    exercise_minutes: int | None = None
    school: str | None = None
    therapies: Sequence[str] = ()
    goals_done: Sequence[int] = ()


# The day's field each measure counts (`logged_days` counts a day by its being there).
COUNTED_FIELD = {
    EXERCISE_MINUTES: "exercise_minutes",
    SCHOOL_DAYS: "school",
    THERAPY_DAYS: "therapies",
    CUSTOM: "goals_done",
}


def counted_fields(goals: Iterable["GoalSpec"]) -> set[str]:
    """The fields of Day that `goals` count: a chart need not read (or decode) the others."""
    return {COUNTED_FIELD[goal.measure] for goal in goals if goal.measure in COUNTED_FIELD}


@dataclass(frozen=True)
class GoalSpec:
    """A goal as the arithmetic needs it. `since` is the local day it was set: weeks before its week don't count."""

    id: int
    measure: str
    target: int
    title: str = ""
    since: datetime.date | None = None


def max_target(measure: str) -> int:
    return MAX_TARGET.get(measure, MAX_DAYS_TARGET)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week that holds `day`."""
    return day - datetime.timedelta(days=day.weekday())


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=n) for n in range(WEEK_DAYS)]


def day_value(goal: GoalSpec, day: Day) -> int:
    """What one logged day adds to the goal's week."""
    if goal.measure == EXERCISE_MINUTES:
        return day.exercise_minutes or 0
    if goal.measure == SCHOOL_DAYS:
        return int(day.school in AT_SCHOOL)
    if goal.measure == THERAPY_DAYS:
        return int(bool(day.therapies))
    if goal.measure == LOGGED_DAYS:
        return 1
    if goal.measure == CUSTOM:
        return int(goal.id in (day.goals_done or ()))
    raise ValueError(f"unknown measure {goal.measure!r}")


def progress(goal: GoalSpec, days: Mapping[datetime.date, Day], day: datetime.date) -> dict:
    """`{goal, week_start, week_end, value, target, met}` (docs/API.md) for the Monday-to-Sunday week that holds `day`.

    `days` holds the logged days (any others are ignored); a day with nothing logged adds nothing.
    """
    monday = week_start(day)
    return _week(goal, monday, sum(day_value(goal, days[d]) for d in week_days(monday) if d in days))


def _week(goal: GoalSpec, monday: datetime.date, value: int) -> dict:
    return {
        "goal": goal.id,
        "week_start": monday,
        "week_end": monday + datetime.timedelta(days=WEEK_DAYS - 1),
        "value": value,
        "target": goal.target,
        "met": value >= goal.target,
    }


def first_week(goal: GoalSpec, first: datetime.date) -> datetime.date:
    """The Monday of the first week counted for `goal` from `first` on: never before the week the goal was set."""
    start = first if goal.since is None else max(first, goal.since)
    return week_start(start)


def weeks(goal: GoalSpec, days: Mapping[datetime.date, Day], first: datetime.date, last: datetime.date) -> dict:
    """The goal's weeks that overlap `first`..`last` (from the week it was set), oldest first, with the weeks met.

    A week counts once it is over (its Sunday on or before `last`), or earlier when it is already met: a week still
    going is never counted as a week not met, and neither is the part-week in which the goal was set (it counts
    when it was met all the same). Days after `last` are not counted.
    """
    monday = first_week(goal, first)
    # Each week's value as `progress` adds it up (the days of the week that were logged, up to `last`), in one pass
    # over the days: three years of weeks are counted on every Trends page, a week of lookups each was most of it.
    values: dict[datetime.date, int] = defaultdict(int)
    for d, logged in days.items():
        if monday <= d <= last:
            values[week_start(d)] += day_value(goal, logged)
    rows = []
    while monday <= last:
        row = _week(goal, monday, values.get(monday, 0))
        row["over"] = row["week_end"] <= last
        rows.append(row)
        monday += datetime.timedelta(days=WEEK_DAYS)
    # A week still going, or the part-week in which the goal was set, counts only once it is met.
    whole = [goal.since is None or row["week_start"] >= goal.since for row in rows]
    counted = [row for row, full in zip(rows, whole, strict=True) if (row["over"] and full) or row["met"]]
    return {
        "goal": goal.id,
        "title": goal.title,
        "measure": goal.measure,
        "target": goal.target,
        "weeks": rows,
        "weeks_met": sum(row["met"] for row in counted),
        "weeks_counted": len(counted),
    }


def weeks_in_a_row(goal: GoalSpec, days: Mapping[datetime.date, Day], today: datetime.date) -> int:
    """How many weeks in a row the goal was met, up to this week. This week counts when it is already met; when it
    is not (yet), the count runs up to last week, so a week still going never breaks it."""
    monday = week_start(today)
    if not progress(goal, days, monday)["met"]:
        monday -= datetime.timedelta(days=WEEK_DAYS)
    count = 0
    earliest = first_week(goal, today - datetime.timedelta(weeks=STREAK_WEEKS))
    while monday >= earliest and count < STREAK_WEEKS and progress(goal, days, monday)["met"]:
        count += 1
        monday -= datetime.timedelta(days=WEEK_DAYS)
    return count


def logged_recently(logged: Iterable[datetime.date], today: datetime.date, span: int = RECENT_DAYS) -> int:
    """How many of the `span` days up to `today` (today included) were logged."""
    since = today - datetime.timedelta(days=span - 1)
    return len({d for d in logged if since <= d <= today})


def streaks(goals: Sequence[GoalSpec], days: Mapping[datetime.date, Day], today: datetime.date) -> dict:
    """The kind streaks as of `today`: days logged of the last 7, and each goal's weeks in a row."""
    logged = logged_recently(days, today)
    rows = []
    for goal in goals:
        count = weeks_in_a_row(goal, days, today)
        rows.append({"goal": goal.id, "title": goal.title, "weeks_in_a_row": count})
    return {"today": today, "logged_last_7": logged, "goals": rows}
