"""The API's token authentication: hashed tokens (accounts.tokens), answered in the language on the account."""

from accounts import tokens
from accounts.middleware import use_language_of


class HashedTokenAuthentication(tokens.HashedTokenAuthentication):
    """DRF reads the token inside the view, after the middleware that sets a signed-in person's language has run,
    so the language is set here, before the view says anything (its errors included)."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            use_language_of(request._request, found[0])
        return found
