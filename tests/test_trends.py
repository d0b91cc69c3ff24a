"""The function-first insight, tested by numbers and by properties. Pure module: no database.

Its message is checked as the API says it in English: diary.reading.words puts the insight's sentences in words."""

import re
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.reading.words import insight_dict
from diary.reading.words import insight_message as said
from diary.rules import trends
from diary.rules.trends import Window, aligned, avg7, calendar, insight, rounded

START = date(2025, 3, 1)  # index i of a course is March (1 + i)


def day(i, start=START):
    return start + timedelta(i)


def course(pain, function, start=START, treatment_start=None):
    """The insight for a hand-built course: one value (or None) per day from `start`."""
    assert len(pain) == len(function)
    days = calendar(start, day(len(pain) - 1, start))
    return insight(days, pain, function, treatment_start=treatment_start)


def steps(*parts):
    """A column from (value, number of days) parts, e.g. steps((3, 7), (5, 20))."""
    return [value for value, length in parts for _ in range(length)]


# --- calendar, aligned, avg7, rounded ---------------------------------------------------------------------------


def test_calendar_includes_both_ends_and_crosses_months():
    assert calendar(date(2025, 2, 27), date(2025, 3, 2)) == [date(2025, 2, d) for d in (27, 28)] + [
        date(2025, 3, 1),
        date(2025, 3, 2),
    ]
    assert calendar(START, START) == [START]
    assert calendar(START, day(-1)) == []


def test_aligned_puts_none_on_days_without_a_value():
    days = calendar(START, day(3))
    assert aligned(days, {day(0): 4, day(2): 0, day(9): 7}) == [4, None, 0, None]


def test_avg7_needs_four_logged_days_at_the_start_of_a_course():
    assert avg7([1, 2, 3, 4]) == [None, None, None, Fraction(10, 4)]


def test_avg7_four_of_seven_logged_gives_a_mean_three_does_not():
    assert avg7([None, 2, None, 4, None, 6, 8])[-1] == 5
    assert avg7([None, 2, None, 4, None, 6, None])[-1] is None


def test_avg7_worked_example():
    values = [4, 5, None, 6, 7, 8, None, 9, 3]
    # day 4: (4+5+6+7)/4; day 6: days 0..6 -> 30/5; day 7: days 1..7 -> 35/5; day 8: days 2..8 -> 33/5
    assert avg7(values) == [None, None, None, None, Fraction(22, 4), 6, 6, 7, Fraction(33, 5)]
    assert rounded(avg7(values)) == [None, None, None, None, 5.5, 6.0, 6.0, 7.0, 6.6]


def test_rounded_gives_two_decimals():
    assert rounded([Fraction(10, 3), Fraction(2, 3), None, 4]) == [3.33, 0.67, None, 4.0]


# --- statuses ---------------------------------------------------------------------------------------------------


def test_thirteen_logged_days_is_not_enough():
    result = course([6] * 13, [3] * 13)
    assert result.status == trends.NOT_ENOUGH_DATA
    assert result.baseline == Window(START, day(6), Fraction(6), Fraction(3))
    assert result.function_improved_on is None and result.pain_improved_on is None
    assert said(result) == "After 1 more day of logging, this chart will show how function and pain are changing."


def test_missed_days_do_not_count_towards_fourteen():
    pain = [6, None] * 10  # 20 days, 10 logged
    result = course(pain, pain)
    assert result.status == trends.NOT_ENOUGH_DATA
    assert "After 4 more days of logging" in said(result)


def test_no_days_at_all():
    result = insight([], [], [])
    assert result.status == trends.NOT_ENOUGH_DATA and result.baseline is None and result.recent is None
    assert "After 14 more days" in said(result)


def test_no_baseline_when_the_treatment_week_has_three_logged_days():
    pain = [6] * 10 + [6, None, 6, None, None, 6, None] + [6] * 13  # 16 logged days from the treatment start
    result = course(pain, pain, treatment_start=day(10))
    assert result.status == trends.NOT_ENOUGH_DATA and result.baseline is None
    assert said(result) == (
        "The first week from the treatment start (March 11) has 3 logged days, "
        "and the chart needs at least 4 to set a starting point for function and pain."
    )


def test_no_baseline_when_treatment_starts_after_the_end():
    result = course([6] * 30, [3] * 30, treatment_start=date(2025, 4, 2))
    assert result.status == trends.NOT_ENOUGH_DATA and result.baseline is None
    assert result.recent == Window(day(23), day(29), Fraction(6), Fraction(3))
    assert "April 2" in said(result) and "after the last day shown" in said(result)


