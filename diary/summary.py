"""The numbers of the care team's summary, from the same columns as the trends. Pure Python, no Django."""

from collections import Counter

SCHOOL_CREDIT = {"full": 1.0, "partial": 0.5, "missed": 0.0}  # API.md: full counts 1, partial 0.5


def _round(value):
    return None if value is None else round(float(value), 2)


def _mean(values):
    logged = [float(value) for value in values if value is not None]
    return sum(logged) / len(logged) if logged else None


def mean(values):
    """The mean of the logged values, None when nothing was logged."""
    return _round(_mean(values))


def change(window_from, window_to, name):
    """`{baseline, recent, change}` of one measure from the insight's two windows (each may be None)."""
    baseline = window_from and window_from[name]
    recent = window_to and window_to[name]
    difference = None if baseline is None or recent is None else _round(recent - baseline)
    return {"baseline": baseline, "recent": recent, "change": difference}


def school(column):
    """Days with school logged, and attendance over them: full 1, partial 0.5, missed 0."""
    scheduled = [SCHOOL_CREDIT[value] for value in column if value in SCHOOL_CREDIT]
    attendance = _round(sum(scheduled) / len(scheduled)) if scheduled else None
    return {"days_scheduled": len(scheduled), "attendance": attendance}


def minutes_per_week(column):
    """Mean minutes on the days exercise was logged, times seven: unlogged days are unknown, not zero."""
    per_day = _mean(column)
    return None if per_day is None else round(per_day * 7)


def checkins(points):
    """First and latest check-in of the period (oldest first in `points`), the change and the latest band."""
    if not points:
        return {"first": None, "latest": None, "change": None, "band": None}
    first, latest = points[0], points[-1]
    return {
        "first": {"date": first["date"], "total": first["total"]},
        "latest": {"date": latest["date"], "total": latest["total"]},
        "change": latest["total"] - first["total"],
        "band": latest["band"],
    }


def most_frequent(code_lists, limit=5):
    """The codes logged on the most days, most first (ties by code), as `[{code, days}]`."""
    counts = Counter(code for codes in code_lists for code in set(codes))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"code": code, "days": days} for code, days in ranked]


def summary(trends, symptoms, pain_locations):
    """API.md's summary from a trends answer for the same period, plus the most frequent codes."""
    days = len(trends["dates"])
    logged = sum(value is not None for value in trends["function"])
    insight = trends["insight"]
    answer = {
        "from": trends["from"],
        "to": trends["to"],
        "days_in_period": days,
        "days_logged": logged,
        "adherence": _round(logged / days) if days else None,
        "pain": change(insight["baseline"], insight["recent"], "pain"),
        "function": change(insight["baseline"], insight["recent"], "function"),
        "sleep_hours": {"mean": mean(trends["sleep_hours"])},
        "exercise_minutes_per_week": minutes_per_week(trends["exercise_minutes"]),
        "school": school(trends["school"]),
        "checkins": checkins(trends["checkins"]),
        "insight": insight,
        "symptoms": most_frequent(symptoms),
        "pain_locations": most_frequent(pain_locations),
    }
    if "mood" in trends:
        answer["mood"] = {"mean": mean(trends["mood"])}
    return answer
