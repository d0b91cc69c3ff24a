"""Throttles of keeping an account: wrong one-time codes, emails sent on request, and password checks.

The rates count in Django's default cache, which every worker and server process shares (a database cache unless the
deployment sets up another); wrong codes are counted in `accounts.lockout`'s table, which nothing culls. A view whose
throttle must count refused tries (a 400) runs outside the request's transaction
(`api.throttles.CountsFailuresMixin`): a count written in it would be rolled back with the 400.
"""

import hashlib

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle, UserRateThrottle

from accounts import lockout


def _hashed(value: str) -> str:
    # A cache key has a length limit and no place for odd characters; an email in a body is whatever was sent.
    return hashlib.sha256(value.strip().lower()[:254].encode(errors="surrogatepass")).hexdigest()


def _body_email(request) -> str:
    email = request.data.get("email", "") if hasattr(request.data, "get") else ""
    return str(email)


class WrongCodeThrottle(BaseThrottle):
    """Refuses at once (429) every try of an account whose two-step codes are paused: five wrong codes (the app's or
    recovery codes) within 15 minutes, until the latest of them is 15 minutes old. A read only: the codes are counted
    and judged by `accounts.lockout` (a table nothing culls, one try at a time), in the service that checks them.

    The account is the signed-in caller or, at sign-in, the `email` of the body.
    """

    def allow_request(self, request, view):
        email = request.user.email if request.user and request.user.is_authenticated else _body_email(request)
        self.paused_for = lockout.code_pause(email=email) if email.strip() else None
        return self.paused_for is None

    def wait(self):
        return self.paused_for.total_seconds()


class ResetEmailThrottle(SimpleRateThrottle):
    """Password-reset emails: at most 5 an hour to one address, asked from anywhere. Counted whether or not an
    account has the address, so the answer never tells."""

    scope = "password_reset"
    rate = "5/hour"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": _hashed(_body_email(request))}


class AccountEmailThrottle(UserRateThrottle):
    """Emails a signed-in person asks for (a confirmation link, a change of address): 10 an hour."""

    scope = "account_email"
    rate = "10/hour"


class PasswordCheckThrottle(UserRateThrottle):
    """Actions that check the password of a signed-in person: 10 an hour, so an open session cannot be used
    to guess it."""

    scope = "password_check"
    rate = "10/hour"
