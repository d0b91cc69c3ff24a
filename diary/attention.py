"""Who needs the care team's attention first: plain rules over each patient's last three weeks.

Pure Python, no Django: the selector gives each patient's recent days, these functions say what they show.
"""

import datetime

from diary.trends import avg7, calendar

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


def function_trend(function):
    """ "up", "down" or "flat": today's 7-day average of function against the one two weeks earlier."""
    averages = avg7(function)
    now, then = averages[-1], averages[-1 - RECENT]
    if now is None or then is None:
        return None, None
    change = now - then
    trend = "up" if change >= TREND_STEP else "down" if change <= -TREND_STEP else "flat"
    return trend, change


def review(today, last_entry, recent, *, sees_mood):
    """What the dashboard shows of one patient.

    `recent` maps each logged day of the last three weeks to (function, mood); mood counts only when the
    viewer was given it.
    """
    days = calendar(today - datetime.timedelta(days=LOOKBACK), today)
    function = [recent[day][0] if day in recent else None for day in days]
    last_14 = days[-RECENT:]
    logged_14 = sum(day in recent for day in last_14)
    trend, change = function_trend(function)
    flags = []
    if last_entry is None or (today - last_entry).days >= NO_ENTRY_DAYS:
        flags.append(NO_RECENT_ENTRY)
    if change is not None and change <= -FUNCTION_FALL:
        flags.append(FUNCTION_FELL)
    moods = [recent[day][1] for day in last_14 if day in recent]
    low_mood_days = sum(mood is not None and mood <= LOW_MOOD for mood in moods)
    if sees_mood and low_mood_days >= LOW_MOOD_DAYS:
        flags.append(LOW_MOOD_FLAG)
    return {
        "last_entry": last_entry,
        "days_logged_14": logged_14,
        "adherence_14": round(logged_14 / RECENT, 2),
        "function_trend": trend,
        "flags": flags,
    }


def attention_key(name, review):
    """Sort key: most flags first, then the longest without an entry, then by name."""
    return (-len(review["flags"]), review["last_entry"] or datetime.date.min, name.lower())
