"""diary.rules.goals: a week's progress, the weeks met and the kind streaks, by numbers and by properties."""

import datetime
import re

from hypothesis import given
from hypothesis import strategies as st

from diary.reading import words
from diary.rules import goals
from diary.rules.goals import Day, GoalSpec

MONDAY = datetime.date(2026, 3, 2)
EXERCISE = GoalSpec(id=1, measure="exercise_minutes", target=150, title="Exercise")
SCHOOL = GoalSpec(id=2, measure="school_days", target=5, title="School")
THERAPY = GoalSpec(id=3, measure="therapy_days", target=3, title="Treatment")
LOGGED = GoalSpec(id=4, measure="logged_days", target=6, title="Log")
PHYSIO = GoalSpec(id=5, measure="custom", target=5, title="Physio exercises")
ALL = (EXERCISE, SCHOOL, THERAPY, LOGGED, PHYSIO)


def day(n):
    return MONDAY + datetime.timedelta(days=n)


WEEK = {
    day(0): Day(30, "full", ["physical_therapy"], [5]),
    day(1): Day(45, "partial", [], [5, 9]),
    day(2): Day(None, "missed", ["psychology", "home_exercise"], []),
    day(3): Day(0, "none", [], [9]),
    day(5): Day(80, None, ["home_exercise"], [5]),
    day(7): Day(100, "full", ["home_exercise"], [5]),  # next Monday: another week
}


def test_a_week_is_counted_by_its_measure():
    values = {goal.measure: goals.progress(goal, WEEK, day(3))["value"] for goal in ALL}
    assert values == {
        "exercise_minutes": 155,  # 30 + 45 + 80: a day without minutes adds nothing
        "school_days": 2,  # full and partial; missed and no school are not school days
        "therapy_days": 3,
        "logged_days": 5,
        "custom": 3,  # the days whose goals_done holds the goal's id
    }


def test_progress_answers_api_md_for_the_monday_to_sunday_week_of_any_day():
    for n in range(7):
        row = goals.progress(EXERCISE, WEEK, day(n))
        assert row == {
            "goal": 1,
            "week_start": MONDAY,
            "week_end": day(6),
            "value": 155,
            "target": 150,
            "met": True,
        }
    assert goals.progress(EXERCISE, WEEK, day(7))["week_start"] == day(7)
    assert goals.progress(SCHOOL, WEEK, day(0))["met"] is False


def test_weeks_met_count_a_week_still_going_only_once_it_is_met():
    days = {day(n): Day(exercise_minutes=40) for n in range(0, 18)}  # 280 a week, then 4 days (160) so far
    shown = goals.weeks(EXERCISE, days, day(0), day(17))
    assert [(w["value"], w["met"], w["over"]) for w in shown["weeks"]] == [
        (280, True, True),
        (280, True, True),
        (160, True, False),
    ]
    assert (shown["weeks_met"], shown["weeks_counted"]) == (3, 3)
    slow = goals.weeks(GoalSpec(id=1, measure="exercise_minutes", target=300), days, day(0), day(17))
    assert (slow["weeks_met"], slow["weeks_counted"]) == (0, 2)  # the week still going is not a week not met


def test_weeks_start_from_the_week_the_goal_was_set():
    later = GoalSpec(id=1, measure="logged_days", target=1, since=day(9))
    shown = goals.weeks(later, {day(n): Day() for n in range(21)}, day(0), day(20))
    assert [w["week_start"] for w in shown["weeks"]] == [day(7), day(14)]


def test_the_part_week_a_goal_was_set_in_counts_only_when_met():
    sunday_start = GoalSpec(id=1, measure="logged_days", target=3, since=day(6))  # set on a Sunday
    days = {day(n): Day() for n in range(6, 14)}
    shown = goals.weeks(sunday_start, days, day(0), day(13))
    assert [(w["value"], w["met"]) for w in shown["weeks"]] == [(1, False), (7, True)]
    assert (shown["weeks_met"], shown["weeks_counted"]) == (1, 1)


def test_weeks_in_a_row_never_break_on_a_week_still_going():
    days = {day(n): Day(exercise_minutes=50) for n in range(21)}  # three weeks of 350
    days[day(21)] = Day(exercise_minutes=20)  # Monday of the fourth week: 20 so far
    assert goals.weeks_in_a_row(EXERCISE, days, day(21)) == 3
    days[day(22)] = Day(exercise_minutes=200)
    assert goals.weeks_in_a_row(EXERCISE, days, day(22)) == 4


