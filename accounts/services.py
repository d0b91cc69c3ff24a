"""Writes to accounts: sign-up, profile changes, keeping an account (passwords, email, signing out everywhere),
account deletion. Rules live here, once."""

import datetime

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import links
from accounts.emails import send_account_email, site_link
from accounts.models import MIN_SELF_SIGNUP_AGE, ApiToken, CareTeamMember, Language, Patient, Role, User
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


@transaction.atomic
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

    The address gets a confirmation link (`send_confirmation`); the account works before it is opened."""
    errors = {}
    email = (email or "").strip().lower()
    display_name = (display_name or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [EMAIL_NOT_VALID]
    else:
        if User.objects.filter(email=email).exists():
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
    if errors:
        raise ValidationError(errors)

    user = User.objects.create_user(
        email=email, password=password, display_name=display_name, role=role, timezone=timezone, language=language
    )
    if role == Role.TEEN:
        Patient.objects.create(account=user, display_name=display_name, birth_date=birth_date, timezone=timezone)
    if send_confirmation:
        send_confirmation_link(user=user)
    return user


@transaction.atomic
def update_profile(user, *, display_name=None, timezone=None, language=None):
    errors = {}
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
    # A teen's diary follows the teen: same name, same "today".
    Patient.objects.filter(account=user).update(display_name=user.display_name, timezone=user.timezone)
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
        errors = {}
        if treatment_start > patient.today():
            errors["treatment_start"] = [_("Treatment can't start in the future. Set it once it has begun.")]
        elif treatment_start < patient.birth_date:
            errors["treatment_start"] = [_("That date is before the birth date on this profile.")]
        if errors:
            raise ValidationError(errors)
    patient.treatment_start = treatment_start
    patient.save(update_fields=["treatment_start"])
    return patient


# Keeping an account (API.md, version 1.1). Every answer about an email address is the same whether or not an
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
        context={"name": user.display_name, "link": site_link(links.confirm_email_path(user, user.email))},
    )


def request_password_reset(*, email: str) -> None:
    """Emails a link to set a new password where an active account has `email`; nothing otherwise."""
    user = User.objects.filter(email=(email or "").strip().lower(), is_active=True).first()
    if user is None:
        return
    send_account_email(
        to=user.email,
        kind="password_reset",
        context={"name": user.display_name, "link": site_link(links.password_reset_path(user))},
    )


@transaction.atomic
def reset_password(*, uid: str, token: str, password: str) -> User:
    """Sets a new password from an emailed link, which then stops working, and ends every sign-in of the account.

    The link reached the account's address, so that address counts as confirmed from then on."""
    user = links.user_for_password_reset(uid, token)
    if user is None:
        raise LinkNotValid
    _validated_password(password, user, "password")
    user.set_password(password)
    user.email_verified = True
    user.save(update_fields=["password", "email_verified"])
    end_sign_ins(user=user)
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
    _password_changed_notice(user)


def _password_changed_notice(user: User) -> None:
    send_account_email(
        to=user.email,
        kind="password_changed",
        context={"name": user.display_name, "forgot_link": site_link("/forgot-password/")},
    )


def request_email_change(*, user: User, password: str, email: str) -> None:
    """Sends the new address a confirmation link and the current one a notice; the change waits for the link.

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
    if User.objects.filter(email=address).exists():
        send_account_email(to=address, kind="email_in_use", context={"forgot_link": site_link("/forgot-password/")})
    else:
        link = site_link(links.confirm_email_path(user, address))
        send_account_email(to=address, kind="confirm_email", context={"name": user.display_name, "link": link})
    send_account_email(
        to=user.email,
        kind="email_change_notice",
        context={"name": user.display_name, "new_email": address, "forgot_link": site_link("/forgot-password/")},
    )


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Opens an email link: confirms the account's address, or moves the account to the new one it names."""
    found = links.read_email_link(token)
    if found is None:
        raise LinkNotValid
    user, address = found
    if address != user.email:
        if User.objects.filter(email=address).exclude(pk=user.pk).exists():
            raise LinkNotValid  # taken since the link was sent
        user.email = address
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    return user
