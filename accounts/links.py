"""The links Stride emails: set a new password (`/reset/<uid>/<token>/`), confirm an address
(`/confirm-email/<token>/`) and cancel a change of address (`/cancel-email-change/<token>/`). All are signed with
the secret key, so none can be made up or altered; each works once and expires.

- A password link is Django's `default_token_generator`: its hash covers the password, the last sign-in and the
  email, so it stops working once the password changes; PASSWORD_RESET_TIMEOUT (1 hour) ends it otherwise.
- The link that confirms the address an account already has (sent at sign-up) carries the account, that address
  and a hash of the account's email state (its address and whether it is confirmed): once used, that state has
  changed, so it works once. It ends after EMAIL_LINK_LIFETIME. It never moves an account to another address.
- A change of address is a row (`EmailChange`): its two links carry the row's id, each signed for its own purpose
  (one confirms, the other cancels, never the other way round), and the row says whether it can still happen.
"""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User

EMAIL_LINK_LIFETIME = datetime.timedelta(days=3)
_EMAIL_SALT = "accounts.links.email"
_LARGEST_ID = 2**63 - 1
_EMAIL_LINK_KEYS = {"u": int, "e": str, "s": str}
_CHANGE_SALT = "accounts.links.email-change."
CONFIRM, CANCEL = "confirm", "cancel"


def password_reset_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/reset/{uid}/{default_token_generator.make_token(user)}/"


def user_for_password_reset(uid: str, token: str) -> User | None:
    """The account a password link is for, or None for a used, expired or altered link (one answer for all)."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not 0 < pk <= _LARGEST_ID:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def _email_state(user: User) -> str:
    return salted_hmac(_EMAIL_SALT, f"{user.email}|{user.email_verified}", algorithm="sha256").hexdigest()[:24]


def confirm_email_path(user: User) -> str:
    """The link that confirms the address the account has now."""
    token = signing.dumps({"u": user.pk, "e": user.email, "s": _email_state(user)}, salt=_EMAIL_SALT, compress=True)
    return f"/confirm-email/{token}/"


def read_email_link(token: str) -> User | None:
    """The account whose present address the link confirms, or None for a used, expired or altered link."""
    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=EMAIL_LINK_LIFETIME)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), kind) for key, kind in _EMAIL_LINK_KEYS.items()):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None or data["e"] != user.email or not constant_time_compare(data["s"], _email_state(user)):
        return None
    return user


def email_change_path(change_id: int, purpose: str) -> str:
    """The link that confirms (`CONFIRM`) or cancels (`CANCEL`) one change of address."""
    token = signing.dumps({"c": change_id}, salt=_CHANGE_SALT + purpose)
    return f"/{'confirm-email' if purpose == CONFIRM else 'cancel-email-change'}/{token}/"


def read_email_change_link(token: str, purpose: str) -> int | None:
    """The id of the change a link of this `purpose` names, or None for an altered one (or one of the other
    purpose). Whether the change can still happen is the row's to say."""
    try:
        data = signing.loads(token, salt=_CHANGE_SALT + purpose)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not 0 < data["c"] <= _LARGEST_ID:
        return None
    return data["c"]