def test_a_treatment_week_still_going_on_asks_for_more_days():
    result = course([6] * 30, [3] * 30, treatment_start=day(27))
    assert result.status == trends.NOT_ENOUGH_DATA and result.baseline is None
    assert "After 11 more days of logging" in said(result)


def test_function_first_with_exact_dates():
    # function steps to baseline + 2 on day 7, pain to baseline - 2 on day 42; each average is fully there 6 days on
    result = course(steps((6, 42), (4, 18)), steps((3, 7), (5, 53)))
    assert result.status == trends.FUNCTION_FIRST
    assert result.baseline == Window(START, day(6), Fraction(6), Fraction(3))
    assert result.function_improved_on == day(13) == date(2025, 3, 14)
    assert result.pain_improved_on == day(48) == date(2025, 4, 18)
    assert said(result) == (
        "Function started getting better on March 14, and pain started to ease about 5 weeks later, on April 18. "
        "This is the usual path: function often improves first."
    )


def test_exactly_seven_days_apart_is_function_first():
    result = course(steps((6, 14), (4, 16)), steps((3, 7), (5, 23)))
    assert (result.function_improved_on, result.pain_improved_on) == (day(13), day(20))
    assert result.status == trends.FUNCTION_FIRST
    assert "7 days later, on March 21" in said(result)


def test_six_days_apart_is_together():
    result = course(steps((6, 13), (4, 17)), steps((3, 7), (5, 23)))
    assert (result.function_improved_on, result.pain_improved_on) == (day(13), day(19))
    assert result.status == trends.TOGETHER


def test_three_days_apart_is_together():
    result = course(steps((6, 10), (4, 20)), steps((3, 7), (5, 23)))
    assert (result.function_improved_on, result.pain_improved_on) == (day(13), day(16))
    assert result.status == trends.TOGETHER
    assert "on March 14 and pain started to ease on March 17, close together." in said(result)


def test_same_day_is_together():
    result = course(steps((6, 7), (4, 23)), steps((3, 7), (5, 23)))
    assert result.status == trends.TOGETHER
    assert "on the same day, March 14." in said(result)


def test_pain_first():
    result = course(steps((6, 7), (4, 33)), steps((3, 21), (5, 19)))
    assert (result.pain_improved_on, result.function_improved_on) == (day(13), day(27))
    assert result.status == trends.PAIN_FIRST
    assert said(result).startswith("Pain started to ease on March 14, and function started getting better about 2")


def test_function_improving_says_this_is_the_usual_path():
    result = course([6] * 30, steps((3, 7), (5, 23)))
    assert result.status == trends.FUNCTION_IMPROVING
    assert result.function_improved_on == day(13) and result.pain_improved_on is None
    assert said(result) == (
        "Function started getting better on March 14, and pain has not eased yet. "
        "This is the usual path: pain often eases weeks or months later."
    )


def test_pain_improving():
    result = course(steps((6, 7), (4, 23)), [3] * 30)
    assert result.status == trends.PAIN_IMPROVING
    assert result.pain_improved_on == day(13) and result.function_improved_on is None
    assert "March 14" in said(result)


def test_no_change_yet():
    result = course([6] * 30, [3] * 30)
    assert result.status == trends.NO_CHANGE_YET
    assert result.recent == Window(day(23), day(29), Fraction(6), Fraction(3))
    assert "not changed much yet" in said(result)


# --- edges ------------------------------------------------------------------------------------------------------


def test_a_missing_stretch_inside_the_run_moves_the_date_later():
    gap = [None] * 4  # days 14..17: averages on days 17..20 have only 3 logged days, so they are None
    pain = [6] * 14 + gap + [6] * 12
    function = [3] * 7 + [5] * 7 + gap + [5] * 12
    assert avg7(function)[16] == 5 and avg7(function)[17] is None and avg7(function)[21] == 5
    result = course(pain, function)
    assert result.function_improved_on == day(21)  # would be day 13 without the gap


def test_a_flare_inside_the_run_moves_the_date_later():
    function = steps((3, 7), (5, 9), (1, 1), (5, 13))  # flare on day 16 pulls days 16..22 below 5
    result = course([6] * 30, function)
    assert result.function_improved_on == day(23)


