"""Writes for reminders: the settings, push subscriptions, and sending what is due (the worker's job).

Sending is "claim, then send". A batch is claimed in one transaction: each due reminder moves on to its next time and
gets its day's `ReminderSent` row, inserted with the batch's own `claim` (a row that exists already, for that day,
is someone else's); rows that a sender claimed and never sent, for longer than CLAIM_LEASE, are taken over into the
batch too. After the transaction the batch is sent SEND_CHUNK at a time: one UPDATE sets `sent_at` on the chunk's
rows that still hold this batch's claim and have no `sent_at`, and only those go. Each row is handed over once, by
the one sender whose UPDATE set it, whatever runs at once (SQLite writes one transaction at a time; PostgreSQL locks
the rows). A sender that dies loses at most the chunk it was sending (its rows were marked, and whether each email
left is unknowable: never twice is the better way round for a reminder); the rest of its batch goes out with the
next run after the lease, unless the day was logged meanwhile or it would be more than two hours late.
"""

import dataclasses
import datetime
import logging
import threading
import time
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

BATCH_SIZE = 500  # STRIDE_REMINDER_BATCH_SIZE for the command and the worker
# Marked sent at once, just before they go: what a sender that dies can lose. At least 25 at a time (about a second
# of sending to a mail server far away), or about a second's worth when sending is faster.
SEND_CHUNK = 25
SEND_CHUNK_SECONDS = 1.0
# A claim not sent after this was left by a sender that died (a batch takes seconds; a mail server that hangs, ten
# seconds per email at most, EMAIL_TIMEOUT). A sender that outlives it only sends what it still holds.
CLAIM_LEASE = datetime.timedelta(minutes=10)
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


def hand_over_reminder(*, patient: Patient, user: User, now: datetime.datetime | None = None) -> None:
    """A child's diary became `user`'s own: its reminder, if it has one, reminds her from now on, at the same wall
    time in her zone, by the same channels (a push reaches only the phones she subscribes herself)."""
    reminder = ReminderSettings.objects.filter(patient=patient).first()
    if reminder is None:
        return
    reminder.user, reminder.timezone = user, user.timezone
    if reminder.enabled:
        at = now or timezone.now()
        reminder.next_due = schedule.next_due(at, at=reminder.time, days=reminder.days, zone_name=user.timezone)
    reminder.save(update_fields=["user", "timezone", "next_due", "updated_at"])


@transaction.atomic
def subscribe_push(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keeps a browser's push subscription for `user`, one per person and endpoint: an endpoint someone else sends,
    with keys of their own, is theirs alone and never moves this one. The same browser (the same endpoint and keys,
    which only it and Stride hold) subscribed by another account is another person on a shared phone: it then
    reminds only whoever subscribed on it last."""
    try:
        push.check_endpoint(endpoint)
    except push.RefusedEndpoint as refused:
        raise ValidationError({"endpoint": [str(refused)]}) from None
    PushSubscription.objects.filter(endpoint=endpoint, p256dh=p256dh, auth=auth).exclude(user=user).delete()
    defaults = {"p256dh": p256dh, "auth": auth, "failures": 0, "next_try": None}
    subscription, _ = PushSubscription.objects.update_or_create(user=user, endpoint=endpoint, defaults=defaults)
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
    taken_over: int = 0
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
    """Sends every reminder due at `now` (by default: the time each batch starts), once: the `send_reminders`
    command and the worker's job every minute."""
    report = Report()
    while True:
        at = now or timezone.now()
        claim = uuid.uuid4().hex  # the batch's own: the rows it holds are the ones it sends
        with transaction.atomic():
            batch = selectors.due_reminders(now=at, limit=batch_size)
            rows, taken = _claim(batch, now=at, claim=claim, limit=batch_size, report=report)
        if not batch and not rows:
            return report
        report.batches += 1
        _send(rows, claim=claim, now=now, report=report)
        if len(batch) < batch_size and taken < batch_size:
            return report


def _claim(batch: list[ReminderSettings], *, now, claim, limit, report) -> tuple[list[ReminderSent], int]:
    """Moves each reminder of the batch on to its next time and inserts the rows of those to send now, takes over up
    to `limit` rows that senders which died left unsent, and answers the rows the batch holds and how many of them
    it took over. A fixed number of queries, whatever the batch's size."""
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
            candidates.append((reminder, due))
    ReminderSettings.objects.bulk_update(batch, ["next_due", "timezone"])
    days = [(reminder, due, schedule.local_day(due, reminder.user.timezone)) for reminder, due in candidates]
    logged = selectors.logged_days((reminder.patient_id, day) for reminder, _, day in days)
    rows = [
        ReminderSent(
            patient_id=reminder.patient_id, day=day, user_id=reminder.user_id, claim=claim, due_at=due, claimed_at=now
        )
        for reminder, due, day in days
        if (reminder.patient_id, day) not in logged
    ]
    report.logged_already += len(days) - len(rows)
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)
    abandoned = selectors.abandoned_claims(claimed_before=now - CLAIM_LEASE, due_since=now - schedule.LATE_AT_MOST)
    # The conditions again outside the subquery: on PostgreSQL a row another run has just taken over is checked anew.
    taken = ReminderSent.objects.filter(
        pk__in=abandoned.values("pk")[:limit], sent_at__isnull=True, claimed_at__lt=now - CLAIM_LEASE
    ).update(claim=claim, claimed_at=now)
    held = selectors.claimed(claim=claim)
    report.taken_over += taken
    report.claimed += len(held) - taken
    report.sent_already += len(rows) - (len(held) - taken)  # a row for the day was there: claimed or sent already
    return held, taken


