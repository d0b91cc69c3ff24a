"""Throttles of keeping an account: wrong one-time codes, emails sent on request, and password checks.

All count in Django's default cache, which every worker and server process shares (a database cache unless the
deployment sets up another). A view whose throttle must count refused tries (a 400) runs outside the request's
transaction (`api.throttles.CountsFailuresMixin`): a count written in it would be rolled back with the 400.
"""

import hashlib

from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


def _hashed(value: str) -> str:
    # A cache key has a length limit and no place for odd characters; an email in a body is whatever was sent.
    return hashlib.sha256(value.strip().lower()[:254].encode(errors="surrogatepass")).hexdigest()


def _body_email(request) -> str:
    email = request.data.get("email", "") if hasattr(request.data, "get") else ""
    return str(email)


class WrongCodeThrottle(SimpleRateThrottle):
    """Five wrong one-time codes (the app's or recovery codes) for one account within 15 minutes: from then on
    every try for that account gets 429 until the oldest of them is 15 minutes old. Only wrong codes count (the
    view reports them with `wrong_code`), and only after the right password, so nobody can lock an account
    without its password. A right code clears the count.

    The account is the signed-in caller or, at sign-in, the `email` of the body.
    """

    scope = "wrong_code"
    rate = "5/15min"
    LIMIT = 5
    WINDOW = 15 * 60

    def parse_rate(self, rate):
        return (self.LIMIT, self.WINDOW)

    @classmethod
    def _key(cls, email: str) -> str:
        return cls.cache_format % {"scope": cls.scope, "ident": _hashed(email)}

    def get_cache_key(self, request, view):
        email = request.user.email if request.user and request.user.is_authenticated else _body_email(request)
        return self._key(email) if email.strip() else None

    def allow_request(self, request, view):
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return True

    @classmethod
    def wrong_code(cls, email: str) -> None:
        key = cls._key(email)
        now = cls.timer()
        history = [at for at in cls.cache.get(key, []) if at > now - cls.WINDOW]
        cls.cache.set(key, [now, *history], cls.WINDOW)

    @classmethod
    def right_code(cls, email: str) -> None:
        cls.cache.delete(cls._key(email))


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
