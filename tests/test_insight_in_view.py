"""Trends over 4 weeks (or any chart that starts late) names the day function started getting better only when
that day is on the chart; otherwise it says function got better before the weeks shown, and how it went within
them (diary.rules.trends.in_view). Pure: no database. Said in English by diary.reading.words."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.reading.words import insight_message as said
from diary.rules import trends
from diary.rules.trends import calendar, in_view, insight

START = date(2025, 3, 1)


def day(i):
    return START + timedelta(i)


def steps(*parts):
    return [value for value, length in parts for _ in range(length)]


# Function 3 -> 5 from day 7 (better on March 14), then 5 -> 7 from day 67; pain 6 -> 4 from day 42 (April 18).
PAIN = steps((6, 42), (4, 46))
FUNCTION = steps((3, 7), (5, 60), (7, 21))
DAYS = calendar(START, day(len(PAIN) - 1))  # March 1 to May 27


def viewed(first_index, pain=PAIN, function=FUNCTION):
    whole = insight(DAYS, pain, function)
    return whole, in_view(whole, DAYS, function, day(first_index))


def test_the_whole_course_says_both_dates():
    whole, same = viewed(0)
    assert same == whole
    assert said(same) == (
        "Function started getting better on March 14, and pain started to ease about 5 weeks later, on April 18. "
        "This is the usual path: function often improves first."
    )


def test_four_weeks_that_start_after_both_dates_name_neither_and_say_how_function_went():
    whole, four_weeks = viewed(len(DAYS) - 28)  # April 30 to May 27
    assert (four_weeks.status, four_weeks.function_improved_on) == (whole.status, day(13))  # the API's facts stay
    message = said(four_weeks)
    assert "March 14" not in message and "April 18" not in message
    assert message == (
        "Function started getting better before these 4 weeks, and went on up over them, from 5.0 to 7.0 out of 10. "
        "Pain started to ease before these 4 weeks. This is the usual path: function often improves first."
    )


def test_a_chart_that_shows_pains_day_but_not_functions_names_only_pains():
    _, view = viewed(35)  # April 5 on: April 18 is on the chart, March 14 is not
    message = said(view)
    assert "March 14" not in message and "Pain started to ease on April 18." in message
    assert message.startswith("Function started getting better before these 8 weeks, and went on up over them")


def test_function_holding_within_the_weeks_is_said_as_such():
    function = steps((3, 7), (6, 81))
    _, view = viewed(len(DAYS) - 28, function=function, pain=[6] * len(DAYS))
    assert said(view) == (
        "Function started getting better before these 4 weeks, and held at about 6.0 out of 10 over them. "
        "Pain has not eased yet. This is the usual path: pain often eases weeks or months later."
    )


def test_function_going_down_within_the_weeks_is_said_plainly():
    function = steps((3, 7), (8, 60), (6, 21))  # better, then down a little, still above the first week
    _, view = viewed(len(DAYS) - 28, function=function, pain=[6] * len(DAYS))
    assert said(view).startswith(
        "Function started getting better before these 4 weeks, and went down over them, from 8.0 to 6.0 out of 10."
    )


@given(st.integers(min_value=0, max_value=len(DAYS) - 1))
def test_no_day_before_the_chart_is_ever_named(first_index):
    whole, view = viewed(first_index)
    first = day(first_index)
    for _code, facts in view.sentences:
        for value in facts.values():
            if isinstance(value, trends.SaidDay):
                assert value.day >= first
    assert view.status == whole.status


@pytest.mark.parametrize("first_index", [0, 13, 20])
def test_a_chart_that_shows_the_day_keeps_the_sentence(first_index):
    whole, view = viewed(first_index)
    assert ("March 14" in said(view)) == (first_index <= 13)
