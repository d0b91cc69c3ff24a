"""Trends, the Summary and Clinic outcomes: one query per table, then the pure arithmetic of diary.rules.trends,
diary.rules.figures, diary.rules.attention, diary.rules.summary and diary.rules.outcomes.

All three answer from the same function (`period_of`) over the same days, so the same question gets the same number
on every page: a Summary, the Trends page over the same days, and a patient's row of Clinic outcomes agree.
"""

import datetime
from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db.models import Case, F, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from accounts.access import Access
from accounts.models import Patient
from accounts.timezones import age_on
from diary.models import DailyEntry, FunctionCheckin
from diary.reading import health_data, plan_data, words
from diary.reading.selectors import active_goals
from diary.rules import attention, figures, goals, summary, trends
from diary.vocabularies import FunctionBand

COLUMNS = ("pain", "function", "sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school")
COURSE = COLUMNS[:2]  # pain and function: the insight reads them over the whole course, from its baseline
CODES = ("symptoms", "pain_locations")
GOAL_EXTRA = ("therapies", "goals_done")  # with COLUMNS' exercise_minutes and school: what weekly goals count
NOTES = ("note", "note_private")  # the Summary's notes, read only where the reader sees notes
COSTLY = ("sleep_hours", *CODES, *GOAL_EXTRA, "note")  # a decimal and lists: the columns that take time to decode
MAX_DAYS = 3661  # ten years and a leap day: more than any course of treatment, few enough to draw
WEEK = datetime.timedelta(days=6)
LOOKBACK = datetime.timedelta(days=attention.LOOKBACK)  # the flags as of the last day look back three weeks
# An outcome reads pain and function alone (the rest stay None) and never sums mood.
OUTCOME_COLUMNS = tuple(name for name in COLUMNS if name != "mood")
SUMMARY_DAYS = 84  # without a treatment start, the summary covers the last 12 weeks

Rows = Mapping[datetime.date, tuple]


def _entry_rows(
    access: Access,
    *,
    lo: datetime.date | None,
    last: datetime.date,
    extra: Sequence[str] = (),
    detail_from: datetime.date | None = None,
    extra_from: datetime.date | None = None,
    unread: Collection[str] = (),
) -> dict:
    """{day: values of COLUMNS (+ extra)} of the entries from `lo` (None: the first) to `last`, in one query.

    Also the diary's first entry, whatever its date (the day counts start there), and, when `lo` leaves days out,
    the latest entry up to `last` (the flags say how long ago it was). So the answer may hold a day after `last`.
    The columns of COLUMNS other than COURSE are only meaningful from `detail_from` on, and `extra` from
    `extra_from` on: before, the COSTLY ones hold None (see `_from_day`). The `extra` in `unread` hold None in every
    row: nothing asked for them (the goals' columns that no goal counts).
    """
    entries = DailyEntry.objects.filter(patient=access.patient)
    first = Subquery(entries.order_by("date").values("date")[:1])
    if lo is None:
        wanted = Q(date__lte=last) | Q(date=first)
    else:
        latest = Subquery(entries.filter(date__lte=last).order_by("-date").values("date")[:1])
        wanted = Q(date__gte=lo, date__lte=last) | Q(date=first) | Q(date=latest)
    shown = health_data.shown_columns(access, COLUMNS)
    shown_extra = [name for name in health_data.shown_columns(access, extra) if name not in unread]
    columns = [*_from_day(detail_from, COLUMNS, shown), *_from_day(extra_from, extra, shown_extra)]
    return {row[0]: row[1:] for row in entries.filter(wanted).order_by().values_list("date", *columns)}


def _from_day(since: datetime.date | None, names: Sequence[str], shown: Sequence[str]) -> list:
    """`names` for values_list, the COSTLY ones read from the day `since` on only (None before; None: every day), and
    those not `shown` to the reader (diary.reading.health_data) never read at all: None in every row.

    Without a treatment start the insight reads a whole diary, three years of it, for its pain and function; the
    other columns are only used for the days shown (and the few before them that flags and goal weeks look at).
    Left NULL in the database, the lists and decimals of the days before cost nothing to decode: decoding them was
    most of the time of an answer about 30 days. Still one query. The small numbers and codes are read as they are:
    a CASE would cost more than it saves.
    """
    field = DailyEntry._meta.get_field
    return [
        Value(None, output_field=field(name))
        if name not in shown
        else Case(When(date__gte=since, then=F(name)), output_field=field(name))
        if since is not None and name in COSTLY
        else name
        for name in names
    ]


def check_range(first: datetime.date, last: datetime.date) -> None:
    if first > last:
        raise ValidationError({"from": [_("The start date must be on or before the end date.")]})
    if (last - first).days >= MAX_DAYS:
        raise ValidationError({"from": [_("Choose a range of at most ten years.")]})


