"""Function-first insight for a pain diary: 7-day averages, baseline, and which got better first.

Pure Python (no Django), so it can be tested by numbers. The functions work on a *course*: a list of
consecutive calendar days with one pain column and one function column (0-10 or None when not logged).
The caller builds the course so that it starts early enough for the 7-day lookback and ends on the last
day of the range being shown.

Every mean is a `Mean` of whole numbers (diary.rules.mean): means are compared by cross-multiplying, and turn into
floats only for output.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TypeVar

from diary.rules.figures import one_decimal
from diary.rules.mean import Mean, mean_of

T = TypeVar("T")
Value = int | None  # a score, 0-10, or a day without one

NOT_ENOUGH_DATA = "not_enough_data"
FUNCTION_FIRST = "function_first"
PAIN_FIRST = "pain_first"
TOGETHER = "together"
FUNCTION_IMPROVING = "function_improving"
PAIN_IMPROVING = "pain_improving"
NO_CHANGE_YET = "no_change_yet"

WEEK = 7  # days in an average, in the baseline, in recent, and in a "stays so" run
MIN_LOGGED = 4  # of the 7 days, for a mean to say anything
MIN_DAYS = 14  # logged days from the baseline start before any insight is shown
CHANGE = 2  # points on the 0-10 scale that count as a real change
TOP = Mean(10, 1)  # of the 0-10 scales


def calendar(first: date, last: date) -> list[date]:
    """Every day from first to last, both included (empty when last is before first)."""
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def aligned(days: Sequence[date], by_day: Mapping[date, T]) -> list[T | None]:
    """One column for the course: the value logged on each day, None on days without one."""
    return [by_day.get(day) for day in days]


def _mean(values: Sequence[Value]) -> Mean | None:
    """Exact mean of the logged values, or None when fewer than 4 were logged."""
    logged = [v for v in values if v is not None]
    if len(logged) < MIN_LOGGED:
        return None
    return mean_of(sum(logged), len(logged))


def avg7(values: Sequence[Value]) -> list[Mean | None]:
    """Per day, the exact mean of the values logged that day and the 6 before (None if fewer than 4 logged).

    Near the start of the course fewer than 7 days exist; days before the course count as not logged.
    """
    # A running sum keeps this linear: the trends of three years are computed on every page view.
    averages: list[Mean | None] = []
    total = count = 0
    for i, value in enumerate(values):
        if value is not None:
            total, count = total + value, count + 1
        leaving = values[i - WEEK] if i >= WEEK else None
        if leaving is not None:
            total, count = total - leaving, count - 1
        averages.append(mean_of(total, count) if count >= MIN_LOGGED else None)
    return averages


def rounded(values: Sequence[Mean | int | float | Fraction | None]) -> list[float | None]:
    """Output helper: floats rounded to 2 decimals, None kept."""
    return [None if v is None else v.two_places if isinstance(v, Mean) else round(float(v), 2) for v in values]


@dataclass(frozen=True)
class Window:
    """Means over 7 days (first..last). A column's mean is None when it has fewer than 4 values there."""

    first: date
    last: date
    pain: Mean | None
    function: Mean | None

    def as_dict(self) -> dict:
        """The API shape: ISO dates and means rounded to 2 decimals."""
        pain, function = rounded([self.pain, self.function])
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "pain": pain, "function": function}


@dataclass(frozen=True)
class SaidDay:
    """A day that a sentence names, with its year only when it differs from the year of the range's last day."""

    day: date
    with_year: bool


# One sentence of the insight's message: a code and its facts (numbers, SaidDay dates, yes/no). diary.reading.words says
# it in the reader's language, so that this module holds no words, as it holds no Django.
Sentence = tuple[str, dict]


@dataclass(frozen=True)
class Insight:
    """What the chart says: a status, the windows it compares, when each column improved, and the sentences of its
    message (diary.reading.words.insight_message puts them in words)."""

    status: str
    baseline: Window | None
    recent: Window | None
    function_improved_on: date | None
    pain_improved_on: date | None
    sentences: tuple[Sentence, ...]

    def as_dict(self) -> dict:
        """The API shape (ISO dates, nested windows) but for `message`, which diary.reading.words.insight_dict adds."""
        f_on, p_on = self.function_improved_on, self.pain_improved_on
        return {
            "status": self.status,
            "baseline": self.baseline.as_dict() if self.baseline else None,
            "recent": self.recent.as_dict() if self.recent else None,
            "function_improved_on": f_on.isoformat() if f_on else None,
            "pain_improved_on": p_on.isoformat() if p_on else None,
        }


