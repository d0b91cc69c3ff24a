"""One patient's trends as column arrays: one query per table, then the pure arithmetic of diary.trends."""

import datetime

from django.core.exceptions import ValidationError

from accounts.models import Share
from diary import summary, trends
from diary.models import DailyEntry, FunctionCheckin
from diary.vocabularies import FunctionBand

COLUMNS = ("pain", "function", "sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school")
MAX_DAYS = 3661  # ten years and a leap day: more than any course of treatment, few enough to draw
WEEK = datetime.timedelta(days=6)
SUMMARY_DAYS = 84  # without a treatment start, the summary covers the last 12 weeks


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
    averages = {name: trends.avg7(columns[name]) for name in ("pain", "function")}
    insight = trends.insight(
        days,
        columns["pain"],
        columns["function"],
        treatment_start=patient.treatment_start,
        pain_avg7=averages["pain"],
        function_avg7=averages["function"],
    )
    shown = slice(days.index(first), None)

    answer = {"from": first, "to": last, "dates": [day.isoformat() for day in days[shown]]}
    for name in COLUMNS:
        if name != "mood" or Share.MOOD in access.sees:
            answer[name] = columns[name][shown]
    answer["sleep_hours"] = [None if hours is None else float(hours) for hours in answer["sleep_hours"]]
    answer["pain_avg7"] = trends.rounded(averages["pain"][shown])
    answer["function_avg7"] = trends.rounded(averages["function"][shown])
    answer["checkins"] = _checkins(patient, first, last)
    answer["insight"] = insight.as_dict()
    return answer


def _checkins(patient, first, last):
    totals = FunctionCheckin.objects.filter(patient=patient, date__range=(first, last)).order_by("date")
    return [
        {"date": day, "total": total, "band": FunctionBand.for_total(total)}
        for day, total in totals.values_list("date", "total")
    ]


def default_summary_start(patient, date_to=None):
    """Since the treatment start, else the 12 weeks that end on `date_to` (default: the patient's today)."""
    last = date_to or patient.today()
    start = patient.treatment_start
    if start and start <= last:
        return start
    return last - datetime.timedelta(days=SUMMARY_DAYS - 1)


def summary_for(access, *, date_from=None, date_to=None):
    """The summary of API.md: the trends of the period reduced to a page of numbers, plus frequent codes."""
    date_from = date_from or default_summary_start(access.patient, date_to)
    period = trends_for(access, date_from=date_from, date_to=date_to)
    codes = DailyEntry.objects.filter(patient=access.patient, date__range=(period["from"], period["to"]))
    rows = list(codes.values_list("symptoms", "pain_locations"))
    return summary.summary(period, [row[0] for row in rows], [row[1] for row in rows])