def test_ceiling_function_cannot_improve_by_two():
    result = course([6] * 30, steps((9, 7), (10, 23)))
    assert result.status == trends.NO_CHANGE_YET
    assert said(result) == (
        "Function was already near the top at the start, and pain has not eased yet. "
        "Every logged day helps show any change."
    )
    result = course(steps((6, 7), (4, 23)), steps((9, 7), (10, 23)))
    assert result.status == trends.PAIN_IMPROVING
    assert said(result) == "Pain started to ease on March 14, and function was already near the top at the start."


def test_treatment_start_in_the_middle_sets_the_baseline_week():
    pain = steps((8, 10), (6, 30))
    function = steps((1, 10), (3, 7), (5, 23))
    result = course(pain, function, treatment_start=day(10))
    assert result.baseline == Window(day(10), day(16), Fraction(6), Fraction(3))
    assert result.function_improved_on == day(23)
    assert result.status == trends.FUNCTION_IMPROVING
    assert course(pain, function).function_improved_on == day(16)  # against the first week (function 1) instead


def test_without_a_treatment_start_the_baseline_starts_on_the_first_logged_day():
    result = course([None] * 5 + [6] * 25, [None] * 5 + steps((3, 7), (5, 18)))
    assert result.baseline == Window(day(5), day(11), Fraction(6), Fraction(3))
    assert result.function_improved_on == day(18)


def test_a_treatment_start_before_the_course_counts_earlier_days_as_not_logged():
    result = course([6] * 30, [3] * 30, start=day(2), treatment_start=START)  # the week has 5 days in the course
    assert result.baseline == Window(START, day(6), Fraction(6), Fraction(3))
    result = course([6] * 30, [3] * 30, start=day(10), treatment_start=START)  # the caller broke the contract
    assert result.baseline is None and "has 0 logged days" in said(result)


def test_days_before_the_treatment_start_do_not_count_towards_fourteen():
    result = course([6] * 22, [3] * 22, treatment_start=day(10))
    assert result.status == trends.NOT_ENOUGH_DATA
    assert "After 2 more days" in said(result)


def test_exactly_at_the_threshold_counts():
    # baseline means 10/3 and 19/3 (one missed day a week); later weeks average exactly 16/3 and 13/3
    function = [3, 3, 4, 3, 3, 4, None] + [5, 5, 6, 5, 5, 6, None] * 3
    pain = [6, 6, 7, 6, 6, 7, None] + [4, 4, 5, 4, 4, 5, None] * 3
    result = course(pain, function)
    assert result.baseline.function == Fraction(10, 3) and result.baseline.pain == Fraction(19, 3)
    # day 12 averages days 6..12: the missed day 6 and one full later week, so exactly 16/3 and 13/3
    assert avg7(function)[12] == Fraction(16, 3) and avg7(function)[11] < Fraction(16, 3)
    assert result.function_improved_on == day(12) and result.pain_improved_on == day(12)
    assert result.baseline.as_dict() == {"from": "2025-03-01", "to": "2025-03-07", "pain": 6.33, "function": 3.33}


def test_just_short_of_the_threshold_does_not_count():
    function = [3, 3, 4, 3, 3, 4, None] + [5, 5, 5, 5, 5, 6, None] * 3
    assert course(function, function).function_improved_on is None


def test_the_run_must_fit_before_the_end():
    function = steps((3, 7), (5, 13))
    assert course([6] * 20, function).function_improved_on == day(13)
    assert course([6] * 19, function[:19]).function_improved_on is None


def test_as_dict_shape():
    result = course([6] * 30, steps((3, 7), (5, 23)))
    assert insight_dict(result) == {
        "status": "function_improving",
        "baseline": {"from": "2025-03-01", "to": "2025-03-07", "pain": 6.0, "function": 3.0},
        "recent": {"from": "2025-03-24", "to": "2025-03-30", "pain": 6.0, "function": 5.0},
        "function_improved_on": "2025-03-14",
        "pain_improved_on": None,
        "message": said(result),
    }


def test_dates_show_the_year_when_it_differs_from_the_range_end():
    start = date(2024, 12, 1)
    result = course(steps((6, 7), (4, 33)), steps((3, 21), (5, 19)), start=start)
    assert result.pain_improved_on == date(2024, 12, 14) and result.function_improved_on == date(2024, 12, 28)
    assert "December 14, 2024" in said(result) and "December 28, 2024" in said(result)
    assert "February 1, 2025" in said(course([6] * 30, [3] * 30, start=start, treatment_start=date(2025, 2, 1)))
    result = course([6] * 40, steps((3, 7), (5, 33)), start=date(2024, 12, 20))
    assert result.function_improved_on == date(2025, 1, 2) and "on January 2, and" in said(result)


