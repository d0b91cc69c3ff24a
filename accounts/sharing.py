"""Writes to the care circle: child profiles, invitations, who sees what, leaving and removing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.timezone import now as current_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import terms
from accounts.errors import NotVisible
from accounts.models import (
    EVERYTHING,
    INVITATION_LIFETIME,
    MIN_SELF_SIGNUP_AGE,
    CareTeamMember,
    ClinicMember,
    ClinicRole,
    Invitation,
    Patient,
    Relation,
    Role,
    Share,
)
from accounts.models.care import INVITABLE, hash_code, new_code, normalize_sees
from accounts.sealed import seal
from accounts.services import check_birth_date
from accounts.timezones import age_on, today_in

# One message for an unknown, a used and an expired code (docs/API.md), so it tells each of them what to do next.
CODE_DOES_NOT_WORK = gettext_lazy(
    "This code doesn't work. It may have a typo, be used already, or be more than 7 days old. "
    "Ask the person who invited you for a new code."
)


def _clean_sees(sees):
    unknown = sorted(set(sees or ()) - set(Share.values))
    if unknown:
        message = _("Unknown category: %(names)s. Use core, mood or notes.") % {"names": ", ".join(unknown)}
        raise ValidationError({"sees": [message]})
    return normalize_sees(sees)


@transaction.atomic
def create_child_profile(parent, *, display_name, birth_date, consent: bool, terms_version: str | None = None):
    """A child's profile, kept by `parent`, who agrees (`consent`) to the terms in `accounts.terms`: the version
    and the time are kept with the profile. `terms_version`, where the client names the version it showed, must
    be the current one."""
    if parent.role != Role.PARENT:
        raise PermissionDenied(_("Only a parent or guardian can create a child's profile."))
    errors = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = [_("Tell us your child's name.")]
    if consent is not True:
        errors["consent"] = [str(terms.CONSENT_NEEDED)]
    elif terms_version is not None and terms_version != terms.CHILD_PROFILE_TERMS_VERSION:
        errors["consent"] = [str(terms.TERMS_CHANGED)]
    check_birth_date(birth_date, parent.timezone, errors)
    if "birth_date" not in errors and age_on(birth_date, today_in(parent.timezone)) >= MIN_SELF_SIGNUP_AGE:
        errors["birth_date"] = [
            _("Children 13 and older create their own account and invite you, so the diary stays theirs.")
        ]
    if errors:
        raise ValidationError(errors)
    child = Patient.objects.create(
        display_name=display_name,
        birth_date=birth_date,
        timezone=parent.timezone,
        consent_given_at=current_time(),
        consent_terms_version=terms.CHILD_PROFILE_TERMS_VERSION,
        consent_given_by=parent,
    )
    CareTeamMember.objects.create(
        patient=child, member=parent, relation=Relation.PARENT, sees=sorted(EVERYTHING), manages=True
    )
    return child


def create_invitation(access, actor, *, role, sees=None):
    """Returns (invitation, code). The code is kept hashed, for the lookup, and sealed, so that its owner can see it
    again while it works (accounts/sealed.py)."""
    access.require_owner(_("Only the diary's owner can invite people."))
    if role not in INVITABLE:
        raise ValidationError({"role": [_("Invite a parent or a clinician.")]})
    code = new_code()
    invitation = Invitation.objects.create(
        patient=access.patient,
        created_by=actor,
        role=role,
        sees=_clean_sees(sees),
        code_hash=hash_code(code),
        code_sealed=seal(code),
        expires_at=current_time() + INVITATION_LIFETIME,
    )
    return invitation, code


def cancel_invitation(access, invitation_id):
    """Deletes a code not used yet: a pending one, or an expired one that a new code replaces."""
    access.require_owner(_("Only the diary's owner can cancel invitations."))
    unused = Invitation.objects.filter(patient=access.patient, used_at__isnull=True)
    deleted, _kinds = unused.filter(pk=invitation_id).delete()
    if not deleted:
        raise NotVisible(_("No such invitation."))


@transaction.atomic
def accept_invitation(user, code, *, clinic_id=None):
    """Links `user`, or the clinic `clinic_id` they are a member of, to the invitation's patient. Unknown, used and
    expired codes get one and the same error; so does a clinic the caller is not a member of."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("patient")
        .filter(code_hash=hash_code(code or ""))
        .pending()
        .first()
    )
    membership = None
    if clinic_id is not None:
        membership = ClinicMember.objects.active().select_related("clinic").filter(clinic_id=clinic_id, user=user)
        membership = membership.first()
    if invitation is None or (clinic_id is not None and membership is None):
        raise ValidationError({"code": [str(CODE_DOES_NOT_WORK)]})
    if user.role != invitation.role:
        if invitation.role == Relation.PARENT:
            message = _("This code is for a parent. Sign in with a parent's account to use it.")
        else:
            message = _("This code is for a clinician. Sign in with a clinician's account to use it.")
        raise ValidationError({"code": [message]})
    if membership is not None and invitation.role != Relation.CLINICIAN:
        raise ValidationError({"code": [_("A clinic joins a care team with a code for a clinician.")]})
    team = CareTeamMember.objects.active().filter(patient=invitation.patient)
    existing = (team.filter(member=user) if membership is None else team.filter(clinic=membership.clinic)).first()
    if existing is not None and not existing.paused:
        message = _("You're already on %(name)s's care team.") % {"name": invitation.patient.display_name}
        if membership is not None:
            message = _("%(clinic)s is already on %(name)s's care team.") % {
                "clinic": membership.clinic.name,
                "name": invitation.patient.display_name,
            }
        raise ValidationError({"code": [message]})
    if existing is not None:  # paused, and invited again: the new invitation's choices replace the paused link
        existing.ended_at = current_time()
        existing.save(update_fields=["ended_at"])
    invitation.used_at, invitation.used_by, invitation.code_sealed = current_time(), user, ""
    invitation.save(update_fields=["used_at", "used_by", "code_sealed"])
    if membership is not None:
        return CareTeamMember.objects.create(
            patient=invitation.patient,
            clinic=membership.clinic,
            accepted_by=user,
            relation=Relation.CLINIC,
            sees=invitation.sees,
        )
    return CareTeamMember.objects.create(
        patient=invitation.patient, member=user, relation=invitation.role, sees=invitation.sees
    )


