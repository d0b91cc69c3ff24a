"""Reads for reminders. The worker's reads take a fixed number of queries per batch, however many are due."""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from diary.models import DailyEntry
from diary.reading import health_data
from diary.rules import plan
from reminders.models import PushSubscription, ReminderSent, ReminderSettings


def settings_for(patient) -> ReminderSettings | None:
    return ReminderSettings.objects.filter(patient=patient).first()


def due_reminders(*, now: datetime.datetime, limit: int) -> list[ReminderSettings]:
    """Up to `limit` reminders due at `now`, earliest first, with their person and diary (one query). On PostgreSQL
    the rows are locked and rows another worker holds are skipped, so two workers never take the same batch."""
    query = (
        ReminderSettings.objects.filter(enabled=True, next_due__lte=now)
        .select_related("user", "patient")
        .order_by("next_due", "pk")
        .select_for_update(skip_locked=True, of=("self",))
    )
    return list(query[:limit])


def abandoned_claims(*, claimed_before: datetime.datetime, due_since: datetime.datetime) -> QuerySet[ReminderSent]:
    """Reminders claimed before `claimed_before` and never sent (their sender died), due since `due_since`, oldest
    claim first."""
    return ReminderSent.objects.filter(
        sent_at__isnull=True, claimed_at__lt=claimed_before, due_at__gte=due_since
    ).order_by("claimed_at", "pk")


def claimed(*, claim: str) -> list[ReminderSent]:
    """The rows a batch holds, each with its diary's reminder settings and person, and `logged`: whether the day has
    an entry by now (one query)."""
    entry = DailyEntry.objects.filter(patient_id=OuterRef("patient_id"), date=OuterRef("day"))
    rows = ReminderSent.objects.filter(claim=claim).annotate(logged=Exists(entry))
    return list(rows.select_related("patient__reminder__user").order_by("pk"))


def logged_days(pairs: Iterable[tuple[int, datetime.date]]) -> set[tuple[int, datetime.date]]:
    """Which of the (patient id, day) pairs have an entry (one query)."""
    pairs = set(pairs)
    if not pairs:
        return set()
    patient_ids = {patient_id for patient_id, _ in pairs}
    days = {day for _, day in pairs}
    found = DailyEntry.objects.filter(patient_id__in=patient_ids, date__in=days).values_list("patient_id", "date")
    return pairs & set(found)


def subscriptions_of(user_ids: Iterable[int]) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user_id__in=set(user_ids)).order_by("pk")


def plans_of(patient_ids: Iterable[int]) -> dict[int, list[plan.Item]]:
    """Each diary's treatment plan, for the day's reminder (one query)."""
    return health_data.plan_items_of(set(patient_ids))
