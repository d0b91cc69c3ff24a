"""Reads from the diary, scoped to one patient."""

from diary.models import DailyEntry


def entries_for(patient, *, date_from=None, date_to=None):
    entries = DailyEntry.objects.filter(patient=patient).select_related("entered_by").order_by("-date")
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    return entries


def entry_on(patient, day):
    return DailyEntry.objects.select_related("entered_by").filter(patient=patient, date=day).first()