def period_of(
    patient: Patient,
    given: Sequence[str],
    rows: Rows,
    checkins: Sequence[tuple[datetime.date, int]],
    *,
    first: datetime.date,
    last: datetime.date,
) -> dict:
    """The trends answer of docs/API.md for `first`..`last`, with the period's `figures` and its `weeks`. No queries.

    `given` are the columns the reader was given (diary.reading.health_data.shown_columns). `rows` holds the patient's
    entries up to `last` from at least the baseline and three weeks before `last`, and the diary's first entry, with the
    columns but COURSE known at least from `first` on; `checkins` are (date, total), oldest first. The insight looks at
    the whole course up to `last`, from its baseline (the treatment start, else the first logged day), so that it says
    the same whichever part of the course the chart shows.
    """
    upto = {day: row for day, row in rows.items() if day <= last}
    diary_start = min(rows, default=None)
    baseline_start = patient.treatment_start or min(upto, default=first)
    # avg7 on the first day shown looks back six days, the insight starts at the baseline, the flags look back.
    days = trends.calendar(min(first - WEEK, baseline_start, last - LOOKBACK), last)
    course = {name: trends.aligned(days, {day: row[i] for day, row in upto.items()}) for i, name in enumerate(COURSE)}
    averages = {name: trends.avg7(course[name]) for name in COURSE}
    insight = trends.insight(
        days,
        course["pain"],
        course["function"],
        treatment_start=patient.treatment_start,
        pain_avg7=averages["pain"],
        function_avg7=averages["function"],
    )
    # Said under this chart: a day of improvement before its first day is not named (Trends over 4 weeks).
    insight = trends.in_view(insight, days, course["function"], first)
    shown = slice(days.index(first), None)
    dates = days[shown]
    in_view = {day: row for day, row in upto.items() if day >= first}
    columns = {name: course[name][shown] for name in COURSE}
    for i, name in enumerate(COLUMNS):
        if name not in columns:
            columns[name] = trends.aligned(dates, {day: row[i] for day, row in in_view.items()})
    columns["sleep_hours"] = [None if hours is None else float(hours) for hours in columns["sleep_hours"]]
    visible = {name: columns[name] for name in COLUMNS if name in given}

    answer = {"from": first, "to": last, "dates": [day.isoformat() for day in dates], **visible}
    answer["pain_avg7"] = trends.rounded(averages["pain"][shown])
    answer["function_avg7"] = trends.rounded(averages["function"][shown])
    answer["checkins"] = [
        {"date": day, "total": total, "band": FunctionBand.for_total(total)}
        for day, total in checkins
        if first <= day <= last
    ]
    answer["insight"] = words.insight_dict(insight)
    answer["figures"] = figures.period(dates, visible, diary_start=diary_start)
    answer["weeks"] = figures.weeks(dates, visible, diary_start=diary_start)
    return answer


def goal_weeks(
    specs: Sequence[goals.GoalSpec], rows: Rows, *, first: datetime.date, last: datetime.date, at: int
) -> list[dict]:
    """Each active goal's weeks over `first`..`last` and the weeks met (diary.rules.goals.weeks, the arithmetic of the
    progress endpoint and Today's bar). `rows` hold GOAL_EXTRA from index `at` on, when there are goals, from
    `goal_weeks_from` on; no queries."""
    if not specs:
        return []
    exercise, school = COLUMNS.index("exercise_minutes"), COLUMNS.index("school")
    since = goal_weeks_from(specs, first)
    days = {
        day: goals.Day(row[exercise], row[school], row[at], row[at + 1]) for day, row in rows.items() if day >= since
    }
    return [words.goal_weeks_in_words(goals.weeks(goal, days, first, last)) for goal in specs]


def _uncounted(specs: Sequence[goals.GoalSpec]) -> set[str]:
    """Of GOAL_EXTRA, the lists no active goal counts: left unread (a list decoded for each day of three years)."""
    return set(GOAL_EXTRA) - goals.counted_fields(specs)


def goal_weeks_from(specs: Sequence[goals.GoalSpec], first: datetime.date) -> datetime.date:
    """The first day that goal weeks from `first` on count: the Monday of the earliest goal's first week."""
    return min(goals.first_week(goal, first) for goal in specs)


def trends_for(access, *, date_from=None, date_to=None):
    """The trends answer of docs/API.md for the days `date_from`..`date_to` (default: first entry..today)."""
    patient = access.patient
    last = date_to or patient.today()
    lo = None
    if patient.treatment_start and date_from:
        lo = min(patient.treatment_start, date_from - WEEK, last - LOOKBACK)
    specs = active_goals(patient)
    # Without date_from the days shown start at the first entry: every column of every day is read. A goal counts
    # from the week it was set: a three-year chart reads the goals' columns of a few weeks, or none without goals.
    extra = GOAL_EXTRA if specs else ()
    detail_from = None
    # Goals count from the week they were set, whatever the first day shown (the first entry, before the query).
    extra_from = specs and goal_weeks_from(specs, datetime.date.min)
    if date_from:
        extra_from = specs and goal_weeks_from(specs, date_from)
        detail_from = min(date_from, extra_from) if specs else date_from  # a goal's week counts its exercise too
    rows = _entry_rows(
        access, lo=lo, last=last, extra=extra, detail_from=detail_from, extra_from=extra_from, unread=_uncounted(specs)
    )
    first = date_from or min((day for day in rows if day <= last), default=last)
    check_range(first, last)
    answer = period_of(
        patient,
        health_data.shown_columns(access, COLUMNS),
        rows,
        _checkins(patient, first, last),
        first=first,
        last=last,
    )
    answer["goals"] = goal_weeks(specs, rows, first=first, last=last, at=len(COLUMNS))
    items, logged = plan_data.plan_reading(access, first, last)
    until = plan_data.counted_until(patient, last)
    improved = answer["insight"]["function_improved_on"]
    answer.update(
        plan_data.trend_weeks(
            items, logged, first=first, last=last, until=until, columns=answer, function_improved_on=improved
        )
    )
    return answer


