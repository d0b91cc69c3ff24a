"""Counts of wrong passwords and wrong two-step codes (accounts/lockout.py): a table of their own.

Not Django's cache: the database cache culls a third of its entries once it holds 300, and the local-memory one does
the same, so anyone who makes many cache entries (password-reset requests for made-up addresses) could free a locked
account. Nothing here is deleted but by `lockout.prune_expired`, once a count is older than its window.

Only hashes are kept: of the email typed (an account's or not) and of the address or browser the tries came from.
"""

from django.db import models
from django.db.models import Q


class FailureScope(models.TextChoices):
    ADDRESS = "address"  # wrong passwords for an account from one address, by browsers the account doesn't know
    ACCOUNT = "account"  # wrong passwords for an account from every browser it doesn't know, together
    DEVICE = "device"  # wrong passwords from one browser the account knows (its device cookie)
    CODE = "code"  # wrong two-step codes for an account, after the right password


class FailureCount(models.Model):
    scope = models.CharField(max_length=10, choices=FailureScope.choices)
    account = models.CharField(max_length=64, help_text="sha256 of the email typed, trimmed and lower-cased")
    source = models.CharField(
        max_length=64, blank=True, help_text="sha256 of the address or browser; empty for the account as a whole"
    )
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(help_text="The latest failure counted: the count is forgotten a window after it.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "account", "source"], name="one_count_per_scope_and_source"),
            models.CheckConstraint(condition=Q(scope__in=FailureScope.values), name="failure_scope_known"),
        ]
        indexes = [models.Index(fields=["account"]), models.Index(fields=["last_at"])]

    def __str__(self):
        return f"{self.failures} {self.scope} failures"
