"""Writes to accounts: sign-up, profile changes, keeping an account (passwords, email, signing out everywhere),
account deletion. Rules live here, once."""

import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.timezone import now as current_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from accounts import links, lockout
from accounts.emails import EMAIL_PRIORITY, send_account_email, site_link, write_and_send_account_email
from accounts.models import (
    MIN_SELF_SIGNUP_AGE,
    ApiToken,
    CareTeamMember,
    EmailChange,
    EmailChangeState,
    Language,
    Patient,
    Role,
    User,
)
from accounts.timezones import age_on, is_valid_timezone, today_in

# Said in the language of the request that gets them (lazy: translated when the answer is written).
UNDER_13_MESSAGE = gettext_lazy(
    "You need to be 13 or older to create your own account. "
    "Please ask a parent or guardian to sign up as a parent and create your profile."
)
TIMEZONE_MESSAGE = gettext_lazy("Choose a time zone from the list, such as America/Chicago.")
LINK_NOT_VALID = gettext_lazy(
    "This link doesn't work any more. Links work once, and only for a while. Ask for a new one and use the newest."
)
DISPLAY_NAME_MISSING = gettext_lazy("Tell us what to call you.")
EMAIL_NOT_VALID = gettext_lazy("Enter a valid email address.")
SIGN_UP_TRIED_EVERY = 60 * 60  # seconds: at most one "someone tried to sign up" email an hour to one address


class LinkNotValid(Exception):
    """A password or email link that is used, expired or altered: one and the same 400 for all three."""

    def __init__(self):
        super().__init__(LINK_NOT_VALID)


def _check_timezone(name, errors):
    if not is_valid_timezone(name):
        errors["timezone"] = [TIMEZONE_MESSAGE]


def _today_for(timezone_name):
    return today_in(timezone_name if is_valid_timezone(timezone_name) else "UTC")


def check_birth_date(birth_date, timezone_name, errors, field="birth_date"):
    today = _today_for(timezone_name)
    if birth_date > today:
        errors[field] = [_("A birth date can't be in the future.")]
    elif birth_date < today - datetime.timedelta(days=366 * 120):
        errors[field] = [_("Please check the year of this birth date.")]


def register_account(
    *,
    email,
    password,
    display_name,
    role,
    birth_date=None,
    timezone="UTC",
    language=Language.EN,
    send_confirmation: bool = True,
):
    """Creates an account; a teen also gets their own patient record. Raises ValidationError by field.

    The address gets a confirmation link (`send_confirmation`); the account works before it is opened. An address that
    already has an account gets its 400 (docs/API.md) only after the password is hashed all the same, so the answer
    takes about as long as a new account's, and that address is told someone tried (`tell_of_sign_up_attempt`)."""
    errors: dict[str, list] = {}
    email = (email or "").strip().lower()
    display_name = (display_name or "").strip()
    holder = None
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [EMAIL_NOT_VALID]
    else:
        holder = User.objects.filter(email=email).first()
        if holder is not None:
            errors["email"] = [_("There is already an account with this email. Try signing in instead.")]
    if not display_name:
        errors["display_name"] = [DISPLAY_NAME_MISSING]
    if role not in Role.values:
        errors["role"] = [_("Choose teen, parent or clinician.")]
    _check_timezone(timezone, errors)
    if role == Role.TEEN:
        if birth_date is None:
            errors["birth_date"] = [_("Your birth date is needed to set up your diary.")]
        else:
            check_birth_date(birth_date, timezone, errors)
            if "birth_date" not in errors and age_on(birth_date, _today_for(timezone)) < MIN_SELF_SIGNUP_AGE:
                errors["birth_date"] = [UNDER_13_MESSAGE]
    candidate = User(email=email, display_name=display_name, role=role)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if holder is not None and list(errors) == ["email"]:  # a sign-up that would have worked with a new address
        make_password(password)  # the work of a new account's password, so the answer's time tells nothing
        tell_of_sign_up_attempt(holder=holder)
    if errors:
        raise ValidationError(errors)
    return _create_account(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        birth_date=birth_date,
        timezone=timezone,
        language=language,
        send_confirmation=send_confirmation,
    )


@transaction.atomic
def _create_account(*, email, password, display_name, role, birth_date, timezone, language, send_confirmation):
    user = User.objects.create_user(
        email=email, password=password, display_name=display_name, role=role, timezone=timezone, language=language
    )
    if role == Role.TEEN:
        Patient.objects.create(account=user, display_name=display_name, birth_date=birth_date, timezone=timezone)
    if send_confirmation:
        send_confirmation_link(user=user)
    return user


def tell_of_sign_up_attempt(*, holder: User) -> None:
    """Emails an address that has an account that someone tried to sign up with it: at most one such email an hour
    to one address, so that nobody can fill a mailbox by trying again and again."""
    if not cache.add(f"stride:sign-up-tried:{holder.pk}", True, timeout=SIGN_UP_TRIED_EVERY):
        return
    send_account_email(
        to=holder.email,
        kind="sign_up_tried",
        context={
            "name": holder.display_name,
            "login_link": site_link("/login/"),
            "forgot_link": site_link("/forgot-password/"),
        },
    )