def _window(days: Sequence[date], pain: Sequence[Value], function: Sequence[Value], start: int) -> Window | None:
    """The 7 days from course index `start` (which may reach outside the course); None if neither column has a mean."""
    lo, hi = max(0, start), max(0, start + WEEK)
    pain_mean, function_mean = _mean(pain[lo:hi]), _mean(function[lo:hi])
    if pain_mean is None and function_mean is None:
        return None
    first = days[0] + timedelta(start)
    return Window(first, first + timedelta(WEEK - 1), pain_mean, function_mean)


def _first_run(
    days: Sequence[date], avgs: Sequence[Mean | None], start: int, ok: Callable[[Mean], bool]
) -> date | None:
    """The first day from index `start` that begins 7 days in a row of averages passing `ok`."""
    run = 0
    for i in range(max(0, start), len(avgs)):
        average = avgs[i]
        run = run + 1 if average is not None and ok(average) else 0
        if run == WEEK:
            return days[i - WEEK + 1]
    return None


def insight(
    days: Sequence[date],
    pain: Sequence[Value],
    function: Sequence[Value],
    *,
    treatment_start: date | None = None,
    pain_avg7: Sequence[Mean | None] | None = None,
    function_avg7: Sequence[Mean | None] | None = None,
) -> Insight:
    """The function-first insight for a course that ends on the last day of the range.

    The baseline is the 7 days from treatment_start, else from the first logged day. When treatment_start
    is before the course's first day, the caller must start the course at or before treatment_start:
    days before the course are taken as not logged. A caller that already has `avg7` of the two columns
    passes them, so they are not worked out twice.
    """
    if not len(days) == len(pain) == len(function):
        raise ValueError("days, pain and function must have the same length")
    n = len(days)
    logged = [p is not None or f is not None for p, f in zip(pain, function, strict=True)]
    start: int | None
    if treatment_start is not None and n:
        start = (treatment_start - days[0]).days
    else:
        start = logged.index(True) if any(logged) else None
    baseline = _window(days, pain, function, start) if start is not None and start < n else None
    recent = _window(days, pain, function, n - WEEK) if n else None
    count = sum(logged[max(0, start) :]) if start is not None else 0
    if baseline is None or count < MIN_DAYS:
        sentences = _waiting(days, logged, start, count, treatment_start)
        if baseline is not None and recent is not None and function_fell(baseline, recent):
            # the table beside the message shows it, so the message says it too
            sentences = (_lower(baseline, recent), *sentences)
        return Insight(NOT_ENOUGH_DATA, baseline, recent, None, None, sentences)

    assert start is not None  # a baseline starts somewhere
    after = start + WEEK
    function_on = pain_on = None
    if (function_start := baseline.function) is not None:
        averages = avg7(function) if function_avg7 is None else function_avg7
        function_on = _first_run(days, averages, after, lambda a: a.at_least(function_start, CHANGE))
    if (pain_start := baseline.pain) is not None:
        averages = avg7(pain) if pain_avg7 is None else pain_avg7
        pain_on = _first_run(days, averages, after, lambda a: pain_start.at_least(a, CHANGE))
    status = _status(function_on, pain_on)
    sentences = _message(status, baseline, recent, function_on, pain_on, days[-1])
    return Insight(status, baseline, recent, function_on, pain_on, sentences)


def _status(function_on: date | None, pain_on: date | None) -> str:
    """Which improved, and which first: 7 or more days apart counts as first."""
    if function_on and pain_on:
        gap = (pain_on - function_on).days
        return FUNCTION_FIRST if gap >= WEEK else PAIN_FIRST if gap <= -WEEK else TOGETHER
    return FUNCTION_IMPROVING if function_on else PAIN_IMPROVING if pain_on else NO_CHANGE_YET


