"""API tokens, stored hashed: a stolen database copy holds no usable key.

A person may hold one token per device; signing out ends only the token that was used.
"""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import ApiToken, hash_key


class HashedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Your sign-in has ended. Please sign in again.")
        return (token.user, token)