def forget_expired_codes(now=None):
    """Clears the sealed code of every invitation that has expired (the daily prune runs it; a code that ran out is
    never shown anyway). Answers how many."""
    expired = Invitation.objects.filter(expires_at__lte=now or current_time()).exclude(code_sealed="")
    return expired.update(code_sealed="")


def care_team(patient):
    """The active links, oldest first: people, and clinics with their active members (two queries)."""
    members = ClinicMember.objects.active().select_related("user").order_by("since", "pk")
    return (
        CareTeamMember.objects.active()
        .filter(patient=patient)
        .select_related("member", "clinic")
        .prefetch_related(Prefetch("clinic__members", members, to_attr="active_members"))
        .order_by("since", "pk")
    )


def _member_link(access, link_id):
    link = care_team(access.patient).filter(pk=link_id).first()
    if link is None:
        raise NotVisible(_("No such care team member."))
    return link


def change_sees(access, link_id, sees):
    access.require_owner(_("Only the diary's owner can change what people see."))
    link = _member_link(access, link_id)
    if link.manages:
        raise ValidationError({"sees": [_("A parent who manages this profile sees everything.")]})
    link.sees = _clean_sees(sees)
    link.save(update_fields=["sees"])
    return link


def set_paused(access, link_id, paused: bool):
    """Pauses a member (on the team, reading nothing) or resumes one; a parent's link pauses by itself on the
    teen's 18th birthday (`accounts.growing_up`), and a resumed one never pauses by itself again."""
    access.require_owner(_("Only the diary's owner can pause or resume someone."))
    link = _member_link(access, link_id)
    if link.manages:
        raise ValidationError({"paused": [_("A parent who keeps this profile can't be paused.")]})
    now = current_time()
    if paused and link.paused_at is None:
        link.paused_at = now
    elif not paused and link.paused_at is not None:
        link.paused_at, link.resumed_at = None, now
    link.save(update_fields=["paused_at", "resumed_at"])
    return link


def end_membership(access, link_id, user):
    """The owner removes anyone (a clinic: every member of it at once); a member may leave, and a clinic's admin may
    take the clinic off. It takes effect on the very next request."""
    link = _member_link(access, link_id)
    leaving = link.member_id == user.pk or (
        link.clinic_id is not None
        and ClinicMember.objects.active().filter(clinic_id=link.clinic_id, user=user, role=ClinicRole.ADMIN).exists()
    )
    if not access.is_owner and not leaving:
        raise PermissionDenied(_("Only the diary's owner can remove other people."))
    if link.manages and link.member_id == user.pk:
        raise ValidationError({"detail": [_("You manage this profile, so you can't leave its care team.")]})
    link.ended_at = current_time()
    link.save(update_fields=["ended_at"])