def _say(day: date, end: date) -> SaidDay:
    """A date in a sentence, with the year only when it differs from the range end's."""
    return SaidDay(day, day.year != end.year)


def _waiting(
    days: Sequence[date], logged: Sequence[bool], start: int | None, count: int, treatment_start: date | None
) -> tuple[Sentence, ...]:
    """Why there is no insight yet, and what would change that."""
    n = len(days)
    if start is not None and start >= n:
        assert treatment_start is not None  # only a treatment start can begin after the last day
        return (("after_range", {"day": _say(treatment_start, days[-1])}),)
    if start is not None:
        in_week = sum(logged[max(0, start) : max(0, start + WEEK)])
        days_left = max(0, start + WEEK - n)  # the first week may still be going on
        if in_week + days_left < MIN_LOGGED:
            since = "treatment_start" if treatment_start else "first_logged_day"
            first = _say(days[0] + timedelta(start), days[-1])
            return ((f"first_week_from_{since}", {"day": first, "logged": in_week, "needed": MIN_LOGGED}),)
    return (("more_days", {"more": max(1, MIN_DAYS - count)}),)


def function_fell(baseline: Window | None, recent: Window | None) -> bool:
    """Whether function's recent mean is lower than its baseline, as the API answers them (two decimals)."""
    if baseline is None or recent is None or baseline.function is None or recent.function is None:
        return False
    return recent.function.two_places < baseline.function.two_places


def _lower(baseline: Window, recent: Window) -> Sentence:
    """Function is lower than at the start, said plainly, with the two means as the summary's table shows them."""
    assert baseline.function is not None and recent.function is not None  # said only where function fell
    before, now = (one_decimal(value) for value in rounded([baseline.function, recent.function]))
    if before == now:  # lower by less than the table's last digit shows
        return ("a_little_lower_in_the_last_week", {})
    how = "lower" if baseline.function.at_least(recent.function, 1) else "a_little_lower"
    return (how, {"now": now, "before": before})


def _decline(
    baseline: Window, recent: Window, function_on: date | None, pain_on: date | None, end: date
) -> tuple[Sentence, ...]:
    """Function's recent mean is below its baseline: said plainly and kindly, whatever happened before."""
    sentences = []
    if function_on:
        sentences.append(("got_better_then_dropped", {"day": _say(function_on, end)}))
    sentences.append(_lower(baseline, recent))
    if pain_on:
        sentences.append(("pain_eased_on", {"day": _say(pain_on, end)}))
    elif _pain_rose(baseline, recent):
        sentences.append(("pain_higher_too", {}))
    sentences.append(("hard_weeks", {}))
    return tuple(sentences)


def _pain_rose(baseline: Window, recent: Window | None) -> bool:
    """Pain's recent mean is at least a point above its baseline."""
    if recent is None or baseline.pain is None or recent.pain is None:
        return False
    return recent.pain.at_least(baseline.pain, 1)


def _message(
    status: str, baseline: Window, recent: Window | None, function_on: date | None, pain_on: date | None, end: date
) -> tuple[Sentence, ...]:
    """One or two short sentences for a teen or a parent: encouraging, honest, no blame.

    Never contradicts the numbers beside it (docs/API.md): where function's recent mean is below its baseline the
    message says so, whatever the status, and "not changed" is said only where the last 7 days were logged.
    """
    if recent is not None and function_fell(baseline, recent):
        return _decline(baseline, recent, function_on, pain_on, end)
    f_day, p_day = (_say(d, end) if d else None for d in (function_on, pain_on))
    ceiling = baseline.function is not None and not TOP.at_least(baseline.function, CHANGE)
    floor = baseline.pain is not None and not baseline.pain.at_least(0, CHANGE)
    both: Sentence = ("both_right_way", {})
    if status == TOGETHER and function_on == pain_on:
        return (("together_same_day", {"day": f_day}), both)
    if status == TOGETHER:
        return (("together", {"function_day": f_day, "pain_day": p_day}), both)
    if status in (FUNCTION_FIRST, PAIN_FIRST):
        assert pain_on is not None and function_on is not None  # "first" needs both days
        gap = abs((pain_on - function_on).days)
        later = {"weeks": round(gap / WEEK)} if gap >= 2 * WEEK else {"days": gap}
        when = {"function_day": f_day, "pain_day": p_day, **later}
        if status == PAIN_FIRST:
            return (("pain_first", when), both)
        return (("function_first", when), ("usual_function_first", {}))
    if status == FUNCTION_IMPROVING:
        improving = ("function_improving", {"day": f_day, "pain_low_at_start": floor})
        return (improving,) if floor else (improving, ("usual_pain_later", {}))
    if status == PAIN_IMPROVING:
        improving = ("pain_improving", {"day": p_day, "function_near_top": ceiling})
        return (improving,) if ceiling else (improving, ("catch_up", {}))
    if recent is None or recent.function is None:
        return (("last_week_short", {"needed": MIN_LOGGED}), ("every_day_helps", {}))
    if _pain_rose(baseline, recent):
        return (("pain_higher", {"function_near_top": ceiling}), ("pain_worse_at_start", {}))
    if not (ceiling or floor):
        return (("no_change_yet", {}), ("change_takes_weeks", {}))
    return (("still", {"function_near_top": ceiling, "pain_low_at_start": floor}), ("every_day_helps_show", {}))