def _checkins(patient, first, last):
    totals = FunctionCheckin.objects.filter(patient=patient, date__range=(first, last)).order_by("date")
    return list(totals.values_list("date", "total"))


def default_summary_start(patient, date_to=None):
    """Since the treatment start, else the 12 weeks that end on `date_to` (default: the patient's today)."""
    last = date_to or patient.today()
    start = patient.treatment_start
    if start and start <= last:
        return start
    return last - datetime.timedelta(days=SUMMARY_DAYS - 1)


def flags_as_of(rows: Rows, last: datetime.date, *, sees_mood: bool, plan_recent=None) -> list[dict]:
    """The dashboard's flags (diary.rules.attention) as they stood on `last`, each `{code, message}`. `plan_recent` is
    the plan's adherence in the two whole weeks before `last`'s week (None without a plan)."""
    upto = [day for day in rows if day <= last]
    since = last - LOOKBACK
    function, mood = COLUMNS.index("function"), COLUMNS.index("mood")
    recent = {day: (rows[day][function], rows[day][mood]) for day in upto if day >= since}
    review = attention.review(
        last,
        max(upto, default=None),
        recent,
        sees_mood=sees_mood,
        diary_start=min(rows, default=None),
        plan_recent=plan_recent,
    )
    return words.flag_messages(review["flag_facts"])


def patient_facts(access: Access) -> dict:
    """Who the summary is about: `{display_name, birth_date, age, record_number}`, the age in whole years on the
    patient's today, and the reader's clinic's record number where it has one."""
    patient = access.patient
    return {
        "display_name": patient.display_name,
        "birth_date": patient.birth_date,
        "age": age_on(patient.birth_date, patient.today()),
        "record_number": access.record_number or None,
    }


def summary_for(access, *, date_from=None, date_to=None):
    """The summary of docs/API.md: the trends of the period reduced to a page of numbers, the flags as of its last day,
    and the most frequent codes."""
    return summary_with_days(access, date_from=date_from, date_to=date_to)[0]


CHART_COLUMNS = ("dates", "pain", "function", "pain_avg7", "function_avg7")  # what the printed summary's chart draws


def summary_with_days(access, *, date_from=None, date_to=None) -> tuple[dict, dict]:
    """The summary of `summary_for`, and the period's days as the Trends page has them for the same period: `{dates,
    pain, function, pain_avg7, function_avg7}` (one value per day), from the same computation (the printed summary's
    chart)."""
    patient = access.patient
    last = date_to or patient.today()
    first = date_from or default_summary_start(patient, last)
    check_range(first, last)
    # Without a treatment start the baseline is the first logged week: every entry up to `last` is read, its
    # other columns from the first goal week or the flags' three weeks on.
    lo = min(patient.treatment_start, first - WEEK, last - LOOKBACK) if patient.treatment_start else None
    specs = active_goals(patient)
    detail_from = min(goals.week_start(first), last - LOOKBACK)
    reads_notes = "note" in health_data.shown_columns(access, NOTES)
    extra = CODES + (GOAL_EXTRA if specs else ()) + (NOTES if reads_notes else ())
    rows = _entry_rows(
        access, lo=lo, last=last, extra=extra, detail_from=detail_from, extra_from=detail_from, unread=_uncounted(specs)
    )
    period = period_of(
        patient,
        health_data.shown_columns(access, COLUMNS),
        rows,
        _checkins(patient, first, last),
        first=first,
        last=last,
    )
    in_period = {day: row for day, row in rows.items() if first <= day <= last}
    note_at = len(COLUMNS) + extra.index("note") if reads_notes else None
    plan_answer, plan_recent = plan_data.plan_summary(access, first=first, last=last)
    answer = summary.summary(
        period,
        [row[len(COLUMNS)] for row in in_period.values()],
        [row[len(COLUMNS) + 1] for row in in_period.values()],
        patient=patient_facts(access),
        flags=flags_as_of(rows, last, sees_mood=access.sees_mood, plan_recent=plan_recent),
        # Never a private note, whoever reads (docs/API.md, Corrections 1.2): not even its writer, on this page.
        notes=[(day, row[note_at]) for day, row in in_period.items() if note_at is not None and not row[note_at + 1]],
        plan=plan_answer,
    )
    answer["goals"] = goal_weeks(specs, rows, first=first, last=last, at=len(COLUMNS) + len(CODES))
    return answer, {name: period.get(name, []) for name in CHART_COLUMNS}
