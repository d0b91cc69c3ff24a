"""Reads of the care circle (the invitations a diary's owner sees on the Sharing page), of an account's emailed links
(the change of email a link names), and of clinic teams."""

import datetime

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.timezone import now as current_time

from accounts import links
from accounts.models import CareTeamMember, ClinicMember, ClinicRole, EmailChange, Invitation, Patient, User

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


def email_change_for_link(token: str, purpose: str) -> EmailChange | None:
    """The change of email a link of this `purpose` (`links.CONFIRM` or `links.CANCEL`) names, whatever became of
    it, or None for an altered link: the pages behind the links say plainly what happened to it."""
    change_id = links.read_email_change_link(token, purpose)
    if change_id is None:
        return None
    return EmailChange.objects.select_related("user").filter(pk=change_id).first()


def clinics_of(user: User) -> QuerySet[ClinicMember]:
    """The caller's active memberships, each with its clinic, by the clinic's name."""
    return ClinicMember.objects.active().filter(user=user).select_related("clinic").order_by("clinic__name", "pk")


def clinic_members(clinic_id: int) -> QuerySet[ClinicMember]:
    """The clinic's active members, admins first, each group by name."""
    admins_first = Case(When(role=ClinicRole.ADMIN, then=Value(0)), default=Value(1))
    members = ClinicMember.objects.active().filter(clinic_id=clinic_id).select_related("user")
    return members.order_by(admins_first, "user__display_name", "pk")


def clinic_patient_count(clinic_id: int) -> int:
    """How many patients share with the clinic now: the room its list page keeps before the list arrives."""
    return CareTeamMember.objects.active().filter(clinic_id=clinic_id).count()
