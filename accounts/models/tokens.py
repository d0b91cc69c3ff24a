"""API tokens, stored hashed: a stolen copy of the database holds no usable key."""

import hashlib
import secrets

from django.db import models
from django.utils.timezone import now as current_time

from accounts.models.people import User


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def issue(self, user):
        """Creates a token and returns its key: the only time the key exists outside the client."""
        key = secrets.token_urlsafe(32)
        self.create(user=user, key_hash=hash_key(key))
        return key


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Refreshed as the token is used (at most every few minutes); a token idle for IDLE_LIMIT stops working.
    last_used_at = models.DateTimeField(default=current_time)

    objects = ApiTokenManager()

    def __str__(self):
        return f"token of {self.user_id} from {self.created_at:%Y-%m-%d}"
