"""The treatment plan's rules (docs/API.md, "Treatment plan"): the dose on a day, when an item is due, and adherence.

Pure Python, no Django. The plan endpoints, Trends, the Summary, the dashboard's `plan_low` flag, Clinic outcomes,
the Plan page and the reminders all take their numbers from here, so the same day and the same week get the same
dose and the same adherence everywhere.

An item keeps every set of terms it ever had (`Terms`, each in force from `valid_from` until the next one): a change
of dose takes effect from the next day and the past keeps the dose it had, so any past day is worked out again
exactly. Arithmetic is done in fractions (a week's share of a 5-days-a-week item is 5/7 a day) and rounded only when
answered.
"""

import datetime
import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

EXERCISE = "exercise"
DESENSITISATION = "desensitisation"
SESSION = "session"
ACTIVITY = "activity"
SCHOOL = "school"
KINDS = (EXERCISE, DESENSITISATION, SESSION, ACTIVITY, SCHOOL)
DOSED = (EXERCISE, DESENSITISATION)  # an amount is what they ask, and what a tick records
DONE_OR_NOT = (SESSION, ACTIVITY)  # ticked with 1 for done (an activity's amount, if any, only describes it)
NO_AMOUNT = (SESSION, SCHOOL)  # docs/API.md: they take no unit or amount

MINUTES = "minutes"
REPETITIONS = "repetitions"
TIMES = "times"
UNITS = (MINUTES, REPETITIONS, TIMES)

PARTIAL = "partial"
FULL = "full"
SCHOOL_LEVELS = (PARTIAL, FULL)
# The entry's `school` answers that count for each level: a full day counts for a partial one.
SCHOOL_DONE = {PARTIAL: ("partial", "full"), FULL: ("full",)}

MAX_AMOUNT = 1440  # a day's minutes: the most any dose may be
MAX_STEP_EVERY = 52  # weeks between steps: a year
TICK_LIMIT = 10  # docs/API.md: a tick above 10 times the day's dose is refused
LOW = Fraction(1, 2)  # plan_low: adherence below a half ...
LOW_WEEKS = 2  # ... in each of the last two whole weeks
WEEK = 7
MONDAY = 1
SUNDAY = 7


@dataclass(frozen=True)
class Terms:
    """What an item asks, in force from `valid_from` until the next terms: its dose and its days."""

    valid_from: datetime.date
    unit: str | None = None
    amount: int | None = None
    step_amount: int = 0
    step_every_weeks: int = 0
    max_amount: int | None = None
    days_per_week: int | None = None
    weekdays: tuple[int, ...] = ()
    school_level: str | None = None


@dataclass(frozen=True)
class Item:
    """One item of the plan as the arithmetic needs it. `terms` are oldest first, the first from `starts_on`."""

    id: int
    kind: str
    starts_on: datetime.date
    terms: tuple[Terms, ...]
    ended_on: datetime.date | None = None  # exclusive: the first day it no longer runs
    title: str = field(default="", compare=False)


class Day(NamedTuple):
    """What the plan counts of one logged day: the entry's `school` and its `plan_done` as {item: amount}."""

    school: str | None = None
    done: Mapping[int, int] = {}


# --- weekdays, stored as a bit mask (Monday 1, Sunday 64) -----------------------------------------------------------


def weekdays_to_mask(weekdays: Iterable[int]) -> int:
    return sum(1 << (day - 1) for day in set(weekdays))


def mask_to_weekdays(mask: int | None) -> tuple[int, ...]:
    return tuple(day for day in range(MONDAY, SUNDAY + 1) if mask and mask & (1 << (day - 1)))


# --- the dose and the days --------------------------------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week that holds `day`."""
    return day - datetime.timedelta(days=day.weekday())


def whole_weeks(since: datetime.date, day: datetime.date) -> int:
    """Whole weeks from `since` to `day`: 0 for its first seven days."""
    return max(0, (day - since).days) // WEEK


