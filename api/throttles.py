import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework.exceptions import ValidationError
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class AccountAndAddressThrottle(SimpleRateThrottle):
    """Counts attempts per (address, account) pair: never per address alone, since a school shares one."""

    def get_cache_key(self, request, view):
        email = request.data.get("email", "") if hasattr(request.data, "get") else ""
        account = str(email).strip().lower()[:254]
        # Hashed: a cache key has a length limit (250 for memcached) and no place for odd characters, while the
        # email (and an X-Forwarded-For address) is whatever the client sent, unvalidated as yet.
        pair = f"{self.get_ident(request)}|{account}".encode(errors="surrogatepass")
        return self.cache_format % {"scope": self.scope, "ident": hashlib.sha256(pair).hexdigest()}


class LoginThrottle(AccountAndAddressThrottle):
    scope = "login"


class RegisterThrottle(AccountAndAddressThrottle):
    scope = "register"


class AddressThrottle(AnonRateThrottle):
    """Counts per client address alone (the connecting one, unless STRIDE_TRUSTED_PROXIES says otherwise),
    signed in or not: a broad limit over many accounts from one place, on top of the per-account ones."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RegisterAddressThrottle(AddressThrottle):
    scope = "register_address"


class InviteThrottle(UserRateThrottle):
    scope = "invite"


class FailuresOnlyThrottle(SimpleRateThrottle):
    """Counts only the tries its view reports as failed (`record_failure`): a clinic accepting a few hundred right
    codes in an afternoon is never held, while guessing codes is. Once the rate's count of failures is reached, every
    try waits until the oldest of them leaves the window."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return True

    def record_failure(self, request, view) -> None:
        key = self.get_cache_key(request, view)
        if self.rate is None or key is None:
            return
        now = self.timer()
        history = [at for at in self.cache.get(key, []) if at > now - self.duration]
        self.cache.set(key, [now, *history], self.duration)


class AcceptThrottle(FailuresOnlyThrottle, UserRateThrottle):
    """Limits wrong code guesses per account; codes are long enough that guessing within this rate is hopeless."""

    scope = "accept"


class AcceptAddressThrottle(FailuresOnlyThrottle, AddressThrottle):
    """Wrong codes tried from one address, whatever the account."""

    scope = "accept_address"


class CodeTriesMixin:
    """For a view that takes a code (joining a care team or a clinic): a wrong code counts against its throttles
    (`FailuresOnlyThrottle`), a right one does not."""

    def handle_exception(self, exc):
        if isinstance(exc, (DjangoValidationError, ValidationError)):
            for throttle in self.get_throttles():
                if isinstance(throttle, FailuresOnlyThrottle):
                    throttle.record_failure(self.request, self)
        return super().handle_exception(exc)


class CountsFailuresMixin:
    """For a view whose throttle must count failed tries (sign-in, sign-up, code guessing): runs it outside the
    request's transaction (ATOMIC_REQUESTS). On the database cache a throttle's count is a row written in the
    request's transaction, and a 400 rolls the transaction back, count and all: the failures would never add
    up. The view's writes go through services that open transactions of their own."""

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def handle_exception(self, exc):
        # DRF's handler marks whatever transaction is open for rollback, taking it for the request's. Outside
        # ATOMIC_REQUESTS the only one open is the caller's (a test's), which is not this view's to roll back.
        connection = transaction.get_connection()
        needed = connection.needs_rollback
        response = super().handle_exception(exc)
        if connection.in_atomic_block:
            connection.needs_rollback = needed
        return response