def _send(rows: list[ReminderSent], *, claim: str, now, report) -> None:
    """Sends what the batch holds a chunk at a time (`chunk_size`), each chunk marked sent just before it goes."""
    to_send = []
    for row in rows:
        reminder = getattr(row.patient, "reminder", None)
        if row.logged:  # logged meanwhile (a row taken over from a sender that died)
            report.logged_already += 1
        elif reminder is not None and reminder.enabled and reminder.user.is_active:
            to_send.append((reminder, row))
    by_push = [reminder.user_id for reminder, _ in to_send if reminder.by_push]
    subscriptions = defaultdict(list)
    if by_push and push.is_configured():
        for subscription in selectors.subscriptions_of(by_push):
            subscriptions[subscription.user_id].append(subscription)
    outcomes = PushOutcomes()
    started, done = time.monotonic(), 0
    with _Pusher() as pusher:
        while done < len(to_send):
            size = chunk_size(sent=done, seconds=time.monotonic() - started)
            chunk = _mark_sent(to_send[done : done + size], claim=claim, now=now or timezone.now())
            _deliver(chunk, subscriptions, pusher=pusher, outcomes=outcomes, report=report)
            done += size
    _record_push_outcomes(outcomes, now=now or timezone.now(), report=report)


def chunk_size(*, sent: int, seconds: float) -> int:
    """How many to mark sent next: SEND_CHUNK, or as many as this batch sends in SEND_CHUNK_SECONDS at its pace so
    far, whichever is more. Each mark is a commit (milliseconds on SQLite): sending fast, to a mail server close by,
    it is spread over many more."""
    if sent <= 0 or seconds <= 0:
        return SEND_CHUNK
    return max(SEND_CHUNK, int(sent / seconds * SEND_CHUNK_SECONDS))


def _mark_sent(chunk: list[tuple[ReminderSettings, ReminderSent]], *, claim: str, now) -> list[tuple]:
    """Sets `sent_at` on the chunk's rows that this batch's claim still holds (one UPDATE), and answers the
    (reminder, day) of those, to send now. Rows a later run took over, from a sender slower than the lease, are not
    this one's to send any more."""
    pks = [row.pk for _, row in chunk]
    marked = ReminderSent.objects.filter(pk__in=pks, claim=claim, sent_at__isnull=True).update(sent_at=now)
    if marked < len(chunk):
        logger.warning("A later run took over %d reminders this one was too slow to send.", len(chunk) - marked)
        held = set(ReminderSent.objects.filter(pk__in=pks, claim=claim, sent_at__isnull=False).values_list("pk"))
        chunk = [(reminder, row) for reminder, row in chunk if (row.pk,) in held]
    return [(reminder, row.day) for reminder, row in chunk]


