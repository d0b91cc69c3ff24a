"""Reads of the care circle: the invitations a diary's owner sees on the Sharing page."""

import datetime

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.timezone import now as current_time

from accounts.models import Invitation, Patient

# How long an expired, unused code stays on the Sharing page with its "new code" button: long enough to notice
# that the person never joined, short enough that the list does not fill with old codes.
EXPIRED_SHOWN_FOR = datetime.timedelta(days=30)


def invitations_for(patient: Patient, *, include_expired: bool = False) -> QuerySet[Invitation]:
    """The codes not used yet, newest first, each with `expired`: pending ones, and with `include_expired` those
    that expired in the last 30 days too. A used code is never listed: its person is on the care team."""
    at = current_time()
    unused = Invitation.objects.filter(patient=patient, used_at__isnull=True)
    shown = Q(expires_at__gt=at - EXPIRED_SHOWN_FOR) if include_expired else Q(expires_at__gt=at)
    expired = Case(When(expires_at__lte=at, then=Value(True)), default=Value(False))
    return unused.filter(shown).annotate(expired=expired).order_by("-created_at")