# --- the insight under a chart that starts later than the improvement it names ----------------------------------------

# The codes whose sentence names both columns' dates, and the order they name them in.
_BOTH_DATES = {
    "function_first": ("function", "pain"),
    "together": ("function", "pain"),
    "together_same_day": ("function", "pain"),
    "pain_first": ("pain", "function"),
}


def in_view(insight: Insight, days: Sequence[date], function: Sequence[Value], first: date) -> Insight:
    """The insight as said under a chart whose first day is `first` (Trends over 4 weeks, a Summary's period):
    it names the day function started getting better, or pain started to ease, only when that day is on the chart.
    An earlier one is said to have come before the weeks shown, with how function went within them (the mean of
    the first 7 days shown against the last 7). The status and the dates in the API stay as they are.

    `days` and `function` are the whole course the insight was made from; `first` is one of `days`.
    """
    f_on, p_on = insight.function_improved_on, insight.pain_improved_on
    if not ((f_on and f_on < first) or (p_on and p_on < first)):
        return insight
    lo = days.index(first)
    start_mean = _mean(function[lo : lo + WEEK])
    end_mean = insight.recent.function if insight.recent else None
    view = {"weeks": max(1, round((len(days) - lo) / WEEK))}
    on = {"function": f_on, "pain": p_on}

    def column(name: str) -> Sentence:
        day = on[name]
        assert day is not None  # asked only of a column whose day the insight names
        if day >= first:
            return (f"{name}_better_on", {"day": _say(day, days[-1])})
        if name == "pain":
            return ("pain_before_view", view)
        return _function_in_view(view, start_mean, end_mean)

    sentences: list[Sentence] = []
    for code, facts in insight.sentences:
        if code in _BOTH_DATES:
            sentences.extend(column(name) for name in _BOTH_DATES[code])
        elif code == "function_improving" and f_on is not None and f_on < first:
            sentences += [
                column("function"),
                ("pain_low_at_start" if facts["pain_low_at_start"] else "pain_not_yet", {}),
            ]
        elif code == "pain_improving" and p_on is not None and p_on < first:
            near_top = facts["function_near_top"]
            sentences += [column("pain"), ("function_near_top_at_start" if near_top else "function_not_much_yet", {})]
        elif code == "got_better_then_dropped" and f_on is not None and f_on < first:
            sentences.append(("got_better_before_view_then_dropped", view))
        elif code == "pain_eased_on" and p_on is not None and p_on < first:
            sentences.append(("pain_before_view", view))
        else:
            sentences.append((code, facts))
    return Insight(insight.status, insight.baseline, insight.recent, f_on, p_on, tuple(sentences))


def _function_in_view(view: dict, start: Mean | None, end: Mean | None) -> Sentence:
    """Function got better before the chart's weeks: how it went within them, up, down or holding (by a point)."""
    if start is None or end is None:
        return ("function_before_view", view)
    before, now = (one_decimal(value) for value in rounded([start, end]))
    how = "up" if end.at_least(start, 1) else "down" if start.at_least(end, 1) else "held"
    return (f"function_before_view_{how}", {**view, "before": before, "now": now})