@transaction.atomic
def update_profile(user, *, display_name=None, timezone=None, language=None):
    errors: dict[str, list] = {}
    if display_name is not None and not display_name.strip():
        errors["display_name"] = [DISPLAY_NAME_MISSING]
    if timezone is not None:
        _check_timezone(timezone, errors)
    if language is not None and language not in Language.values:
        errors["language"] = [_("Choose English (en) or Spanish (es).")]
    if errors:
        raise ValidationError(errors)
    if display_name is not None:
        user.display_name = display_name.strip()
    if timezone is not None:
        user.timezone = timezone
    if language is not None:
        user.language = language
    user.save(update_fields=["display_name", "timezone", "language"])
    # A teen's diary follows the teen: same name, same "today". Saved one by one (a teen has one) so that whoever
    # keeps something of the name hears of it (post_save: a clinic's list sorts by name).
    for patient in Patient.objects.filter(account=user):
        patient.display_name, patient.timezone = user.display_name, user.timezone
        patient.save(update_fields=["display_name", "timezone"])
    return user


@transaction.atomic
def delete_account(user, password):
    """Erases the account and every diary it alone keeps: a teen's own, and children a parent manages alone."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("That password isn't right, so nothing was deleted.")]})
    kept_by_others = CareTeamMember.objects.active().filter(manages=True).exclude(member=user)
    Patient.objects.kept_by(user).filter(account__isnull=True).exclude(care_team__in=kept_by_others).delete()
    user.delete()


def set_treatment_start(access, treatment_start):
    if not access.can_set_treatment_start:
        raise PermissionDenied(_("Only the diary's owner or a clinician can set when treatment started."))
    patient = access.patient
    if treatment_start is not None:
        errors: dict[str, list] = {}
        if treatment_start > patient.today():
            errors["treatment_start"] = [_("Treatment can't start in the future. Set it once it has begun.")]
        elif treatment_start < patient.birth_date:
            errors["treatment_start"] = [_("That date is before the birth date on this profile.")]
        if errors:
            raise ValidationError(errors)
    patient.treatment_start = treatment_start
    patient.save(update_fields=["treatment_start"])
    return patient


# Keeping an account (docs/API.md, version 1.1). Every answer about an email address is the same whether or not an
# account has it: these functions return nothing that tells, and emails go out after the transaction commits.


def end_sign_ins(*, user: User, keep_token: ApiToken | None = None) -> None:
    """Ends every session and API token of the account but `keep_token`. Sessions end through the session
    generation, part of each session's hash of its account; a view that keeps its own session then stores the
    new hash in it (`update_session_auth_hash`)."""
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    tokens = ApiToken.objects.filter(user=user)
    if keep_token is not None:
        tokens = tokens.exclude(pk=keep_token.pk)
    tokens.delete()


def _validated_password(password: str, user: User, field: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: list(error.messages)}) from None


def send_confirmation_link(*, user: User) -> None:
    """A link that confirms the account's address (sent at sign-up, and again on request until it is opened)."""
    if user.email_verified:
        return
    send_account_email(
        to=user.email,
        kind="confirm_email",
        context={"name": user.display_name, "link": site_link(links.confirm_email_path(user))},
    )


def request_password_reset(*, email: str) -> None:
    """Queues the worker's search for an active account with `email`, which then gets a link to set a new password
    (`email_password_reset`). The request does the same work whatever the address (one row in the queue, once the
    transaction commits), so neither the answer nor its time tells whether an account has it."""
    address = (email or "").strip().lower()
    job = email_password_reset.using(backend=settings.ACCOUNT_EMAIL_TASK_BACKEND)
    transaction.on_commit(lambda: job.enqueue(email=address))


@task(priority=EMAIL_PRIORITY)
def email_password_reset(*, email: str) -> str:
    """The worker's job: emails a link to set a new password where an active account has `email`, nothing otherwise.
    The link is made here, so the queue never holds one."""
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return "no such account"
    sent = write_and_send_account_email(
        to=user.email,
        kind="password_reset",
        context={"name": user.display_name, "link": site_link(links.password_reset_path(user))},
    )
    return "sent" if sent else "not sent"


@transaction.atomic
def reset_password(*, uid: str, token: str, password: str) -> User:
    """Sets a new password from an emailed link, which then stops working, and ends every sign-in of the account and
    any pending change of email. The link works whatever pause wrong passwords put on signing in, and lifts it.

    The link reached the account's address, so that address counts as confirmed from then on."""
    user = links.user_for_password_reset(uid, token)
    if user is None:
        raise LinkNotValid
    _validated_password(password, user, "password")
    user.set_password(password)
    user.email_verified = True
    user.save(update_fields=["password", "email_verified"])
    end_sign_ins(user=user)
    end_email_changes(user=user)
    lockout.forget_passwords(email=user.email)  # the link reached the owner: a pause for guessers must not hold her
    _password_changed_notice(user)
    return user


