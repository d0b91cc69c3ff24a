"""Two-step sign-in: an authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds) and 10 single-use recovery codes.

The codes are django-otp's: a `TOTPDevice` (confirmed once the person has typed a code from the app) and a
`StaticDevice` holding the recovery codes, each deleted as it is used. A code is accepted once: a TOTP code at a
time step no later than the last one accepted is refused, so a code seen over someone's shoulder cannot be
replayed. Every code typed is counted by `accounts.lockout` before it is checked (5 wrong, then a wait), and only
after the right password or within a signed-in session, so nobody can pause an account's codes without either.

Clinicians must have a confirmed email and an authenticator app before they read any patient when
STRIDE_CLINICIAN_MFA is "required": `require_clinician_second_step` is called by the one access function,
`accounts.access`, so no endpoint or page can miss it.
"""

import base64

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import lockout
from accounts.emails import send_account_email, site_link
from accounts.models import ApiToken, Role, User
from accounts.services import end_sign_ins

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"

# Said in the language of the request that gets them (lazy: translated when the answer is written).
MFA_REQUIRED_MESSAGE = gettext_lazy(
    "Clinicians confirm their email and set up an authenticator app before they can read a patient's diary. "
    "Go to Settings, then Two-step sign-in."
)
OTP_NEEDED = gettext_lazy("Type the 6-digit code from your authenticator app, or one of your recovery codes.")
OTP_WRONG = gettext_lazy(
    "That code didn't work. Codes change every 30 seconds: try the newest one, or a recovery code."
)
CODE_WRONG = gettext_lazy("That code didn't work. Codes change every 30 seconds: type the newest one from the app.")
START_FIRST = gettext_lazy("Start setting up the app first: there is no new code to check yet.")
PASSWORD_WRONG = gettext_lazy("That password isn't right.")  # (a message, not a password)


class MfaRequired(PermissionDenied):
    """A clinician who must set up two-step sign-in before reading any patient: 403 with code `mfa_required`."""

    code = "mfa_required"

    def __init__(self):
        super().__init__(MFA_REQUIRED_MESSAGE)


class WrongCode(ValidationError):
    """A wrong one-time code: a 400 with a message on `field` (the try stays counted by `accounts.lockout`)."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


def is_required_for(user: User) -> bool:
    return user.role == Role.CLINICIAN and settings.STRIDE_CLINICIAN_MFA == "required"


def has_app(user: User) -> bool:
    """Whether an authenticator app is set up: asked once per request (kept on the account object, which each request
    loads afresh), however many doors a read goes through."""
    if not hasattr(user, "_stride_has_app"):
        user._stride_has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return user._stride_has_app


def app_confirmed(user: User) -> Exists:
    """has_app as an expression, for a query that reads something else for the same request (a clinic membership)."""
    return Exists(TOTPDevice.objects.filter(user=user, confirmed=True))


def note_app(user: User, confirmed: bool) -> None:
    """Keeps what a query with `app_confirmed` found, for has_app to answer without asking again."""
    user._stride_has_app = confirmed


def _forget_app(user: User) -> None:
    user.__dict__.pop("_stride_has_app", None)


def needs_second_step(user: User) -> bool:
    """True for a clinician who may not read patients yet: a confirmed email and an app are both needed."""
    return is_required_for(user) and not (user.email_verified and has_app(user))


def require_clinician_second_step(user: User) -> None:
    if needs_second_step(user):
        raise MfaRequired


def status(user: User) -> dict:
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return {"totp": has_app(user), "recovery_codes_left": left, "required": is_required_for(user)}


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matches(user: User, code: str) -> bool:
    """Whether `code` is the app's current code or an unused recovery code; a recovery code is used up."""
    code = _normalized(code or "")
    if not code:
        return False
    if code.isdigit() and len(code) == 6:
        return any(device.verify_token(code) for device in TOTPDevice.objects.filter(user=user, confirmed=True))
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return recovery is not None and recovery.verify_token(code)


