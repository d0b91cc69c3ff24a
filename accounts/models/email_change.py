"""A change of email someone asked for: it waits for the link sent to the new address, and the notice to the old
address carries a link that cancels it (docs/API.md, Corrections 1.2).

A row per request, kept once closed so that the pages behind both links can say plainly what became of it. An
account has at most one pending change (a database constraint): asking again replaces the one before, and changing
or resetting the password or signing out everywhere ends it, so a link sent before then confirms nothing.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.timezone import now as current_time

from accounts.models.people import User

# How long the links of a change work: the same as a sign-up confirmation link's (accounts/links.py).
EMAIL_CHANGE_LIFETIME = datetime.timedelta(days=3)


class EmailChangeState(models.TextChoices):
    PENDING = "pending"  # waiting for the link sent to the new address
    CONFIRMED = "confirmed"  # the link was opened: the account has the new address
    CANCELLED = "cancelled"  # cancelled from the link in the notice to the old address
    ENDED = "ended"  # the password was changed or reset, or every sign-in ended
    REPLACED = "replaced"  # a newer change was asked for


class EmailChange(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    new_email = models.EmailField()
    asked_at = models.DateTimeField(default=current_time)
    state = models.CharField(max_length=10, choices=EmailChangeState.choices, default=EmailChangeState.PENDING)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(state__in=EmailChangeState.values), name="email_change_state_known"),
            models.CheckConstraint(
                condition=Q(state=EmailChangeState.PENDING, closed_at__isnull=True)
                | (~Q(state=EmailChangeState.PENDING) & Q(closed_at__isnull=False)),
                name="email_change_closed_unless_pending",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(state=EmailChangeState.PENDING), name="one_pending_email_change"
            ),
        ]

    def __str__(self):
        return f"email change of {self.user_id} ({self.state})"

    def status(self, now: datetime.datetime | None = None) -> str:
        """Its state, or "expired" for a pending change whose links have run out."""
        now = now or current_time()
        if self.state == EmailChangeState.PENDING and now >= self.asked_at + EMAIL_CHANGE_LIFETIME:
            return "expired"
        return self.state
