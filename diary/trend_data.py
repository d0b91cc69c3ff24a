"""One patient's trends as column arrays: one query per table, then the pure arithmetic of diary.trends."""

import datetime

from django.core.exceptions import ValidationError

from accounts.models import Share
from diary import trends
from diary.models import DailyEntry, FunctionCheckin
from diary.vocabularies import FunctionBand

COLUMNS = ("pain", "function", "sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school")
MAX_DAYS = 3661  # ten years and a leap day: more than any course of treatment, few enough to draw
WEEK = datetime.timedelta(days=6)


def trends_for(access, *, date_from=None, date_to=None):
    """The trends answer of API.md for the days `date_from`..`date_to` (default: first entry..today).

    The insight looks at the whole course up to `date_to`, from its baseline (the treatment start, else the
    first logged day), so that it says the same whichever part of the course the chart shows.
    """
    patient = access.patient
    last = date_to or patient.today()
    entries = DailyEntry.objects.filter(patient=patient, date__lte=last).order_by("date")
    if patient.treatment_start and date_from:
        entries = entries.filter(date__gte=min(patient.treatment_start, date_from - WEEK))
    rows = {row[0]: row[1:] for row in entries.values_list("date", *COLUMNS)}
    first = date_from or min(rows, default=last)
    if first > last:
        raise ValidationError({"from": ["The start date must be on or before the end date."]})
    if (last - first).days >= MAX_DAYS:
        raise ValidationError({"from": ["Choose a range of at most ten years."]})

    # avg7 on the first day shown looks back six days, and the insight starts at the baseline.
    baseline_start = patient.treatment_start or min(rows, default=first)
    days = trends.calendar(min(first - WEEK, baseline_start), last)
    columns = {name: trends.aligned(days, {day: row[i] for day, row in rows.items()}) for i, name in enumerate(COLUMNS)}
    insight = trends.insight(days, columns["pain"], columns["function"], treatment_start=patient.treatment_start)
    shown = slice(days.index(first), None)

    answer = {"from": first, "to": last, "dates": [day.isoformat() for day in days[shown]]}
    for name in COLUMNS:
        if name != "mood" or Share.MOOD in access.sees:
            answer[name] = columns[name][shown]
    answer["sleep_hours"] = [None if hours is None else float(hours) for hours in answer["sleep_hours"]]
    answer["pain_avg7"] = trends.rounded(trends.avg7(columns["pain"])[shown])
    answer["function_avg7"] = trends.rounded(trends.avg7(columns["function"])[shown])
    answer["checkins"] = _checkins(patient, first, last)
    answer["insight"] = insight.as_dict()
    return answer


def _checkins(patient, first, last):
    totals = FunctionCheckin.objects.filter(patient=patient, date__range=(first, last)).order_by("date")
    return [
        {"date": day, "total": total, "band": FunctionBand.for_total(total)}
        for day, total in totals.values_list("date", "total")
    ]
