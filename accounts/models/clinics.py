"""Clinic teams (docs/API.md, version 1.2): clinicians who care for patients together.

A teen may share with a clinic instead of one clinician (a `CareTeamMember` whose `clinic` is set): every active
member of the clinic then reads what that share `sees`. A member who leaves or is removed loses every patient of the
clinic at once, because access is worked out from the membership on every request (`accounts.access`), never copied.
"""

from django.db import models
from django.db.models import Q
from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy as _

from accounts.models.people import User

RECORD_NUMBER_LENGTH = 40


class ClinicRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    CLINICIAN = "clinician", _("Clinician")


class Clinic(models.Model):
    name = models.CharField(max_length=80)
    # Two-step sign-in for every member before they read a patient of the clinic (403 mfa_required otherwise),
    # whatever STRIDE_CLINICIAN_MFA says. It can only add to that setting, never lift it.
    mfa_required = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=current_time)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="clinic_name_not_blank")]

    def __str__(self):
        return self.name


class ClinicMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class ClinicMember(models.Model):
    """A clinician on a clinic's team. Ended rather than deleted, so the clinic can tell who was on it when."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="clinic_memberships")
    role = models.CharField(max_length=10, choices=ClinicRole.choices, default=ClinicRole.CLINICIAN)
    since = models.DateTimeField(default=current_time)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ClinicMemberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "user"], condition=Q(ended_at__isnull=True), name="one_active_membership"
            ),
            models.CheckConstraint(condition=Q(role__in=ClinicRole.values), name="clinic_role_known"),
        ]
        indexes = [models.Index(fields=["user", "ended_at"], name="clinic_member_user")]

    def __str__(self):
        return f"{self.user} ({self.role}) in {self.clinic}"


class ClinicInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(used_at__isnull=True, expires_at__gt=current_time())


class ClinicInvitation(models.Model):
    """A single-use code that lets a clinician join a clinic (7 days). Only its hash is kept, like a care code."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=ClinicRole.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=current_time)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ClinicInvitationQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(role__in=ClinicRole.values), name="clinic_invite_role")]

    def __str__(self):
        return f"invitation to {self.clinic} as {self.role}"