def check_sign_in_code(*, user: User, code: str | None) -> bool:
    """At sign-in, with an app set up: the `otp` must be the app's code or an unused recovery code. Answers
    whether a code was checked (False: no app, none needed)."""
    if not has_app(user):
        return False
    if not code:
        raise ValidationError({"otp": [OTP_NEEDED]})
    lockout.charge_code_try(email=user.email)
    if not _matches(user, code):
        raise WrongCode("otp", OTP_WRONG)
    lockout.code_was_right(email=user.email)
    return True


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed in: base32, without padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code(uri: str) -> str:
    """A QR code of `uri` as an SVG data URI, drawn here (an <img> the strict CSP allows: img-src data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000000", light="#ffffff")


@transaction.atomic
def start_app(*, user: User, password: str | None = None) -> TOTPDevice:
    """A new secret, not in force until `confirm_app`. Replacing an app already set up (a new phone) also needs
    the password, so a session left open somewhere cannot swap the app on its own."""
    if has_app(user) and not (password and user.check_password(password)):
        raise ValidationError({"password": [_("Type your password to move two-step sign-in to a new app.")]})
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def confirm_app(*, user: User, code: str, keep_token: ApiToken | None) -> list[str]:
    """Puts the newest started secret in force once `code` matches it, replaces any earlier app, and returns 10 new
    recovery codes (shown once). Every other session and token of the account ends (`keep_token`, or the caller's
    session, goes on): each was made without this app.

    The code is counted before it is checked, outside the transaction of the change: a wrong one stays counted."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if pending is None:
        raise ValidationError({"code": [START_FIRST]})
    code = _normalized(code or "")
    lockout.charge_code_try(email=user.email)
    if not (code.isdigit() and len(code) == pending.digits and pending.verify_token(code)):
        raise WrongCode("code", CODE_WRONG)
    lockout.code_was_right(email=user.email)
    return _put_in_force(user=user, device=pending, keep_token=keep_token)


@transaction.atomic
def _put_in_force(*, user: User, device: TOTPDevice, keep_token: ApiToken | None) -> list[str]:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _forget_app(user)
    codes = _new_recovery_codes(user)
    end_sign_ins(user=user, keep_token=keep_token)
    send_account_email(to=user.email, kind="two_step_on", context=_notice_context(user))
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in sorted(codes))
    # Shown as two groups of four ("abcd-efgh"); typed with or without the dash, in any case.
    return [f"{code[:4]}-{code[4:]}" for code in sorted(codes)]


@transaction.atomic
def set_up_app_without_code(*, user: User) -> tuple[str, list[str]]:
    """For `seed_demo` and the tests alone: an app in force at once, with no code typed and no email.
    Answers the secret (to add to an authenticator app) and the recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)
    _forget_app(user)
    return secret_of(device), _new_recovery_codes(user)


def remove_app(*, user: User, password: str, code: str) -> None:
    """Turns two-step sign-in off: refused (403) where the account must have it. The code is counted after the
    right password and before it is checked, outside the transaction of the change: a wrong one stays counted."""
    if is_required_for(user):
        raise PermissionDenied(
            _("Clinicians need two-step sign-in, so it can't be turned off. You can move it to a new phone instead.")
        )
    if not (password and user.check_password(password)):
        raise ValidationError({"password": [PASSWORD_WRONG]})
    if not has_app(user):
        raise ValidationError(_("Two-step sign-in is already off."))
    lockout.charge_code_try(email=user.email)
    if not _matches(user, code):
        raise WrongCode("code", CODE_WRONG)
    lockout.code_was_right(email=user.email)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _forget_app(user)
        send_account_email(to=user.email, kind="two_step_off", context=_notice_context(user))


def _notice_context(user: User) -> dict:
    return {"name": user.display_name, "forgot_link": site_link("/forgot-password/")}