def graded(terms: Terms, weeks: int) -> int | None:
    """docs/API.md: min(max_amount, amount + step_amount * floor(weeks / step_every_weeks)); a step of 0 weeks keeps the
    dose fixed. None for terms without an amount (a session, school, an activity that only says "done")."""
    if terms.amount is None:
        return None
    steps = weeks // terms.step_every_weeks if terms.step_every_weeks else 0
    highest = terms.max_amount if terms.max_amount is not None else terms.amount
    return min(highest, terms.amount + terms.step_amount * steps)


def runs_on(item: Item, day: datetime.date) -> bool:
    """From `starts_on` to `ended_on` (exclusive)."""
    return item.starts_on <= day and (item.ended_on is None or day < item.ended_on)


def terms_on(item: Item, day: datetime.date) -> Terms:
    """The terms in force on `day`: the latest that began on or before it (the first, before they all began)."""
    current = item.terms[0]
    for terms in item.terms:
        if terms.valid_from <= day:
            current = terms
    return current


def dose_on(item: Item, day: datetime.date) -> int | None:
    """The item's dose on `day` (None where it asks no amount, or does not run that day)."""
    if not runs_on(item, day):
        return None
    return graded(terms_on(item, day), whole_weeks(item.starts_on, day))


def tick_dose(item: Item, day: datetime.date) -> int | None:
    """What a tick's amount is measured against: the dose of a dosed item, 1 (done) for a session or an activity,
    None for school (counted from the entry's `school`) or a day the item does not run."""
    if not runs_on(item, day) or item.kind == SCHOOL:
        return None
    if item.kind in DONE_OR_NOT:
        return 1
    return dose_on(item, day)


def highest_tick(item: Item, day: datetime.date) -> int | None:
    """The largest amount a tick may record on `day`: 10 times a dosed item's dose; 1 (done) for a session or an
    activity. None where no tick is taken (school, or a day the item does not run)."""
    dose = tick_dose(item, day)
    if dose is None:
        return None
    return 1 if item.kind in DONE_OR_NOT else TICK_LIMIT * dose


def per_week(terms: Terms) -> int:
    """How many days a week the terms ask for: `days_per_week`, or the number of fixed `weekdays`."""
    return terms.days_per_week if terms.days_per_week is not None else len(terms.weekdays)


def is_due(item: Item, day: datetime.date) -> bool:
    """Whether the item belongs to `day`'s plan: every day it runs for `days_per_week` (the teen chooses which), only
    its weekdays for fixed `weekdays`."""
    if not runs_on(item, day):
        return False
    terms = terms_on(item, day)
    return terms.days_per_week is not None or day.isoweekday() in terms.weekdays


def due_on(items: Iterable[Item], day: datetime.date) -> list[Item]:
    return [item for item in items if is_due(item, day)]


# --- what was done ----------------------------------------------------------------------------------------------------


def done_share(item: Item, day: datetime.date, logged: Day | None) -> tuple[int, int]:
    """What one day adds to the item, as (numerator, denominator): min(1, amount / dose) for a tick; for school, 1 on a
    day whose `school` is at the item's level or above (no tick needed). 0 on a day not logged or not run."""
    if logged is None or not runs_on(item, day):
        return 0, 1
    return _share(item, terms_on(item, day), tick_dose(item, day), logged)


def _share(item: Item, terms: Terms, dose: int | None, logged: Day | None) -> tuple[int, int]:
    """`done_share` on a day the item runs, with that day's terms and tick dose."""
    if logged is None:
        return 0, 1
    if item.kind == SCHOOL:
        return int(logged.school in SCHOOL_DONE.get(terms.school_level or "", ())), 1
    amount = logged.done.get(item.id)
    if not amount or not dose:
        return 0, 1
    return (1, 1) if amount >= dose else (amount, dose)


def done_on(item: Item, day: datetime.date, logged: Day | None) -> Fraction | int:
    """`done_share` as a number: a whole day a whole number, a part of one a Fraction."""
    numerator, denominator = done_share(item, day, logged)
    return numerator if denominator == 1 else Fraction(numerator, denominator)


class ItemWeek(NamedTuple):
    item: Item
    expected: Fraction
    done: Fraction


