import hashlib

from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


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


class InviteThrottle(UserRateThrottle):
    scope = "invite"


class AcceptThrottle(UserRateThrottle):
    """Limits code guesses per account; codes are long enough that guessing within this rate is hopeless."""

    scope = "accept"
