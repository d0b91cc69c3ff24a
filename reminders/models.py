"""Daily reminders: what each person chose, the phones they can be reached on, and what was sent.

`ReminderSent` is the once-a-day guarantee: its row for (patient, day) is inserted when a sender claims the reminder,
before anything is sent, so a second worker, or `send_reminders` run twice, finds it there and sends nothing more.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Patient
from reminders.schedule import days_to_mask, mask_to_days

DEFAULT_TIME = datetime.time(19, 0)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PUSH = "push", _("Notification on your phone")


class ReminderSettings(models.Model):
    """One per diary: the teen's own, or a child's, kept by the managing parent (who is then the one reminded)."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="reminder")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField(default=False)
    time = models.TimeField(default=DEFAULT_TIME, help_text="Wall-clock time in the time zone of `user`.")
    days_mask = models.PositiveSmallIntegerField(default=127, help_text="ISO weekdays, bit 0 Monday ... bit 6 Sunday.")
    by_email = models.BooleanField(default=True)
    by_push = models.BooleanField(default=False)
    # The zone `next_due` was worked out in; when the person's zone changes, it is worked out again.
    timezone = models.CharField(max_length=64, default="UTC")
    next_due = models.DateTimeField(null=True, blank=True, help_text="The next instant it is due (null: off).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(days_mask__gte=0, days_mask__lte=127), name="reminder_days_mask"),
            # Only a reminder that is on has a due time.
            models.CheckConstraint(condition=Q(enabled=True) | Q(next_due__isnull=True), name="reminder_off_not_due"),
        ]
        indexes = [models.Index(fields=["next_due"], name="reminder_next_due")]

    def __str__(self):
        return f"Reminder for {self.patient_id} at {self.time:%H:%M}"

    @property
    def days(self) -> list[int]:
        return mask_to_days(self.days_mask)

    @days.setter
    def days(self, value):
        self.days_mask = days_to_mask(value)

    @property
    def channels(self) -> list[str]:
        return [channel for channel, on in ((Channel.EMAIL, self.by_email), (Channel.PUSH, self.by_push)) if on]


class PushSubscription(models.Model):
    """A browser's Web Push subscription (its `PushSubscription`): where and how to send to one installed app."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.CharField(max_length=2000, db_index=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)
    # Back-off after a push service answered 429 or 5xx: how many times in a row, and when to try next.
    failures = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Per person: an endpoint someone else registers never takes over this one (services.subscribe_push).
        constraints = [models.UniqueConstraint(fields=["user", "endpoint"], name="one_subscription_per_endpoint")]

    def __str__(self):
        return f"Push subscription {self.pk} of {self.user_id}"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ReminderSent(models.Model):
    """One diary's reminder for one day: claimed by one batch of one sender, then sent once (services.py says how).

    `sent_at` is set just before the email and pushes go, and only by the batch whose `claim` the row holds, so no
    two senders send it. A row claimed but never sent (its sender died) is taken over by a later run once
    `claimed_at` is older than the lease, unless the reminder would then be more than two hours past `due_at`.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The diary day the reminder was about.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Which batch of which run of send_reminders holds the row: a new value for every batch.
    claim = models.CharField(max_length=32, db_index=True)
    due_at = models.DateTimeField(help_text="When the reminder was due.")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When it was handed over; null: not yet.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "day"], name="one_reminder_per_diary_per_day")]
        # The claims not sent yet: a handful at any time (the next run looks for those a dead sender left).
        indexes = [models.Index(fields=["claimed_at"], condition=Q(sent_at__isnull=True), name="reminder_unsent")]

    def __str__(self):
        return f"Reminder for {self.patient_id} on {self.day}"


class ScheduledRun(models.Model):
    """One row per periodic job per minute: the worker that inserts it enqueues the job, the others see it there."""

    task = models.CharField(max_length=100)
    minute = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "minute"], name="one_scheduled_run_per_minute")]

    def __str__(self):
        return f"{self.task} at {self.minute}"