class Week(NamedTuple):
    """One Monday-to-Sunday week: its days counted (`first`..`last`, within the period), each item's share, and their
    sums (made once: Trends reads each week's three figures, and summing again on each read was a third of its time)."""

    week_start: datetime.date
    first: datetime.date
    last: datetime.date
    items: tuple[ItemWeek, ...]
    expected: Fraction
    done: Fraction

    @property
    def adherence(self) -> Fraction | None:
        return share(self.done, self.expected)


def week_of(week_start: datetime.date, first: datetime.date, last: datetime.date, items: tuple[ItemWeek, ...]) -> Week:
    expected = exact_sum(row.expected for row in items)
    return Week(week_start, first, last, items, expected, exact_sum(row.done for row in items))


def share(done: Fraction, expected: Fraction) -> Fraction | None:
    return done / expected if expected else None


def item_week(item: Item, days: Sequence[datetime.date], logged: Mapping[datetime.date, Day]) -> ItemWeek:
    """docs/API.md: `expected` is the week's days_per_week (or number of weekdays) scaled by the share of the week the
    item ran, each day adding its own terms' seventh; `done` is the sum over those days of min(1, amount / dose), at
    most `expected`. A tick on any day the item ran counts, a session moved to another day too."""
    ran = [day for day in days if runs_on(item, day)]
    # Sevenths summed as whole numbers, and the parts of days by their dose: the same Fractions, made once or twice a
    # week instead of once a day (three years of weeks are summed on every Trends page).
    if not ran:
        return ItemWeek(item, Fraction(0), Fraction(0))
    terms, dose = terms_on(item, ran[0]), tick_dose(item, ran[0])
    if terms is terms_on(item, ran[-1]) and dose == tick_dose(item, ran[-1]):
        # The same terms and dose on the first and last day hold every day between (terms only change forward, and
        # under the same terms a dose only rises): worked out once for the week, not for each day.
        return _steady_week(item, ran, terms, dose, logged)
    sevenths = 0
    by_denominator: defaultdict[int, int] = defaultdict(int)
    for day in ran:
        terms, dose = terms_on(item, day), tick_dose(item, day)
        sevenths += per_week(terms)
        numerator, denominator = _share(item, terms, dose, logged.get(day))
        by_denominator[denominator] += numerator
    expected = _fraction(sevenths, WEEK)
    return ItemWeek(item, expected, min(_fraction_of(by_denominator), expected))


def _steady_week(
    item: Item, ran: Sequence[datetime.date], terms: Terms, dose: int | None, logged: Mapping[datetime.date, Day]
) -> ItemWeek:
    """`item_week` for days that share one set of terms and one dose: each day adds the same seventh, and each part of a
    day is over the same dose, so the week is two whole numbers over 7 and over the dose (`_share`, day by day, gives
    the same: a tick of at least the dose is a whole day, dose / dose)."""
    sevenths = per_week(terms) * len(ran)
    if item.kind == SCHOOL:
        counted = SCHOOL_DONE.get(terms.school_level or "", ())
        parts, over = sum(1 for day in ran if (found := logged.get(day)) is not None and found.school in counted), 1
    elif dose:
        parts, over = 0, dose
        for day in ran:
            found = logged.get(day)
            amount = found.done.get(item.id) if found is not None else None
            if amount:
                parts += min(amount, dose)
    else:
        parts, over = 0, 1
    expected = _fraction(sevenths, WEEK)
    # done is at most expected: compared as whole numbers, parts / over against sevenths / 7
    return ItemWeek(item, expected, expected if parts * WEEK >= sevenths * over else _fraction(parts, over))


def exact_sum(values: Iterable[Fraction | int]) -> Fraction:
    """The exact sum, added up by denominator: whole numbers as whole numbers, the sevenths of a plan's weeks
    together, one Fraction at the end. Three years of days and weeks are summed on every Trends page, and adding
    Fractions one by one (a gcd each time) was most of its time."""
    by_denominator: defaultdict[int, int] = defaultdict(int)
    for value in values:
        by_denominator[value.denominator] += value.numerator
    return _fraction_of(by_denominator)


