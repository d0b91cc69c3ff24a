"""Device cookies: a browser that has signed in to an account before is told apart from everyone else.

OWASP's defence against guessing from many places ("Slow Down Online Guessing Attacks with Device Cookies"): after
a right sign-in (password, and code where one is needed) the browser gets a signed cookie naming the account and a
random nonce. At sign-in, a browser with such a cookie for the account is held only by its own count of wrong
passwords; every other browser shares the account's count (accounts/lockout.py). So a stranger who guesses from many
addresses pauses the account for strangers only, and a teen signing in on her own phone is never held by them.

The cookie is signed with the secret key, so it cannot be made up or moved to another account; it is sent to the
sign-in endpoints only (its path), never read by scripts (HttpOnly), and names up to `KEPT` accounts (a family
laptop). It holds no password and signs no one in.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing

from accounts.models import User

COOKIE = "stride_device"
PATH = "/api/v1/auth/"
AGE = datetime.timedelta(days=180)
KEPT = 5
_SALT = "accounts.devices"


def _entries(request) -> list[tuple[int, str]]:
    """The (account id, nonce) pairs of the browser's cookie, newest first; none for a missing or altered cookie."""
    raw = request.COOKIES.get(COOKIE, "")
    try:
        entries = signing.loads(raw, salt=_SALT, max_age=AGE) if raw else []
    except signing.BadSignature:
        return []
    if not isinstance(entries, list):
        return []
    return [
        (entry[0], entry[1])
        for entry in entries[:KEPT]
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and isinstance(entry[1], str)
    ]


def known_device(request, email: str) -> str | None:
    """This browser as the account with `email` knows it (account id and nonce), or None: no account has that email,
    or this browser never signed in to it."""
    account = User.objects.filter(email=email).values_list("pk", flat=True).first()
    if account is None:
        return None
    return next((f"{user_id}:{nonce}" for user_id, nonce in _entries(request) if user_id == account), None)


def remember(request, response, user: User) -> None:
    """After a right sign-in: the browser's cookie names this account (with the nonce it had, or a new one) first."""
    entries = _entries(request)
    nonce = next((nonce for user_id, nonce in entries if user_id == user.pk), None) or secrets.token_urlsafe(16)
    kept = [[user.pk, nonce]] + [[user_id, other] for user_id, other in entries if user_id != user.pk]
    response.set_cookie(
        COOKIE,
        signing.dumps(kept[:KEPT], salt=_SALT),
        max_age=int(AGE.total_seconds()),
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
