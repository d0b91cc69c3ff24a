"""A child's diary becomes her own (docs/API.md, Growing up with Stride).

A parent who keeps a child's profile asks for a handover once the child is 13 (`request_handover`): the child's
address gets a link to `/handover/<token>/`, which works once, for 14 days; a newer link replaces an older one. On
it she chooses a password and a name (`accept_handover`): a new teen account owns the diary, with everything in it
(entries, check-ins, goals, reminders, access log, care team: all hang on the patient, which stays the same row),
and each parent who kept it stays on her care team seeing `core` alone, which she may change or end. The parent's
own sign-ins are left as they are.
"""

import datetime

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import formats
from django.utils.timezone import now as current_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Access
from accounts.birthdays import HANDOVER_AGE, turns
from accounts.emails import send_account_email, site_link
from accounts.models import HANDOVER_LIFETIME, CareTeamMember, Handover, Language, Patient, Role, Share, User
from accounts.models.handover import hash_token, new_token
from accounts.services import DISPLAY_NAME_MISSING, EMAIL_NOT_VALID, LinkNotValid
from accounts.signals import diary_handed_over
from accounts.timezones import age_on

# Says no more than sign-up does about an address that has an account (docs/API.md: register answers it with a 400).
EMAIL_HAS_ACCOUNT = gettext_lazy(
    "This email already has a Stride account. A diary moves to a new account: use an address that has none yet."
)
ONLY_THE_KEEPER = gettext_lazy("Only a parent who keeps this child's profile can give the diary to them.")


def _require_keeper(access: Access) -> None:
    if access.link is None or not access.link.manages or access.patient.account_id is not None:
        raise PermissionDenied(ONLY_THE_KEEPER)


def old_enough_on(patient: Patient) -> datetime.date:
    """The first day on which the diary can be handed over: the 13th birthday, in the patient's own calendar."""
    return turns(patient.birth_date, HANDOVER_AGE)


def can_hand_over(patient: Patient) -> bool:
    """13 or older, in the patient's own calendar."""
    return age_on(patient.birth_date, patient.today()) >= HANDOVER_AGE


def _checked_address(email: str) -> str:
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": [EMAIL_NOT_VALID]}) from None
    if User.objects.filter(email=address).exists():
        raise ValidationError({"email": [EMAIL_HAS_ACCOUNT]})
    return address


@transaction.atomic
def request_handover(access: Access, actor: User, *, email: str) -> Handover:
    """Emails `email` a link that gives the child her diary. 403 for anyone but a keeping parent, 400 before the
    13th birthday or for an address with an account. Any older link of this diary stops working."""
    _require_keeper(access)
    patient = access.patient
    if not can_hand_over(patient):
        date = old_enough_on(patient)
        message = _("%(name)s can have the diary as their own from their 13th birthday, on %(date)s.") % {
            "name": patient.display_name,
            "date": formats.date_format(date, "DATE_FORMAT"),
        }
        raise ValidationError({"detail": [message]})
    address = _checked_address(email)
    Handover.objects.filter(patient=patient, used_at__isnull=True).delete()
    token, now = new_token(), current_time()
    handover = Handover.objects.create(
        patient=patient,
        created_by=actor,
        email=address,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + HANDOVER_LIFETIME,
    )
    send_account_email(
        to=address,
        kind="handover",
        context={
            "name": patient.display_name,
            "parent": actor.display_name,
            "link": site_link(handover_path(token)),
            "days": HANDOVER_LIFETIME.days,
        },
    )
    return handover


def handover_path(token: str) -> str:
    return f"/handover/{token}/"


def pending_handover(patient: Patient) -> Handover | None:
    return Handover.objects.filter(patient=patient).pending().first()


def usable_handover(token: str) -> Handover | None:
    """The link's handover while it still works, else None: used, expired, altered, replaced by a newer one, or a
    diary that is no longer a child's kept by the parent who sent it. One answer for them all."""
    handover = (
        Handover.objects.select_related("patient", "created_by")
        .filter(token_hash=hash_token(token or ""))
        .pending()
        .first()
    )
    if handover is None or handover.patient.account_id is not None:
        return None
    kept = CareTeamMember.objects.active().filter(patient=handover.patient, member=handover.created_by, manages=True)
    return handover if kept.exists() else None


@transaction.atomic
def accept_handover(*, token: str, password: str, display_name: str, language: str = Language.EN) -> User:
    """Creates the teen's account from a link and gives her the diary. A used, expired or altered link raises
    LinkNotValid, the one 400 for all three."""
    handover = usable_handover(token)
    if handover is None:
        raise LinkNotValid
    now = current_time()
    # Claimed before anything else is read, so that two tries at once with one link make one account and the
    # others all hear the link is used (on PostgreSQL the second waits on this row; a failed check below rolls
    # the claim back with everything else).
    if not Handover.objects.filter(pk=handover.pk, used_at__isnull=True).update(used_at=now):
        raise LinkNotValid
    patient = handover.patient
    errors = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = [DISPLAY_NAME_MISSING]
    if User.objects.filter(email=handover.email).exists():  # an account made with this address since
        errors["detail"] = [
            _("This email got a Stride account of its own since the link was sent. Ask for a link to another address.")
        ]
    try:
        password_validation.validate_password(password, User(email=handover.email, display_name=display_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    teen = User.objects.create_user(
        email=handover.email,
        password=password,
        display_name=display_name,
        role=Role.TEEN,
        timezone=patient.timezone,
        language=language,
        email_verified=True,  # the link reached this address
    )
    Handover.objects.filter(pk=handover.pk).update(used_by=teen)
    patient.account, patient.display_name, patient.handed_over_at = teen, display_name, now
    patient.save(update_fields=["account", "display_name", "handed_over_at"])
    keepers = list(CareTeamMember.objects.active().filter(patient=patient, manages=True).select_related("member"))
    CareTeamMember.objects.filter(pk__in=[link.pk for link in keepers]).update(manages=False, sees=[Share.CORE])
    diary_handed_over.send(sender=Patient, patient=patient, teen=teen)
    for link in keepers:
        send_account_email(
            to=link.member.email,
            kind="handover_done",
            context={
                "name": link.member.display_name,
                "child": display_name,
                "diary_link": site_link(f"/patients/{patient.pk}/"),
            },
        )
    return teen
