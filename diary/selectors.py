"""Reads from the diary, scoped to the patients the caller was given."""

import datetime

from django.db.models import Max

from diary.models import DailyEntry, FunctionCheckin


def entries_for(patient, *, date_from=None, date_to=None):
    entries = DailyEntry.objects.filter(patient=patient).select_related("entered_by").order_by("-date")
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    return entries


def checkins_for(patient, *, date_from=None, date_to=None):
    checkins = FunctionCheckin.objects.filter(patient=patient).select_related("entered_by").order_by("-date")
    if date_from:
        checkins = checkins.filter(date__gte=date_from)
    if date_to:
        checkins = checkins.filter(date__lte=date_to)
    return checkins


def latest_checkin(patient):
    return FunctionCheckin.objects.filter(patient=patient).order_by("-date").first()


def entry_on(patient, day):
    return DailyEntry.objects.select_related("entered_by").filter(patient=patient, date=day).first()


def logging_status(patients, days=14):
    """{patient id: (last entry date or None, days logged in the last `days` days)} in two queries."""
    by_id = {patient.pk: patient for patient in patients}
    if not by_id:
        return {}
    last = dict(
        DailyEntry.objects.filter(patient__in=by_id)
        .values("patient")
        .annotate(last=Max("date"))
        .values_list("patient", "last")
    )
    earliest_cutoff = min(p.today() for p in by_id.values())
    recent = DailyEntry.objects.filter(patient__in=by_id, date__gt=earliest_cutoff - datetime.timedelta(days=days))
    counts = dict.fromkeys(by_id, 0)
    for patient_id, day in recent.values_list("patient", "date"):
        patient = by_id[patient_id]
        if patient.today() - datetime.timedelta(days=days) < day <= patient.today():
            counts[patient_id] += 1
    return {pk: (last.get(pk), counts[pk]) for pk in by_id}