@transaction.atomic
def change_password(*, user: User, current_password: str, new_password: str, keep_token: ApiToken | None) -> None:
    """Changes the password and ends every other session and token (`keep_token`, or the caller's session, goes on)."""
    if not current_password or not user.check_password(current_password):
        raise ValidationError({"current_password": [_("That isn't your current password. Nothing was changed.")]})
    _validated_password(new_password, user, "new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    end_sign_ins(user=user, keep_token=keep_token)
    end_email_changes(user=user)
    _password_changed_notice(user)


def _password_changed_notice(user: User) -> None:
    send_account_email(
        to=user.email,
        kind="password_changed",
        context={"name": user.display_name, "forgot_link": site_link("/forgot-password/")},
    )


@transaction.atomic
def sign_out_everywhere(*, user: User) -> None:
    """Ends every session and token of the account, and any change of email asked from one of them."""
    end_sign_ins(user=user)
    end_email_changes(user=user)


def end_email_changes(*, user: User, state: str = EmailChangeState.ENDED) -> None:
    """Closes the account's pending change of email, if any: its links then confirm and cancel nothing.

    Called when the password changes or is reset and when every sign-in ends: whoever asked for the change may
    have known a password that no longer works, or held a sign-in that has just ended."""
    EmailChange.objects.filter(user=user, state=EmailChangeState.PENDING).update(state=state, closed_at=current_time())


@transaction.atomic
def request_email_change(*, user: User, password: str, email: str) -> None:
    """Sends the new address a confirmation link and the current one a notice with a link that cancels the change;
    the change waits for the first link. Only the latest change asked for can happen: it replaces any before it.

    An address that already has an account gets a note saying so instead of a link, and the answer is the same."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("That password isn't right, so nothing was changed.")]})
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": [EMAIL_NOT_VALID]}) from None
    if address == user.email:
        raise ValidationError({"email": [_("That's already your email address.")]})
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request of this account at a time
    end_email_changes(user=user, state=EmailChangeState.REPLACED)
    change = EmailChange.objects.create(user=user, new_email=address)
    if User.objects.filter(email=address).exists():
        send_account_email(to=address, kind="email_in_use", context={"forgot_link": site_link("/forgot-password/")})
    else:
        link = site_link(links.email_change_path(change.pk, links.CONFIRM))
        send_account_email(to=address, kind="confirm_email", context={"name": user.display_name, "link": link})
    send_account_email(
        to=user.email,
        kind="email_change_notice",
        context={
            "name": user.display_name,
            "new_email": address,
            "cancel_link": site_link(links.email_change_path(change.pk, links.CANCEL)),
            "forgot_link": site_link("/forgot-password/"),
        },
    )


# How long a change of email is kept after it was asked for, so that its links' pages can say what became of it.
EMAIL_CHANGES_KEPT = datetime.timedelta(days=30)


def prune_email_changes(now: datetime.datetime) -> int:
    """Deletes the changes of email asked for more than 30 days ago (their links stopped working after 3 days).
    Answers how many were deleted; running it twice deletes nothing more."""
    deleted, _ = EmailChange.objects.filter(asked_at__lt=now - EMAIL_CHANGES_KEPT).delete()
    return deleted


def _locked_change(token: str, purpose: str) -> EmailChange | None:
    change_id = links.read_email_change_link(token, purpose)
    if change_id is None:
        return None
    return EmailChange.objects.select_for_update().select_related("user").filter(pk=change_id).first()


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Opens an email link: confirms the account's address, or moves the account to the new one a pending change
    names. A change that was replaced, cancelled or ended, or whose link ran out, gets the one 400 of any link that
    doesn't work."""
    change = _locked_change(token, links.CONFIRM)
    if change is None:
        user = links.read_email_link(token)
        if user is None:
            raise LinkNotValid
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        return user
    user = change.user
    if change.status() != EmailChangeState.PENDING or not user.is_active:
        raise LinkNotValid
    if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
        raise LinkNotValid  # taken since the link was sent
    user.email = change.new_email
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    change.state, change.closed_at = EmailChangeState.CONFIRMED, current_time()
    change.save(update_fields=["state", "closed_at"])
    return user


@transaction.atomic
def cancel_email_change(*, token: str) -> None:
    """Opens the link in the notice to the old address: the pending change it names will not happen. Works once,
    signed in or not; a change already confirmed, cancelled, ended or run out gets the one 400."""
    change = _locked_change(token, links.CANCEL)
    if change is None or change.status() != EmailChangeState.PENDING:
        raise LinkNotValid
    change.state, change.closed_at = EmailChangeState.CANCELLED, current_time()
    change.save(update_fields=["state", "closed_at"])
