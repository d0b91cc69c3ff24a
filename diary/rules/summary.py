"""The care team's summary, from a trends answer of the same period. Pure Python, no Django.

Every figure comes from the trends answer (`figures`, computed by diary.rules.figures), so the Summary and the Trends
page show the same numbers for the same days.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence

from diary.rules.figures import rounded

NOTES_SHOWN = 10  # docs/API.md, Corrections 1.2: the period's notes, newest first, at most 10


def change(window_from: dict | None, window_to: dict | None, name: str) -> dict:
    """`{baseline, recent, change}` of one measure from the insight's two windows (each may be None)."""
    baseline = window_from[name] if window_from else None
    recent = window_to[name] if window_to else None
    difference = None if baseline is None or recent is None else rounded(recent - baseline)
    return {"baseline": baseline, "recent": recent, "change": difference}


def checkins(points: Sequence[dict]) -> dict:
    """First and latest check-in of the period (oldest first in `points`), the change and the latest band."""
    if not points:
        return {"first": None, "latest": None, "change": None, "band": None}
    first, latest = points[0], points[-1]
    return {
        "first": {"date": first["date"], "total": first["total"], "band": first["band"]},
        "latest": {"date": latest["date"], "total": latest["total"], "band": latest["band"]},
        "change": latest["total"] - first["total"],
        "band": latest["band"],
    }


def most_frequent(code_lists: Iterable[Sequence[str]], limit: int = 5) -> list[dict]:
    """The codes logged on the most days, most first (ties by code), as `[{code, days}]`."""
    counts = Counter(code for codes in code_lists for code in set(codes))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"code": code, "days": days} for code, days in ranked]


def latest_notes(notes: Iterable[tuple[datetime.date, str]], limit: int = NOTES_SHOWN) -> list[dict]:
    """`[{date, text}]`, newest first, at most `limit`, of the (date, text) notes given; blank ones left out.

    The caller gives only the notes the reader may read: never a private one (diary.reading.trend_data.summary_for)."""
    kept = sorted(((day, text) for day, text in notes if text and text.strip()), reverse=True)[:limit]
    return [{"date": day, "text": text} for day, text in kept]


def current(trends: dict) -> dict:
    """The latest logged day of the period: `{date, pain, function}`, each None when nothing was logged in it."""
    for day, pain, function in zip(
        reversed(trends["dates"]), reversed(trends["pain"]), reversed(trends["function"]), strict=True
    ):
        if function is not None:
            return {"date": datetime.date.fromisoformat(day), "pain": pain, "function": function}
    return {"date": None, "pain": None, "function": None}


def summary(
    trends: dict,
    symptoms: Iterable[Sequence[str]],
    pain_locations: Iterable[Sequence[str]],
    *,
    patient: dict | None = None,
    flags: Sequence[dict] = (),
    notes: Iterable[tuple[datetime.date, str]] = (),
    plan: dict | None = None,
) -> dict:
    """docs/API.md's summary from a trends answer for the same period, plus the patient, the flags, frequent codes and
    the treatment plan's part (diary.rules.plan.summary)."""
    figures = trends["figures"]
    insight = trends["insight"]
    answer = {
        "from": trends["from"],
        "to": trends["to"],
        "patient": patient,
        "counted_from": figures["counted_from"],
        "days_in_period": figures["days_in_period"],
        "days_logged": figures["days_logged"],
        "adherence": figures["adherence"],
        "pain": change(insight["baseline"], insight["recent"], "pain"),
        "function": change(insight["baseline"], insight["recent"], "function"),
        "sleep_hours": figures["sleep_hours"],
        "exercise_minutes_per_week": figures["exercise_minutes_per_week"],
        "school": figures["school"],
        "checkins": checkins(trends["checkins"]),
        "insight": insight,
        "flags": list(flags),
        "symptoms": most_frequent(symptoms),
        "pain_locations": most_frequent(pain_locations),
        "notes": latest_notes(notes),
        "current": current(trends),
        "plan": plan or {"adherence": None, "recent_weeks": [], "items": []},
    }
    if "mood" in figures:
        answer["mood"] = figures["mood"]
    return answer