@pytest.mark.parametrize(
    "pain, function, treatment_start",
    [
        ([6] * 13, [3] * 13, None),
        ([6] * 30, [3] * 30, day(10)),
        ([6] * 30, [3] * 30, day(40)),
        ([6, None, None, None, None, 6, 6] + [6] * 20, [3, None, None, None, None, 3, 3] + [3] * 20, None),
        (steps((6, 42), (4, 18)), steps((3, 7), (5, 53)), None),
        (steps((6, 7), (4, 33)), steps((3, 21), (5, 19)), None),
        (steps((6, 10), (4, 20)), steps((3, 7), (5, 23)), None),
        ([6] * 30, steps((3, 7), (5, 23)), None),
        ([1] * 30, steps((3, 7), (5, 23)), None),
        (steps((6, 7), (4, 23)), [3] * 30, None),
        ([6] * 30, [3] * 30, None),
        ([1] * 30, [10] * 30, None),
    ],
)
def test_every_message_is_plain_and_ends_with_a_period(pain, function, treatment_start):
    message = said(course(pain, function, treatment_start=treatment_start))
    assert not re.search(r"\byou", message, re.IGNORECASE)
    assert message.endswith(".") and message[0].isupper()
    assert "function" in message.lower() or "pain" in message.lower()
    assert len(message) < 200


def test_lengths_must_match():
    with pytest.raises(ValueError):
        insight([START], [1], [])


# --- properties -------------------------------------------------------------------------------------------------

values = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def courses(draw):
    """Courses that look like diaries: stretches at one level, some missed days, maybe a treatment start."""
    parts = draw(
        st.lists(st.tuples(st.integers(1, 30), st.integers(0, 10), st.integers(0, 10)), min_size=1, max_size=6)
    )
    pain = [p for length, p, _ in parts for _ in range(length)][:120]
    function = [f for length, _, f in parts for _ in range(length)][:120]
    for i in draw(st.lists(st.integers(0, len(pain) - 1), max_size=len(pain) // 2)):
        pain[i] = function[i] = None
    offset = draw(st.one_of(st.none(), st.integers(-3, len(pain) + 3)))
    return pain, function, None if offset is None else day(offset)


@settings(max_examples=150, deadline=None)
@given(st.lists(values, max_size=60), st.lists(values, max_size=30))
def test_appending_days_never_changes_earlier_averages(before, after):
    assert avg7(before + after)[: len(before)] == avg7(before)


@settings(max_examples=150, deadline=None)
@given(st.lists(values, max_size=60))
def test_every_average_lies_within_its_window(column):
    for i, mean in enumerate(avg7(column)):
        logged = [v for v in column[max(0, i - 6) : i + 1] if v is not None]
        assert (mean is None) == (len(logged) < 4)
        if mean is not None:
            assert min(logged) <= mean <= max(logged)


def starts_run(avgs, j, ok):
    return j + 7 <= len(avgs) and all(a is not None and ok(a) for a in avgs[j : j + 7])


@settings(max_examples=150, deadline=None)
@given(courses())
def test_improvement_dates_are_the_first_seven_day_runs(case):
    pain, function, treatment_start = case
    result = course(pain, function, treatment_start=treatment_start)
    if result.status == trends.NOT_ENOUGH_DATA:
        return
    after = (result.baseline.last - START).days + 1
    # Worked out again on Fractions, against the core's cross-multiplied whole numbers.
    function_start, pain_start = (mean and mean.fraction() for mean in (result.baseline.function, result.baseline.pain))
    checks = [
        (result.function_improved_on, avg7(function), lambda a: a.fraction() >= function_start + 2),
        (result.pain_improved_on, avg7(pain), lambda a: a.fraction() <= pain_start - 2),
    ]
    for improved_on, avgs, ok in checks:
        first = next((j for j in range(after, len(avgs)) if starts_run(avgs, j, ok)), None)
        assert improved_on == (None if first is None else day(first))


@settings(max_examples=150, deadline=None)
@given(courses())
def test_status_agrees_with_the_dates_and_the_fourteen_day_rule(case):
    pain, function, treatment_start = case
    result = course(pain, function, treatment_start=treatment_start)
    logged = [i for i, v in enumerate(pain) if v is not None]
    first = (treatment_start - START).days if treatment_start else (logged[0] if logged else 0)
    has_baseline = first < len(pain) and len([i for i in logged if first <= i < first + 7]) >= 4
    assert (result.baseline is not None) == has_baseline
    enough = has_baseline and len([i for i in logged if i >= first]) >= 14
    f_on, p_on = result.function_improved_on, result.pain_improved_on
    if not enough:
        assert result.status == trends.NOT_ENOUGH_DATA and f_on is None and p_on is None
    elif f_on and p_on:
        gap = (p_on - f_on).days
        expected = trends.FUNCTION_FIRST if gap >= 7 else trends.PAIN_FIRST if gap <= -7 else trends.TOGETHER
        assert result.status == expected
    else:
        expected = {(True, False): trends.FUNCTION_IMPROVING, (False, True): trends.PAIN_IMPROVING}
        assert result.status == expected.get((bool(f_on), bool(p_on)), trends.NO_CHANGE_YET)
    assert not re.search(r"\byou", said(result), re.IGNORECASE) and said(result).endswith(".")
    if result.baseline is not None:
        assert result.baseline.first == (treatment_start or day(logged[0]))


# --- declines are said plainly (docs/API.md, care-team summary additions) -------------------------------------------


@pytest.mark.parametrize("fall", [1, 2])
def test_a_priya_like_fall_in_function_is_said_plainly(fall):
    # Four weeks at function 3 with pain steady at 7, then two weeks `fall` points lower.
    result = course([7] * 42, steps((3, 28), (3 - fall, 14)))
    assert result.status == trends.NO_CHANGE_YET
    assert result.recent.function == 3 - fall and result.baseline.function == 3
    assert "not changed" not in said(result)
    assert said(result).startswith(f"Function is lower than in the first week: {3 - fall}.0 out of 10")
    assert "down from 3.0" in said(result) and "care team" in said(result)


def test_a_small_fall_is_a_little_lower_and_a_tiny_one_still_not_no_change():
    result = course([7] * 30, steps((3, 23), (2, 1), (3, 6)))  # one day of 2 in the last week: 2.86 against 3
    assert said(result).startswith("Function is a little lower than in the first week: 2.9 out of 10")
    # 20/6 = 3.33 against 23/7 = 3.29: both 3.3 at one decimal, and still lower.
    tiny = course([7] * 30, [3, 3, 3, 4, 4, 3, None] + [3] * 16 + [3, 3, 3, 4, 4, 3, 3])
    assert (tiny.baseline.as_dict()["function"], tiny.recent.as_dict()["function"]) == (3.33, 3.29)
    assert said(tiny).startswith("Function is a little lower in the last 7 days than in the first week.")


def test_function_that_improved_and_fell_back_is_said_to_have_dropped():
    result = course([7] * 49, steps((3, 7), (6, 28), (2, 14)))
    assert result.status == trends.FUNCTION_IMPROVING and result.function_improved_on == day(11)
    assert said(result).startswith("Function got better from March 12, but has dropped again.")
    assert "lower than in the first week: 2.0 out of 10" in said(result)


def test_a_fall_before_fourteen_days_is_said_with_the_wait():
    result = course([7] * 12, steps((5, 6), (3, 6)))
    assert result.status == trends.NOT_ENOUGH_DATA
    assert said(result).startswith("Function is lower than in the first week")
    assert "more days of logging" in said(result)


def test_nothing_logged_lately_is_not_called_no_change():
    result = course([7] * 20 + [None] * 9, [3] * 20 + [None] * 9)
    assert result.status == trends.NO_CHANGE_YET and result.recent is None
    assert "not changed" not in said(result) and "fewer than 4 logged days" in said(result)


def test_pain_that_rose_is_not_called_no_change():
    result = course(steps((5, 7), (7, 23)), [3] * 30)
    assert result.status == trends.NO_CHANGE_YET
    assert "pain is higher than in the first week" in said(result) and "not changed much yet" in said(result)
    assert not said(result).startswith("Function and pain have not changed")


@settings(max_examples=200, deadline=None)
@given(courses())
def test_the_message_never_contradicts_the_numbers_beside_it(case):
    pain, function, treatment_start = case
    result = course(pain, function, treatment_start=treatment_start)
    before = result.baseline and result.baseline.as_dict()["function"]
    now = result.recent and result.recent.as_dict()["function"]
    if before is not None and now is not None and now < before:  # what the summary's table shows
        assert "lower" in said(result) and "not changed" not in said(result)
    if result.recent is None or result.recent.function is None:
        assert "Function and pain have not changed" not in said(result)