def test_logged_recently_and_the_words():
    logged = [day(n) for n in (0, 1, 2, 4, 5, 6)]
    assert goals.logged_recently(logged, day(6)) == 6
    assert words.logging_message(6) == "6 of the last 7 days logged"
    assert words.logging_message(7) == "Every one of the last 7 days logged!"
    assert words.logging_message(0) is None
    assert words.streak_message(3) == "3 weeks in a row"
    assert words.streak_message(1) is None
    assert words.progress_message("custom", 3, 4, over=False) == "3 of 4 days so far: one more to go."
    minutes = words.progress_message("exercise_minutes", 120, 150, over=False)
    assert minutes == "120 of 150 minutes so far: 30 more to go."
    assert words.progress_message("school_days", 5, 5, over=False) == "Goal reached: 5 days!"
    assert words.progress_message("school_days", 2, 5, over=True) == "2 of 5 days that week. Every one counts."
    assert words.weeks_message(6, 10) == "Reached in 6 of 10 weeks."


BLAME = re.compile(r"\b(fail|failed|missed|broke|broken|lost|only|should|behind|bad)\b", re.IGNORECASE)
days_strategy = st.dictionaries(
    st.integers(min_value=0, max_value=60).map(day),
    st.builds(
        Day,
        st.one_of(st.none(), st.integers(min_value=0, max_value=1440)),
        st.sampled_from([None, "full", "partial", "missed", "none"]),
        st.lists(st.sampled_from(["physical_therapy", "psychology"]), unique=True),
        st.lists(st.sampled_from([5, 9]), unique=True),
    ),
)
goal_strategy = st.sampled_from(ALL)


@given(goal_strategy, days_strategy, st.integers(min_value=0, max_value=60).map(day))
def test_progress_is_bounded_and_met_means_reached(goal, days, when):
    row = goals.progress(goal, days, when)
    assert row["week_start"].weekday() == 0 and (row["week_end"] - row["week_start"]).days == 6
    assert row["week_start"] <= when <= row["week_end"]
    highest = 1440 * 7 if goal.measure == "exercise_minutes" else 7
    assert 0 <= row["value"] <= highest
    assert row["met"] == (row["value"] >= goal.target)


@given(goal_strategy, days_strategy, st.integers(min_value=0, max_value=60).map(day), st.integers(0, 60).map(day))
def test_logging_another_day_never_lowers_progress_or_a_streak(goal, days, when, extra):
    more = {**days, extra: days.get(extra, Day(exercise_minutes=30, school="full", therapies=["psychology"]))}
    if extra not in days:
        assert goals.progress(goal, more, when)["value"] >= goals.progress(goal, days, when)["value"]
        assert goals.weeks_in_a_row(goal, more, when) >= goals.weeks_in_a_row(goal, days, when)
        assert goals.logged_recently(more, when) >= goals.logged_recently(days, when)


@given(goal_strategy, days_strategy, st.integers(min_value=0, max_value=60).map(day), st.integers(0, 30).map(day))
def test_the_weeks_of_a_period_agree_with_progress_week_by_week(goal, days, last, first):
    """goals.weeks adds up all its weeks in one pass over the days; each equals `progress` of that week, from a first
    day in the middle of a week too."""
    shown = goals.weeks(goal, days, first, last)
    upto = {d: row for d, row in days.items() if d <= last}
    for week in shown["weeks"]:
        assert {k: week[k] for k in ("value", "met")} == {
            k: goals.progress(goal, upto, week["week_start"])[k] for k in ("value", "met")
        }
    assert 0 <= shown["weeks_met"] <= shown["weeks_counted"] <= len(shown["weeks"])


@given(goal_strategy, days_strategy, st.integers(min_value=0, max_value=60).map(day))
def test_streaks_count_what_was_done_and_the_words_never_blame(goal, days, today):
    answer = words.streaks_in_words(goals.streaks([goal], days, today))
    assert 0 <= answer["logged_last_7"] <= 7
    streak = answer["goals"][0]["weeks_in_a_row"]
    assert streak >= 0
    said = [answer["message"], answer["goals"][0]["message"]]
    row = goals.progress(goal, days, today)
    said.append(words.progress_message(goal.measure, row["value"], row["target"], over=False))
    said.append(words.progress_message(goal.measure, row["value"], row["target"], over=True))
    shown = goals.weeks(goal, days, day(0), today)
    said.append(words.weeks_message(shown["weeks_met"], shown["weeks_counted"]))
    for text in filter(None, said):
        assert not BLAME.search(text), text
        assert "pain" not in text.lower()
    # No zero is ever shown as a streak: nothing logged says nothing.
    assert (answer["message"] is None) == (answer["logged_last_7"] == 0)
