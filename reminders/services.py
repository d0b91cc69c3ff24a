"""Writes for reminders: the settings, push subscriptions, and sending what is due (the worker's job).

Sending is "insert first, send after": a batch's `ReminderSent` rows are inserted (ignoring any that exist) and only
the rows this run inserted are sent, after the batch commits. A second worker, or `send_reminders` run twice, finds
the rows there and sends nothing more; a worker that stops between the two sends that day's reminder not at all,
which is the better way round for a reminder.
"""

import dataclasses
import datetime
import logging
import threading
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from accounts.emails import build_account_email, send_account_emails_now
from accounts.models import Patient, User
from reminders import push, schedule, selectors, words
from reminders.models import Channel, PushSubscription, ReminderSent, ReminderSettings

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_SUBSCRIPTIONS = 10  # phones and browsers per person; the oldest goes when an eleventh subscribes
PUSH_THREADS = 16  # pushes in flight at once
MAX_PUSH_TRIES = 5  # a push the service asked us to retry: after 1, 2, 4, 8 minutes, then given up
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(minutes=30)


@transaction.atomic
def save_reminder_settings(
    *,
    patient: Patient,
    user: User,
    enabled: bool,
    time: datetime.time,
    days: list[int],
    channels: list[str],
    now: datetime.datetime | None = None,
) -> ReminderSettings:
    """Sets the reminder of `patient`'s diary for `user` (its owner: the teen, or the parent who keeps a child's).
    The next one is due at the chosen time's next occurrence after now: never at once for a time already past."""
    errors = {}
    if enabled and not days:
        errors["days"] = [translation.gettext("Choose at least one day.")]
    if enabled and not channels:
        errors["channels"] = [translation.gettext("Choose email, a notification on your phone, or both.")]
    if Channel.PUSH in channels and not push.is_configured():
        errors["channels"] = [
            translation.gettext("Notifications on phones aren't set up on this Stride yet. Choose email for now.")
        ]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    values = {
        "user": user,
        "enabled": enabled,
        "time": time.replace(second=0, microsecond=0),
        "days_mask": schedule.days_to_mask(days),
        "by_email": Channel.EMAIL in channels,
        "by_push": Channel.PUSH in channels,
        "timezone": user.timezone,
        "next_due": schedule.next_due(now, at=time, days=days, zone_name=user.timezone) if enabled else None,
    }
    reminder, _ = ReminderSettings.objects.update_or_create(patient=patient, defaults=values)
    return reminder


def follow_time_zone(*, user: User, now: datetime.datetime | None = None) -> int:
    """After `user` changed time zone: their reminders fall due at the same wall time in the new zone."""
    now = now or timezone.now()
    moved = list(ReminderSettings.objects.filter(user=user, enabled=True).exclude(timezone=user.timezone))
    for reminder in moved:
        reminder.timezone = user.timezone
        reminder.next_due = schedule.next_due(now, at=reminder.time, days=reminder.days, zone_name=user.timezone)
    ReminderSettings.objects.bulk_update(moved, ["timezone", "next_due"])
    return len(moved)


