"""The figures every page shares (diary/figures.py), by numbers and by properties. Pure module: no database."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.rules import figures
from diary.rules.trends import calendar

START = date(2026, 1, 5)


def days(n, start=START):
    return calendar(start, start + timedelta(n - 1))


def columns(function, **others):
    n = len(function)
    base = {name: [None] * n for name in ("pain", "sleep_hours", "sleep_quality", "fatigue", "exercise_minutes")}
    base["school"] = [None] * n
    return {**base, "function": function, **others}


def test_a_three_day_old_diary_is_not_three_percent_logged():
    # A 91-day range whose diary began three days ago: 3 of 3 days, not 3 of 91.
    dates = days(91)
    logged = [None] * 88 + [5, 6, 7]
    result = figures.logging(dates, logged, diary_start=dates[88])
    assert result == {"counted_from": dates[88], "days_in_period": 3, "days_logged": 3, "adherence": 1.0}


def test_a_diary_older_than_the_period_counts_every_day_of_it():
    dates = days(28)
    logged = [5, None] * 14
    result = figures.logging(dates, logged, diary_start=START - timedelta(days=100))
    assert result == {"counted_from": START, "days_in_period": 28, "days_logged": 14, "adherence": 0.5}


def test_no_entries_at_all_counts_the_whole_period_and_a_period_before_the_diary_counts_none():
    dates = days(14)
    assert figures.logging(dates, [None] * 14, diary_start=None)["days_in_period"] == 14
    before = figures.logging(dates, [None] * 14, diary_start=START + timedelta(days=30))
    assert before == {"counted_from": None, "days_in_period": 0, "days_logged": 0, "adherence": None}
    assert figures.logging([], [], diary_start=None)["adherence"] is None


def test_period_figures_by_hand():
    dates = days(7)
    result = figures.period(
        dates,
        columns(
            [4, 5, None, 6, 6, None, 7],
            sleep_hours=[8.0, 7.5, None, 7.0, None, None, 6.5],
            sleep_quality=[3, 3, None, 4, 4, None, 4],
            mood=[2, 3, None, 3, 4, None, 4],
            exercise_minutes=[30, 0, None, 45, None, None, 15],
            school=["full", "partial", None, "missed", "none", None, "full"],
        ),
        diary_start=START,
    )
    assert (result["days_in_period"], result["days_logged"], result["adherence"]) == (7, 5, 0.71)
    assert result["sleep_hours"] == {"mean": 7.25}
    assert result["sleep_quality"] == {"mean": 3.6}
    assert result["mood"] == {"mean": 3.2}
    # 90 minutes logged over the 7 days counted: 90 a week (the days with nothing logged add nothing).
    assert result["exercise_minutes_per_week"] == 90
    # Four school days: 1 + 0.5 + 0 + 1 = 2.5, over 4.
    assert result["school"] == {"days_scheduled": 4, "attendance": 0.62, "full": 2, "partial": 1, "missed": 1}


def test_mood_only_when_the_columns_have_it():
    result = figures.period(days(3), columns([5, 5, 5]), diary_start=START)
    assert "mood" not in result


def test_weeks_end_on_the_last_day_and_use_the_same_rules():
    dates = days(10)
    cols = columns(list(range(10)), exercise_minutes=[10] * 10)
    weeks = figures.weeks(dates, cols, diary_start=START)
    assert [(week["from"], week["to"]) for week in weeks] == [(dates[0], dates[2]), (dates[3], dates[9])]
    assert weeks[0]["days_logged"] == 3 and weeks[0]["function"] == 1.0
    assert weeks[1]["function"] == 6.0
    assert weeks[1]["exercise_minutes_per_week"] == figures.minutes_per_week([10] * 7, 7) == 70
    # The short oldest week: 30 minutes over its 3 days, 70 a week.
    assert weeks[0]["exercise_minutes_per_week"] == 70


def test_exercise_per_week_is_the_minutes_logged_over_the_weeks_of_the_period():
    # docs/API.md, Corrections 1.2: 20 minutes on one day of 14 is 10 a week, never 140 (the mean of the days with
    # exercise logged, times seven, as it was).
    dates = days(14)
    result = figures.period(dates, columns([5] * 14, exercise_minutes=[20] + [None] * 13), diary_start=START)
    assert result["exercise_minutes_per_week"] == 10
    # One of two days logged, with 20 minutes: 70 a week over those two days (the diary began on the first).
    two = figures.period(days(2), columns([5, None], exercise_minutes=[20, None]), diary_start=START)
    assert two["exercise_minutes_per_week"] == 70
    # The days before the diary's first logged day are not counted: 20 minutes on the last of 14 days is 140 a
    # week for a diary one day old.
    late = figures.period(dates, columns([None] * 13 + [5], exercise_minutes=[None] * 13 + [20]), diary_start=dates[13])
    assert late["exercise_minutes_per_week"] == 140
    # No exercise logged at all says nothing (None), which is not 0; a logged 0 is 0.
    assert figures.minutes_per_week([None] * 14, 14) is None
    assert figures.minutes_per_week([0, None], 14) == 0
    assert figures.minutes_per_week([30], 0) is None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 1440)), min_size=1, max_size=120))
def test_exercise_per_week_times_the_weeks_gives_back_the_minutes_logged(minutes):
    per_week = figures.minutes_per_week(minutes, len(minutes))
    logged = [m for m in minutes if m is not None]
    if not logged:
        assert per_week is None
        return
    # Rounded to whole minutes a week: within half a minute a week of the exact sum over the weeks.
    assert abs(per_week - sum(logged) * 7 / len(minutes)) <= 0.5
    # Never more than the mean of the logged days times seven (the old figure), which treated gaps as unknown.
    assert per_week <= round(sum(logged) / len(logged) * 7) + 0.5


def test_one_decimal_rounds_as_javascripts_to_fixed():
    # toFixed(1) rounds the exact binary value half up: 2.15 is 2.1499..., 2.25 is exact, 2.85 is 2.8500...1.
    assert [figures.one_decimal(v) for v in (2.15, 2.25, 2.85, -1.25, 3, None)] == [
        "2.1",
        "2.3",
        "2.9",
        "-1.3",
        "3.0",
        "–",
    ]


values = st.one_of(st.none(), st.integers(0, 10))


@settings(max_examples=150, deadline=None)
@given(st.lists(values, min_size=1, max_size=120), st.integers(-20, 140))
def test_adherence_is_a_share_of_the_days_counted(logged, start_offset):
    dates = days(len(logged))
    # The diary starts on its first logged day: there is nothing before it.
    first = next((i for i, v in enumerate(logged) if v is not None), None)
    diary_start = START + timedelta(days=first if first is not None else start_offset)
    if first is None and start_offset < len(logged):
        diary_start = None
    result = figures.logging(dates, logged, diary_start=diary_start)
    assert result["days_logged"] == sum(v is not None for v in logged)
    assert 0 <= result["days_logged"] <= result["days_in_period"] <= len(logged)
    if result["days_in_period"]:
        assert 0 <= result["adherence"] <= 1
        assert result["counted_from"] == max(START, diary_start or START)
    if first is not None:
        assert result["days_in_period"] == len(logged) - first


@settings(max_examples=100, deadline=None)
@given(st.lists(values, min_size=1, max_size=60))
def test_weeks_cover_the_period_once(function):
    dates = days(len(function))
    weeks = figures.weeks(dates, columns(function), diary_start=None)
    assert weeks[0]["from"] == dates[0] and weeks[-1]["to"] == dates[-1]
    assert sum(week["days_logged"] for week in weeks) == sum(v is not None for v in function)
    assert all((week["to"] - week["from"]).days == 6 for week in weeks[1:])