@dataclasses.dataclass
class PushOutcomes:
    """What the push services answered for one batch, recorded after it (`_record_push_outcomes`)."""

    delivered: set = dataclasses.field(default_factory=set)  # subscription ids
    gone: set = dataclasses.field(default_factory=set)
    retry: list = dataclasses.field(default_factory=list)  # (subscription, reminder, day, outcome)


def _deliver(claimed: list[tuple[ReminderSettings, datetime.date]], subscriptions, *, pusher, outcomes, report) -> None:
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
    sends = [
        (reminder, day, subscription)
        for reminder, day in claimed
        if reminder.by_push
        for subscription in subscriptions[reminder.user_id]
    ]
    payloads = [_push_payload(reminder, day, plans) for reminder, day, _ in sends]
    results = pusher.send_all(
        [(subscription, payload) for (_, _, subscription), payload in zip(sends, payloads, strict=True)]
    )
    for (reminder, day, subscription), outcome in zip(sends, results, strict=True):
        if outcome.delivered:
            outcomes.delivered.add(subscription.pk)
            report.pushes += 1
        elif outcome.gone:
            outcomes.gone.add(subscription.pk)
        elif outcome.retry:
            outcomes.retry.append((subscription, reminder, day, outcome))
        else:
            logger.warning("A push service refused a reminder: %s", outcome.status)


def _plan_today(reminder: ReminderSettings, day: datetime.date, plans) -> str | None:
    """What the day's treatment plan holds, in the words of the person reminded (never pain: it holds no such item)."""
    with translation.override(reminder.user.language):
        return words.plan_line(plans[reminder.patient_id], day)


def _push_payload(reminder: ReminderSettings, day: datetime.date, plans) -> dict:
    """The notification, in the language of the person reminded (a parent, for a child's diary they keep)."""
    with translation.override(reminder.user.language):
        return words.push_payload(reminder, words.plan_line(plans[reminder.patient_id], day))


class _Pusher:
    """Sends a batch's pushes PUSH_THREADS at a time (each waits on a push service far away); each thread keeps one
    session, so its connections to the push services, from the batch's first chunk to its last."""

    def __enter__(self):
        self.pool = ThreadPoolExecutor(max_workers=PUSH_THREADS, thread_name_prefix="stride-push")
        self.sessions = threading.local()
        return self

    def __exit__(self, *exception):
        self.pool.shutdown()

    def send_all(self, pushes: list[tuple[PushSubscription, dict]]) -> list[push.Outcome]:
        return list(self.pool.map(self._send_one, pushes))

    def _send_one(self, item: tuple[PushSubscription, dict]) -> push.Outcome:
        subscription, payload = item
        if not hasattr(self.sessions, "session"):
            self.sessions.session = push.new_session()
        try:
            return push.send(
                subscription_info=subscription.as_subscription_info(), payload=payload, session=self.sessions.session
            )
        except Exception:  # anything unforeseen with one subscription: logged, and the others still go
            logger.exception("A push could not be sent.")
            return push.Outcome(status=400)


def _record_push_outcomes(outcomes: PushOutcomes, *, now, report) -> None:
    if not (outcomes.delivered or outcomes.gone or outcomes.retry):
        return
    with transaction.atomic():
        if outcomes.gone:
            PushSubscription.objects.filter(pk__in=outcomes.gone).delete()
        if outcomes.delivered:
            PushSubscription.objects.filter(pk__in=outcomes.delivered, failures__gt=0).update(failures=0, next_try=None)
        for subscription, reminder, day, outcome in outcomes.retry:
            _schedule_retry(subscription, reminder=reminder, day=day, outcome=outcome, now=now, report=report)
    report.push_removed += len(outcomes.gone)


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
    outcomes = PushOutcomes(
        delivered={subscription.pk} if outcome.delivered else set(),
        gone={subscription.pk} if outcome.gone else set(),
        retry=[(subscription, reminder, day, outcome)] if outcome.retry else [],
    )
    _record_push_outcomes(outcomes, now=now, report=report)
    return f"push answered {outcome.status}"