def _fraction_of(by_denominator: Mapping[int, int]) -> Fraction:
    """The sum of numerator / denominator over {denominator: numerator}, as one Fraction over their common multiple."""
    if len(by_denominator) == 1:
        ((denominator, numerator),) = by_denominator.items()
        return _fraction(numerator, denominator)
    common = math.lcm(*by_denominator) if by_denominator else 1
    total = sum(numerator * (common // denominator) for denominator, numerator in by_denominator.items())
    return _fraction(total, common)


@functools.lru_cache(maxsize=4096)
def _fraction(numerator: int, denominator: int) -> Fraction:
    """Fraction(numerator, denominator), made once: a plan's weeks take a few hundred values (sevenths, whole days,
    parts of a dose), and a new Fraction for each of three years of weeks was most of the time of Trends."""
    return Fraction(numerator, denominator)


def weeks(
    items: Sequence[Item], logged: Mapping[datetime.date, Day], first: datetime.date, last: datetime.date
) -> list[Week]:
    """The Monday-to-Sunday weeks that overlap `first`..`last`, oldest first, each counting only its days within
    them; within a week, items with nothing expected are left out, and weeks with nothing expected too."""
    rows = []
    monday = week_start(first)
    while monday <= last:
        start, end = max(first, monday), min(last, monday + datetime.timedelta(days=WEEK - 1))
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        counted = tuple(row for row in (item_week(item, days, logged) for item in items) if row.expected)
        if counted:
            rows.append(week_of(monday, start, end, counted))
        monday += datetime.timedelta(days=WEEK)
    return rows


def adherence(rows: Sequence[Week]) -> Fraction | None:
    """docs/API.md: the period's adherence, the sum of `done` over the sum of `expected` across its weeks."""
    return share(exact_sum(week.done for week in rows), exact_sum(week.expected for week in rows))


class ItemTotal(NamedTuple):
    item: Item
    expected: Fraction
    done: Fraction


def item_totals(rows: Sequence[Week]) -> list[ItemTotal]:
    """Each item's `expected` and `done` over the weeks (each week capped on its own), in the items' order."""
    totals: dict[int, list] = {}
    for week in rows:
        for row in week.items:
            found = totals.setdefault(row.item.id, [row.item, Fraction(0), Fraction(0)])
            found[1] += row.expected
            found[2] += row.done
    return [ItemTotal(*found) for found in totals.values()]


def whole_weeks_before(day: datetime.date, count: int = LOW_WEEKS) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the `count` whole weeks before the week that holds `day` (that week is not over)."""
    monday = week_start(day)
    return monday - datetime.timedelta(days=WEEK * count), monday - datetime.timedelta(days=1)


def recent_adherence(
    items: Sequence[Item], logged: Mapping[datetime.date, Day], day: datetime.date
) -> list[Fraction | None]:
    """The adherence of each of the last two whole weeks before `day`'s week, oldest first (None: nothing expected)."""
    first, last = whole_weeks_before(day)
    by_monday = {week.week_start: week.adherence for week in weeks(items, logged, first, last)}
    return [by_monday.get(first + datetime.timedelta(days=WEEK * n)) for n in range(LOW_WEEKS)]


def plan_low(recent: Sequence[Fraction | None]) -> bool:
    """docs/API.md: adherence below 0.5 in each of the last two whole weeks; a week with nothing expected never counts
    as low (so a plan begun last week is not flagged)."""
    return len(recent) == LOW_WEEKS and all(value is not None and value < LOW for value in recent)


# --- the weeks ahead --------------------------------------------------------------------------------------------------


class Step(NamedTuple):
    """From `day` on, the item's dose is `dose` (until the next step)."""

    day: datetime.date
    dose: int | None


def doses(item: Item, first: datetime.date, last: datetime.date) -> list[Step]:
    """Each day from `first` to `last` on which the item's dose changes, with the new dose (the first day always):
    the dose history of the days it ran, or the weeks ahead. A dose only changes on a new week since `starts_on`
    or on new terms, so only those days are looked at."""
    first = max(first, item.starts_on)
    if item.ended_on is not None:
        last = min(last, item.ended_on - datetime.timedelta(days=1))
    if first > last:
        return []
    changes = {first}
    for n in range(whole_weeks(item.starts_on, first) + 1, whole_weeks(item.starts_on, last) + 1):
        changes.add(item.starts_on + datetime.timedelta(days=WEEK * n))
    changes |= {terms.valid_from for terms in item.terms if first < terms.valid_from <= last}
    steps: list[Step] = []
    for day in sorted(changes):
        dose = dose_on(item, day)
        if not steps or steps[-1].dose != dose:
            steps.append(Step(day, dose))
    return steps


def as_number(value: Fraction | None) -> float | None:
    """A figure as the API answers it: two decimals (None kept)."""
    return None if value is None else round(float(value), 2)


# --- answers (docs/API.md's shapes, numbers rounded as the API answers them) ------------------------------------------

RECENT_WEEKS = 4  # the Summary's recent weeks


def week_row(week: Week) -> dict:
    """A week of the adherence endpoint: `{week_start, expected, done, adherence, items: [{item, expected, done}]}`."""
    return {
        "week_start": week.week_start,
        "expected": as_number(week.expected),
        "done": as_number(week.done),
        "adherence": as_number(week.adherence),
        "items": [
            {"item": row.item.id, "expected": as_number(row.expected), "done": as_number(row.done)}
            for row in week.items
        ],
    }


def every_week(
    items: Sequence[Item], logged: Mapping[datetime.date, Day], first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, Week | None]]:
    """Each Monday-to-Sunday week that overlaps `first`..`last`, with its counted Week (None: nothing expected)."""
    counted = {week.week_start: week for week in weeks(items, logged, first, last)}
    mondays = []
    monday = week_start(first)
    while monday <= last:
        mondays.append(monday)
        monday += datetime.timedelta(days=WEEK)
    return [(monday, counted.get(monday)) for monday in mondays]


def last_dose(item: Item, last: datetime.date) -> int | None:
    """The item's dose on the last day of a period that it ran (`last`, or the day before it ended)."""
    if item.ended_on is not None and item.ended_on <= last:
        last = item.ended_on - datetime.timedelta(days=1)
    return dose_on(item, last)


def summary(
    items: Sequence[Item], logged: Mapping[datetime.date, Day], first: datetime.date, last: datetime.date
) -> dict:
    """The Summary's `plan` (docs/API.md): the period's adherence, its recent weeks, and each item that ran in it with
    its dose on the period's last day and what was expected and done over the period."""
    rows = weeks(items, logged, first, last)
    return {
        "adherence": as_number(adherence(rows)),
        "recent_weeks": [
            {
                "week_start": week.week_start,
                "expected": as_number(week.expected),
                "done": as_number(week.done),
                "adherence": as_number(week.adherence),
            }
            for week in rows[-RECENT_WEEKS:]
        ],
        "items": [
            {
                "item": total.item.id,
                "title": total.item.title,
                "kind": total.item.kind,
                "unit": terms_on(total.item, min(last, total.item.ended_on or last)).unit,
                "dose": last_dose(total.item, last),
                "expected": as_number(total.expected),
                "done": as_number(total.done),
                "adherence": as_number(share(total.done, total.expected)),
            }
            for total in item_totals(rows)
        ],
    }


def trend_sentences(
    counted: Sequence[Week], function_improved_on: datetime.date | None = None
) -> list[tuple[str, dict]]:
    """What Trends says of the plan's weeks shown (codes and facts; diary.reading.words words them), never to scold: how
    much was done; that a little more got done each week, where the last three weeks rose; that the work came first,
    where at least half the plan was done in the weeks before function got better; and, under half, that every part
    counts and the plan can change."""
    total = adherence(counted)
    if total is None:  # nothing expected in the weeks shown
        return []
    sentences: list[tuple[str, dict]] = [("share", {"percent": round(float(total) * 100)})]
    recent = [share for share in (week.adherence for week in counted[-3:]) if share is not None]
    if len(recent) == 3 and recent[0] < recent[1] < recent[2]:
        sentences.append(("more_each_week", {}))
    if function_improved_on is not None:
        before = adherence([week for week in counted if week.last < function_improved_on])
        if before is not None and before >= LOW:
            sentences.append(("work_came_first", {}))
    if total < LOW:
        sentences.append(("any_part_counts", {}))
    return sentences
