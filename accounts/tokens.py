"""API tokens, stored hashed: a stolen database copy holds no usable key.

A person may hold one token per device; signing out ends only the token that was used. A token unused for
IDLE_LIMIT stops working (401) for good: using it again does not bring it back.
"""

import datetime

from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import ApiToken, hash_key

IDLE_LIMIT = datetime.timedelta(days=30)
# How stale `last_used_at` may get: it is written at most this often per token, not on every request.
TOUCH_EVERY = datetime.timedelta(minutes=5)
ENDED = gettext_lazy("Your sign-in has ended. Please sign in again.")


class HashedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(ENDED)
        now = current_time()
        if now - token.last_used_at >= IDLE_LIMIT:
            raise AuthenticationFailed(ENDED)
        if now - token.last_used_at >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return (token.user, token)
