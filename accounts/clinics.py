"""Writes to clinic teams (docs/API.md, "Clinic teams"): a clinic, its codes, its members and its record numbers.

A clinic always has an admin: the last one can be neither removed nor demoted, checked with the clinic's row locked
so that two admins removing each other at once cannot both succeed. Removing a member ends their access to every
patient of the clinic in the same transaction: access is worked out from active memberships on every request.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import now as current_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access_log, mfa
from accounts.errors import NotVisible
from accounts.models import (
    INVITATION_LIFETIME,
    RECORD_NUMBER_LENGTH,
    CareTeamMember,
    Clinic,
    ClinicInvitation,
    ClinicMember,
    ClinicRole,
    Role,
    User,
)
from accounts.models.care import hash_code, new_code

CLINIC_CODE_DOES_NOT_WORK = gettext_lazy(
    "This code doesn't work. It may have a typo, be used already, or be more than 7 days old. "
    "Ask an admin of the clinic for a new code."
)
NAME_LENGTH: int = Clinic._meta.get_field("name").max_length or 80


def membership(user: User, clinic_id: int, *, to_read_patients: bool = False) -> ClinicMember:
    """The caller's active membership of the clinic, or NotVisible: a clinic is seen by its members alone.

    `to_read_patients`: the caller goes on to read the clinic's patients and log it, so the same query takes the
    access log's turn for this reader (accounts.access_log.READER_LOCK, held to the end of the transaction), one
    query fewer on a page that is opened all day.
    """
    # Whether the member has an authenticator app comes in the same query: reading the clinic's patients asks it next.
    found = (
        ClinicMember.objects.active()
        .select_related("clinic")
        .filter(clinic_id=clinic_id, user=user)
        .annotate(app_confirmed=mfa.app_confirmed(user))
    )
    if to_read_patients:
        found = found.select_related("user").select_for_update(**access_log.READER_LOCK)
    found = found.first()
    if found is None:
        raise NotVisible(_("No such clinic."))
    mfa.note_app(user, found.app_confirmed)
    return found


def require_admin(member: ClinicMember) -> None:
    if member.role != ClinicRole.ADMIN:
        raise PermissionDenied(_("Only an admin of the clinic can do that."))


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the clinic a name.")]})
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": [_("Use at most %(count)s characters.") % {"count": NAME_LENGTH}]})
    return name


@transaction.atomic
def create_clinic(*, user: User, name: str) -> ClinicMember:
    """A new clinic with `user` as its first admin. Clinicians only."""
    if user.role != Role.CLINICIAN:
        raise PermissionDenied(_("Only clinicians can create a clinic."))
    clinic = Clinic.objects.create(name=_clean_name(name))
    return ClinicMember.objects.create(clinic=clinic, user=user, role=ClinicRole.ADMIN)


@transaction.atomic
def update_clinic(*, member: ClinicMember, name: str | None = None, mfa_required: bool | None = None) -> Clinic:
    require_admin(member)
    clinic = member.clinic
    if name is not None:
        clinic.name = _clean_name(name)
    if mfa_required is not None:
        clinic.mfa_required = mfa_required
    clinic.save(update_fields=["name", "mfa_required"])
    return clinic


def create_invitation(*, member: ClinicMember, role: str) -> tuple[ClinicInvitation, str]:
    """A single-use code for a colleague to join as `role` (7 days). Admins only. The code is shown once."""
    require_admin(member)
    if role not in ClinicRole.values:
        raise ValidationError({"role": [_("Invite a clinician or an admin.")]})
    code = new_code()
    invitation = ClinicInvitation.objects.create(
        clinic=member.clinic,
        created_by=member.user,
        role=role,
        code_hash=hash_code(code),
        expires_at=current_time() + INVITATION_LIFETIME,
    )
    return invitation, code


@transaction.atomic
def join(*, user: User, code: str) -> ClinicMember:
    """Joins the clinic of a code. Clinicians only; an unknown, used or expired code gets one and the same error."""
    if user.role != Role.CLINICIAN:
        raise PermissionDenied(_("Only clinicians can join a clinic."))
    invitation = (
        ClinicInvitation.objects.select_for_update()
        .select_related("clinic")
        .filter(code_hash=hash_code(code or ""))
        .pending()
        .first()
    )
    if invitation is None:
        raise ValidationError({"code": [str(CLINIC_CODE_DOES_NOT_WORK)]})
    if ClinicMember.objects.active().filter(clinic=invitation.clinic, user=user).exists():
        raise ValidationError(
            {"code": [_("You're already on the team of %(clinic)s.") % {"clinic": invitation.clinic}]}
        )
    invitation.used_at, invitation.used_by = current_time(), user
    invitation.save(update_fields=["used_at", "used_by"])
    return ClinicMember.objects.create(clinic=invitation.clinic, user=user, role=invitation.role)


def _locked_member(member: ClinicMember, member_id: int) -> ClinicMember:
    """The member `member_id` of the caller's clinic, with the clinic's row locked for the admin count."""
    Clinic.objects.select_for_update().filter(pk=member.clinic_id).first()
    other = ClinicMember.objects.active().select_related("user").filter(clinic_id=member.clinic_id, pk=member_id)
    found = other.first()
    if found is None:
        raise NotVisible(_("No such member."))
    return found


def _keep_an_admin(target: ClinicMember) -> None:
    admins = ClinicMember.objects.active().filter(clinic_id=target.clinic_id, role=ClinicRole.ADMIN)
    if target.role == ClinicRole.ADMIN and not admins.exclude(pk=target.pk).exists():
        raise ValidationError({"detail": [_("A clinic needs an admin. Make someone else an admin first.")]})


@transaction.atomic
def change_role(*, member: ClinicMember, member_id: int, role: str) -> ClinicMember:
    """An admin makes a member an admin or a clinician; the last admin stays one."""
    require_admin(member)
    if role not in ClinicRole.values:
        raise ValidationError({"role": [_("Choose clinician or admin.")]})
    target = _locked_member(member, member_id)
    if role != ClinicRole.ADMIN:
        _keep_an_admin(target)
    target.role = role
    target.save(update_fields=["role"])
    return target


@transaction.atomic
def remove(*, member: ClinicMember, member_id: int) -> None:
    """An admin removes a member, or a member leaves: from the next request on, they read none of the clinic's
    patients. The last admin cannot leave."""
    target = _locked_member(member, member_id)
    if target.pk != member.pk:
        require_admin(member)
    _keep_an_admin(target)
    target.ended_at = current_time()
    target.save(update_fields=["ended_at"])


@transaction.atomic
def set_record_number(*, member: ClinicMember, patient_id: int, record_number: str) -> CareTeamMember:
    """The clinic's own record number for one of its patients (up to 40 characters; blank clears it)."""
    link = (
        CareTeamMember.objects.active()
        .select_for_update()
        .select_related("patient")
        .filter(clinic_id=member.clinic_id, patient_id=patient_id)
        .first()
    )
    if link is None:
        raise NotVisible(_("No such patient."))
    record_number = (record_number or "").strip()
    if len(record_number) > RECORD_NUMBER_LENGTH:
        message = _("Use at most %(count)s characters.") % {"count": RECORD_NUMBER_LENGTH}
        raise ValidationError({"record_number": [message]})
    link.record_number = record_number
    link.save(update_fields=["record_number"])
    return link
