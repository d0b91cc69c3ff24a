"""Who needs the care team's attention first: plain rules over each patient's last three weeks.

Pure Python, no Django: the selector gives each patient's recent days, these functions say what they show. The
dashboard applies them as of the patient's today, the Summary as of the last day of its period.
"""

import datetime
import functools
from collections.abc import Mapping, Sequence

from diary.rules import figures, plan
from diary.rules.trends import avg7, calendar

NO_ENTRY_DAYS = 7  # flag: nothing logged for a week
FUNCTION_FALL = 2  # flag: function's 7-day average fell this much over two weeks
TREND_STEP = 1  # function's 7-day average moved at least this much over two weeks: up or down
LOW_MOOD = 2  # mood 1 or 2 of 5 is a low-mood day
LOW_MOOD_DAYS = 10  # flag: low mood on this many of the last 14 days
RECENT = 14
LOOKBACK = RECENT + 6  # the 7-day average 14 days ago needs the six days before it

NO_RECENT_ENTRY = "no_recent_entry"
FUNCTION_FELL = "function_fell"
LOW_MOOD_FLAG = "low_mood"
PLAN_LOW = "plan_low"
# What each flag means, for the API's schema and the pages' keys; the flags themselves say their exact counts.
RULES = {
    NO_RECENT_ENTRY: f"nothing logged for {NO_ENTRY_DAYS} days or more",
    FUNCTION_FELL: f"function's 7-day average down {FUNCTION_FALL} or more over 2 weeks",
    PLAN_LOW: f"treatment plan adherence below {float(plan.LOW):.0%} in each of the last {plan.LOW_WEEKS} whole weeks",
    LOW_MOOD_FLAG: f"mood 1 or 2 of 5 on {LOW_MOOD_DAYS} or more of the last {RECENT} days (only where mood is shared)",
}

FLAG_CODES = [(code, code) for code in RULES]  # the choices of a flag's code, for the API's schema


def function_trend(function):
    """ "up", "down" or "flat": today's 7-day average of function against the one two weeks earlier, with the two
    averages (None, None, None without four logged days in either week)."""
    averages = avg7(function)
    now, then = averages[-1], averages[-1 - RECENT]
    if now is None or then is None:
        return None, None, None
    trend = "up" if now.at_least(then, TREND_STEP) else "down" if then.at_least(now, TREND_STEP) else "flat"
    return trend, then, now


def review(
    today: datetime.date,
    last_entry: datetime.date | None,
    recent: Mapping[datetime.date, tuple],
    *,
    sees_mood: bool,
    diary_start: datetime.date | None = None,
    plan_recent: Sequence | None = None,
) -> dict:
    """What the dashboard shows of one patient, as of `today`.

    `recent` maps each logged day of the last three weeks to (function, mood); mood counts only when the viewer was
    given it. `diary_start` (the first logged day) makes a diary younger than two weeks count only its own days.
    `plan_recent` is the treatment plan's adherence in each of the last two whole weeks
    (diary.rules.plan.recent_adherence; None without a plan).
    """
    days = _looked_at(today)
    function = [recent[day][0] if day in recent else None for day in days]
    last_14 = days[-RECENT:]
    logging = figures.logging(last_14, [recent.get(day) for day in last_14], diary_start=diary_start)
    trend, then, now = function_trend(function)
    flags = []
    if last_entry is None or (today - last_entry).days >= NO_ENTRY_DAYS:
        flags.append(NO_RECENT_ENTRY)
    if trend is not None and then.at_least(now, FUNCTION_FALL):
        flags.append(FUNCTION_FELL)
    if plan_recent is not None and plan.plan_low(plan_recent):
        flags.append(PLAN_LOW)
    moods = [recent[day][1] for day in last_14 if day in recent]
    low_mood_days = sum(mood is not None and mood <= LOW_MOOD for mood in moods)
    if sees_mood and low_mood_days >= LOW_MOOD_DAYS:
        flags.append(LOW_MOOD_FLAG)
    facts = {
        "today": today,
        "last_entry": last_entry,
        "function_then": then,
        "function_now": now,
        "low_mood_days": low_mood_days,
        "plan_recent": plan_recent,
    }
    return {
        "last_entry": last_entry,
        "days_logged_14": logging["days_logged"],
        "days_counted_14": logging["days_in_period"],
        "adherence_14": logging["adherence"],
        "function_trend": trend,
        "flags": flags,
        "flag_facts": [{"code": code, "facts": flag_facts(code, **facts)} for code in flags],
    }


def flag_facts(
    code: str,
    *,
    today: datetime.date,
    last_entry: datetime.date | None,
    function_then=None,
    function_now=None,
    low_mood_days: int = 0,
    plan_recent: Sequence | None = None,
) -> dict:
    """What a flag says, with its exact count ("No entry for 9 days", not the rule's threshold): diary.reading.words
    puts it in words. `days` without an entry is None when nothing was ever logged."""
    if code == NO_RECENT_ENTRY:
        return {"days": None if last_entry is None else (today - last_entry).days}
    if code == FUNCTION_FELL:
        fall = figures.one_decimal(function_then.fraction() - function_now.fraction())
        # Each average as the API would answer it (two decimals), then as the pages show it (one).
        then, now = (figures.one_decimal(figures.rounded(value)) for value in (function_then, function_now))
        return {"fall": fall, "then": then, "now": now}
    if code == LOW_MOOD_FLAG:
        return {"days": low_mood_days, "of": RECENT}
    if code == PLAN_LOW:
        # Whole percents, as the pages show them: the two weeks, oldest first.
        return {"weeks": [round(float(value) * 100) for value in plan_recent or ()]}
    raise ValueError(f"unknown flag {code!r}")


@functools.lru_cache(maxsize=64)
def _looked_at(today: datetime.date) -> tuple[datetime.date, ...]:
    """The days `review` looks at, made once per date: a clinician's list of 200 asks for the same few."""
    return tuple(calendar(today - datetime.timedelta(days=LOOKBACK), today))


def attention_key(name, review):
    """Sort key: most flags first, then the longest without an entry, then by name."""
    return (-len(review["flags"]), review["last_entry"] or datetime.date.min, name.lower())