@transaction.atomic
def subscribe_push(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keeps a browser's push subscription for `user`. The same endpoint again (the same browser) replaces the old
    one, whoever had it: a shared phone reminds only whoever subscribed on it last."""
    try:
        push.check_endpoint(endpoint)
    except push.RefusedEndpoint as refused:
        raise ValidationError({"endpoint": [str(refused)]}) from None
    defaults = {"user": user, "p256dh": p256dh, "auth": auth, "failures": 0, "next_try": None}
    subscription, _ = PushSubscription.objects.update_or_create(endpoint=endpoint, defaults=defaults)
    keep = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk").values("pk")[:MAX_SUBSCRIPTIONS]
    PushSubscription.objects.filter(user=user).exclude(pk__in=keep).delete()
    return subscription


@transaction.atomic
def unsubscribe_push(*, user: User, subscription_id: int) -> None:
    """Raises PushSubscription.DoesNotExist for an id that is not one of `user`'s."""
    PushSubscription.objects.get(pk=subscription_id, user=user).delete()


@dataclasses.dataclass
class Report:
    """What one run of send_reminders did, for its output and the tests."""

    due: int = 0
    claimed: int = 0
    emails: int = 0
    pushes: int = 0
    logged_already: int = 0
    sent_already: int = 0
    too_late: int = 0
    push_removed: int = 0
    push_retrying: int = 0
    batches: int = 0

    def __str__(self):
        counts = (f"{field.name.replace('_', ' ')}: {getattr(self, field.name)}" for field in dataclasses.fields(self))
        return ", ".join(counts)


def send_due_reminders(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> Report:
    """Sends every reminder due at `now`, once: the `send_reminders` command and the worker's job every minute."""
    now = now or timezone.now()
    report = Report()
    run = uuid.uuid4().hex
    while True:
        with transaction.atomic():
            batch = selectors.due_reminders(now=now, limit=batch_size)
            claimed = _claim(batch, now=now, run=run, report=report)
        if not batch:
            return report
        report.batches += 1
        _send(claimed, now=now, report=report)
        if len(batch) < batch_size:
            return report


def _claim(batch: list[ReminderSettings], *, now, run, report) -> list[tuple[ReminderSettings, datetime.date]]:
    """Moves each reminder of the batch on to its next time and inserts the rows of those to send now; answers
    the ones this run inserted. A fixed number of queries, whatever the batch's size."""
    candidates = []
    for reminder in batch:
        zone = reminder.user.timezone
        due = reminder.next_due
        if reminder.timezone != zone:  # moved zone since: the same wall time there, if it is due now
            due = schedule.next_due(now - schedule.LATE_AT_MOST, at=reminder.time, days=reminder.days, zone_name=zone)
            reminder.timezone = zone
            if due > now:
                reminder.next_due = due
                continue
        after = max(due, now - schedule.LATE_AT_MOST)
        reminder.next_due = schedule.next_due(after, at=reminder.time, days=reminder.days, zone_name=zone)
        report.due += 1
        if schedule.is_too_late(due, now):
            report.too_late += 1
        elif reminder.user.is_active:
            candidates.append((reminder, schedule.local_day(due, zone)))
    ReminderSettings.objects.bulk_update(batch, ["next_due", "timezone"])
    logged = selectors.logged_days((reminder.patient_id, day) for reminder, day in candidates)
    to_send = [(reminder, day) for reminder, day in candidates if (reminder.patient_id, day) not in logged]
    report.logged_already += len(candidates) - len(to_send)
    if not to_send:
        return []
    rows = [ReminderSent(patient_id=r.patient_id, day=day, user_id=r.user_id, run=run) for r, day in to_send]
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)
    mine = set(
        ReminderSent.objects.filter(run=run, patient_id__in=[r.patient_id for r, _ in to_send]).values_list(
            "patient_id", "day"
        )
    )
    claimed = [(reminder, day) for reminder, day in to_send if (reminder.patient_id, day) in mine]
    report.sent_already += len(to_send) - len(claimed)
    report.claimed += len(claimed)
    return claimed


def _send(claimed: list[tuple[ReminderSettings, datetime.date]], *, now, report) -> None:
    """Emails and pushes for the claimed reminders; one failure never stops the others."""
    plans = selectors.plans_of(reminder.patient_id for reminder, _ in claimed)
    messages = [
        build_account_email(
            to=reminder.user.email,
            kind="reminder",
            context=words.email_context(reminder, _plan_today(reminder, day, plans)),
            language=reminder.user.language,
        )
        for reminder, day in claimed
        if reminder.by_email and reminder.user.email_verified
    ]
    report.emails += send_account_emails_now(messages, kind="reminder")
    by_push = [(reminder, day) for reminder, day in claimed if reminder.by_push]
    if not by_push or not push.is_configured():
        return
    subscriptions = defaultdict(list)
    for subscription in selectors.subscriptions_of(reminder.user_id for reminder, _ in by_push):
        subscriptions[subscription.user_id].append(subscription)
    sends = [
        (reminder, day, subscription) for reminder, day in by_push for subscription in subscriptions[reminder.user_id]
    ]
    payloads = [_push_payload(reminder, day, plans) for reminder, day, _ in sends]
    outcomes = _push_all(
        [(subscription, payload) for (_, _, subscription), payload in zip(sends, payloads, strict=True)]
    )
    delivered, gone, retry = set(), set(), []
    for (reminder, day, subscription), outcome in zip(sends, outcomes, strict=True):
        if outcome.delivered:
            delivered.add(subscription.pk)
        elif outcome.gone:
            gone.add(subscription.pk)
        elif outcome.retry:
            retry.append((subscription, reminder, day, outcome))
        else:
            logger.warning("A push service refused a reminder: %s", outcome.status)
    report.pushes += len(delivered)
    _record_push_outcomes(delivered=delivered, gone=gone, retry=retry, now=now, report=report)


def _plan_today(reminder: ReminderSettings, day: datetime.date, plans) -> str | None:
    """What the day's treatment plan holds, in the words of the person reminded (never pain: it holds no such item)."""
    with translation.override(reminder.user.language):
        return words.plan_line(plans[reminder.patient_id], day)


def _push_payload(reminder: ReminderSettings, day: datetime.date, plans) -> dict:
    """The notification, in the language of the person reminded (a parent, for a child's diary they keep)."""
    with translation.override(reminder.user.language):
        return words.push_payload(reminder, words.plan_line(plans[reminder.patient_id], day))


def _push_all(pushes: list[tuple[PushSubscription, dict]]) -> list[push.Outcome]:
    """Sends the pushes PUSH_THREADS at a time (each waits on a push service far away), one session per thread."""
    local = threading.local()

    def send_one(item):
        subscription, payload = item
        if not hasattr(local, "session"):
            local.session = push.new_session()
        try:
            return push.send(
                subscription_info=subscription.as_subscription_info(), payload=payload, session=local.session
            )
        except Exception:  # anything unforeseen with one subscription: logged, and the others still go
            logger.exception("A push could not be sent.")
            return push.Outcome(status=400)

    if len(pushes) <= 1:
        return [send_one(item) for item in pushes]
    with ThreadPoolExecutor(max_workers=PUSH_THREADS, thread_name_prefix="stride-push") as pool:
        return list(pool.map(send_one, pushes))


def _record_push_outcomes(*, delivered, gone, retry, now, report) -> None:
    with transaction.atomic():
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()
        if delivered:
            PushSubscription.objects.filter(pk__in=delivered, failures__gt=0).update(failures=0, next_try=None)
        for subscription, reminder, day, outcome in retry:
            _schedule_retry(subscription, reminder=reminder, day=day, outcome=outcome, now=now, report=report)
    report.push_removed += len(gone)


def backoff(failures: int, retry_after: int | None = None) -> datetime.timedelta:
    """How long to wait after the `failures`-th failure in a row: 1, 2, 4 ... minutes, at most 30, and never
    sooner than the push service's Retry-After."""
    wait = min(FIRST_RETRY * 2 ** max(failures - 1, 0), LONGEST_WAIT)
    return max(wait, datetime.timedelta(seconds=min(retry_after or 0, LONGEST_WAIT.total_seconds())))


def _schedule_retry(subscription, *, reminder, day, outcome, now, report) -> None:
    from reminders import tasks  # the tasks call these services

    subscription.failures += 1
    subscription.next_try = now + backoff(subscription.failures, outcome.retry_after)
    PushSubscription.objects.filter(pk=subscription.pk).update(
        failures=subscription.failures, next_try=subscription.next_try
    )
    if subscription.failures >= MAX_PUSH_TRIES:
        logger.warning("A push service kept failing; today's reminder to one phone is given up.")
        return
    tasks.retry_push.using(run_after=subscription.next_try).enqueue(
        subscription_id=subscription.pk, patient_id=reminder.patient_id, day=day.isoformat()
    )
    report.push_retrying += 1


def retry_push(*, subscription_id: int, patient_id: int, day: datetime.date, now=None) -> str:
    """Tries a push again after the service asked for a wait, unless the day has been logged meanwhile."""
    now = now or timezone.now()
    subscription = PushSubscription.objects.select_related("user").filter(pk=subscription_id).first()
    reminder = ReminderSettings.objects.select_related("user", "patient").filter(patient_id=patient_id).first()
    if subscription is None or reminder is None or not reminder.by_push or not push.is_configured():
        return "nothing to send"
    if selectors.logged_days([(patient_id, day)]):
        return "logged meanwhile"
    report = Report()
    outcome = push.send(
        subscription_info=subscription.as_subscription_info(),
        payload=_push_payload(reminder, day, selectors.plans_of([patient_id])),
        session=push.new_session(),
    )
    delivered = {subscription.pk} if outcome.delivered else set()
    gone = {subscription.pk} if outcome.gone else set()
    retry = [(subscription, reminder, day, outcome)] if outcome.retry else []
    _record_push_outcomes(delivered=delivered, gone=gone, retry=retry, now=now, report=report)
    return f"push answered {outcome.status}"
