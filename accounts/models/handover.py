"""A handover link: a managing parent gives a child of 13 or older her diary, through a link emailed to her."""

import datetime
import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils.timezone import now as current_time

from accounts.models.people import Patient, User

HANDOVER_LIFETIME = datetime.timedelta(days=14)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode(errors="surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class HandoverQuerySet(models.QuerySet):
    def pending(self):
        """Not used and not expired, newest first."""
        return self.filter(used_at__isnull=True, expires_at__gt=current_time()).order_by("-created_at")


class Handover(models.Model):
    """One link, for one address, working once until `expires_at`. Only a hash of its token is kept, so a copy of
    the database opens no diary; a newer link for the same diary replaces it (`accounts.handover`)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="handovers")
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=current_time)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = HandoverQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="handover_expires_after")
        ]

    def __str__(self):
        return f"handover of {self.patient_id}"
