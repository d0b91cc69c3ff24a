"""The figures of a stretch of diary: days logged, adherence, means, exercise per week, school attendance.

Pure Python, no Django. Trends, the Summary, the dashboard, Clinic outcomes and their CSV all take their figures
from these functions, over columns with one slot per calendar day (None where nothing was logged), so that the
same question gets the same number on every page.

Day counts start at the diary's first logged day when that is later than the first day asked for (docs/API.md,
"Care-team summary additions"): a diary is never "3% logged" on its third day.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SCHOOL_CREDIT = {"full": 1.0, "partial": 0.5, "missed": 0.0}  # docs/API.md: full counts 1, partial 0.5
WEEK = 7
MEAN_COLUMNS = ("function", "pain", "sleep_hours", "sleep_quality", "mood", "fatigue")


def rounded(value: float | None, places: int = 2) -> float | None:
    """A figure as the API answers it: a float with two decimals (None kept)."""
    return None if value is None else round(float(value), places)


def one_decimal(value: float | None) -> str:
    """A figure as the pages show it: rounded to one decimal exactly as JavaScript's `toFixed(1)` rounds the same
    number (half up, on the number's exact binary value), so a sentence written here and a table cell written by
    the page never show the same figure two ways. None is shown as an en dash, as the pages do."""
    if value is None:
        return "\u2013"
    return str(Decimal(float(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _mean(values: Sequence) -> float | None:
    logged = [float(value) for value in values if value is not None]
    return sum(logged) / len(logged) if logged else None


def mean(values: Sequence) -> float | None:
    """The mean of the logged values (two decimals), None when nothing was logged."""
    return rounded(_mean(values))


def minutes_per_week(column: Sequence[int | None], days: int) -> int | None:
    """The minutes logged over `days` days, per week (docs/API.md, Corrections 1.2): their sum over `days / 7` weeks.

    A day with no exercise logged adds nothing, so 20 minutes on one day of 14 is 10 a week (never the 140 that
    the mean of the logged days times seven said). None when no exercise was logged in these days at all, or no
    day is counted: there is nothing to say then, which is not the same as 0.
    """
    logged = [minutes for minutes in column if minutes is not None]
    if not logged or days <= 0:
        return None
    return round(sum(logged) * WEEK / days)


def school(column: Sequence[str | None]) -> dict:
    """Days with school logged (full, partial or missed) and attendance over them: full 1, partial 0.5."""
    scheduled = [value for value in column if value in SCHOOL_CREDIT]
    credit = sum(SCHOOL_CREDIT[value] for value in scheduled)
    return {
        "days_scheduled": len(scheduled),
        "attendance": rounded(credit / len(scheduled)) if scheduled else None,
        "full": scheduled.count("full"),
        "partial": scheduled.count("partial"),
        "missed": scheduled.count("missed"),
    }


def counted_from(first: date, diary_start: date | None) -> date:
    """The first day counted: the later of the first day asked for and the diary's first logged day."""
    return first if diary_start is None else max(first, diary_start)


def logging(dates: Sequence[date], logged: Sequence[object], *, diary_start: date | None) -> dict:
    """`{counted_from, days_in_period, days_logged, adherence}` over `dates` (consecutive days).

    `logged` has one slot per day, None where nothing was logged. Days before the diary's first logged day are not
    counted; with no logged day at all (diary_start None) every day of the period is. A period that ends before
    the diary starts has no days to count: 0 days, and adherence None.
    """
    if not dates:
        return {"counted_from": None, "days_in_period": 0, "days_logged": 0, "adherence": None}
    start = counted_from(dates[0], diary_start)
    days = max(0, (dates[-1] - start).days + 1)
    count = sum(value is not None for day, value in zip(dates, logged, strict=True) if day >= start)
    return {
        "counted_from": start if days else None,
        "days_in_period": days,
        "days_logged": count,
        "adherence": rounded(count / days) if days else None,
    }


def period(dates: Sequence[date], columns: Mapping[str, Sequence], *, diary_start: date | None) -> dict:
    """Every figure of a period: logging, means (mood only when `columns` has it), exercise and school."""
    figures = logging(dates, columns["function"], diary_start=diary_start)
    figures["sleep_hours"] = {"mean": mean(columns["sleep_hours"])}
    figures["sleep_quality"] = {"mean": mean(columns["sleep_quality"])}
    if "mood" in columns:
        figures["mood"] = {"mean": mean(columns["mood"])}
    figures["exercise_minutes_per_week"] = minutes_per_week(columns["exercise_minutes"], figures["days_in_period"])
    figures["school"] = school(columns["school"])
    return figures


def weeks(dates: Sequence[date], columns: Mapping[str, Sequence], *, diary_start: date | None) -> list[dict]:
    """Week by week, oldest first, in weeks that end on the last day (so the newest week is a whole one; the
    oldest may be shorter): the days logged, the means, and exercise per week, by the same rules as `period`
    (a week's minutes over its days counted from the diary's first logged day)."""
    rows = []
    for end in range(len(dates) - 1, -1, -WEEK):
        start = max(0, end - WEEK + 1)
        part = {name: column[start : end + 1] for name, column in columns.items()}
        counted = logging(dates[start : end + 1], part["function"], diary_start=diary_start)["days_in_period"]
        row = {
            "from": dates[start],
            "to": dates[end],
            "days_logged": sum(value is not None for value in part["function"]),
        }
        for name in MEAN_COLUMNS:
            if name in part:
                row[name] = mean(part[name])
        row["exercise_minutes_per_week"] = minutes_per_week(part["exercise_minutes"], counted)
        rows.append(row)
    rows.reverse()
    return rows
