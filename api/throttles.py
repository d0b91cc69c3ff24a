from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class AccountAndAddressThrottle(SimpleRateThrottle):
    """Counts attempts per (address, account) pair: never per address alone, since a school shares one."""

    def get_cache_key(self, request, view):
        email = request.data.get("email", "") if hasattr(request.data, "get") else ""
        account = str(email).strip().lower()[:254]
        return self.cache_format % {"scope": self.scope, "ident": f"{self.get_ident(request)}|{account}"}


class LoginThrottle(AccountAndAddressThrottle):
    scope = "login"


class RegisterThrottle(AccountAndAddressThrottle):
    scope = "register"


class InviteThrottle(UserRateThrottle):
    scope = "invite"


class AcceptThrottle(UserRateThrottle):
    """Limits code guesses per account; codes are long enough that guessing within this rate is hopeless."""

    scope = "accept"
