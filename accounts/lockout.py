"""Sign-in lockout: wrong passwords and wrong two-step codes, counted where nothing culls them, one try at a time.

What pauses, each for 15 minutes after the failure that reached its limit (the right password or code too):
- 8 wrong passwords for one account from one address, by browsers the account doesn't know: that pair waits. The
  owner signing in from home is not held by someone guessing from elsewhere, nor a school behind one address by one
  pupil's account.
- 20 wrong passwords for one account from every browser it doesn't know, together: signing in to that account from
  any browser it doesn't know waits. This stops guessing from many addresses at once.
- 8 wrong passwords from one browser the account knows (a device cookie, accounts/devices.py): that browser waits.
  Such a browser is held by nothing else, so a stranger's guessing never keeps a teen out of her diary on her own
  phone; elsewhere she waits 15 minutes at most, or sets a new password by email, which always works and forgets
  every count of wrong passwords of her account.
- 5 wrong two-step codes for one account, after the right password: codes for that account wait.

Each try is counted as a failure before it is judged, inside a transaction that locks its counts' rows, and refused
once a count has reached its limit: tries sent all at once are judged no more than the limit allows. A right
password gives its try back. The counts are rows of `FailureCount` (accounts/models/failure_count.py); rows older
than their window are deleted by `prune_expired(now)`, called on every right sign-in (one indexed delete beside the
sign-in's own writes) and meant for a `prune` command as well.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.timezone import now as current_time

from accounts.emails import send_account_email, site_link
from accounts.models import FailureCount, FailureScope, User

FAILURES_BEFORE_LOCK = 8  # one account from one address, or from one browser it knows
COOL_OFF = datetime.timedelta(minutes=15)
ACCOUNT_FAILURES_BEFORE_PAUSE = 20  # one account from every browser it doesn't know
ACCOUNT_PAUSE = datetime.timedelta(minutes=15)
CODE_FAILURES_BEFORE_PAUSE = 5
CODE_PAUSE = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    scope: str
    failures: int
    window: datetime.timedelta  # a count is forgotten this long after its latest failure; a pause lasts as long


FROM_ADDRESS = Limit(FailureScope.ADDRESS, FAILURES_BEFORE_LOCK, COOL_OFF)
FROM_ANYWHERE = Limit(FailureScope.ACCOUNT, ACCOUNT_FAILURES_BEFORE_PAUSE, ACCOUNT_PAUSE)
FROM_DEVICE = Limit(FailureScope.DEVICE, FAILURES_BEFORE_LOCK, COOL_OFF)
CODES = Limit(FailureScope.CODE, CODE_FAILURES_BEFORE_PAUSE, CODE_PAUSE)
LONGEST_WINDOW = max(limit.window for limit in (FROM_ADDRESS, FROM_ANYWHERE, FROM_DEVICE, CODES))
PASSWORD_SCOPES = (FailureScope.ADDRESS, FailureScope.ACCOUNT, FailureScope.DEVICE)


class Paused(Exception):
    """A try refused, not judged: a count it falls under has reached its limit. `wait` is how long is left."""

    def __init__(self, wait: datetime.timedelta):
        super().__init__(f"paused for {wait}")
        self.wait = wait


def _hashed(value: str) -> str:
    return hashlib.sha256(value.encode(errors="surrogatepass")).hexdigest()


def _account(email: str) -> str:
    return _hashed(email.strip().lower())


@dataclass
class PasswordTry:
    """One sign-in try, counted as a wrong password until it is judged."""

    email: str
    counted: list[tuple[Limit, str]]  # (limit, source) of each count it was added to
    failures: dict[str, int] = field(default_factory=dict)  # scope: the count with this try in it


def _charge(account: str, counted: list[tuple[Limit, str]], now: datetime.datetime) -> dict[str, int]:
    """Adds one failure to each count, or to none (raising Paused) when one of them has reached its limit."""
    failures = {}
    with transaction.atomic():
        rows = []
        for limit, source in sorted(counted, key=lambda pair: (pair[0].scope, pair[1])):  # one lock order for all
            row, _ = FailureCount.objects.select_for_update().get_or_create(
                scope=limit.scope, account=account, source=source, defaults={"last_at": now}
            )
            if row.last_at <= now - limit.window:
                row.failures = 0  # forgotten
            if row.failures >= limit.failures:
                raise Paused(row.last_at + limit.window - now)
            rows.append(row)
        for row in rows:
            row.failures += 1
            row.last_at = now
            row.save(update_fields=["failures", "last_at"])
            failures[row.scope] = row.failures
    return failures


def charge_password_try(*, email: str, address: str | None, device: str | None) -> PasswordTry:
    """Counts a sign-in try before its password is checked, or raises Paused. `address` is the client's (None when
    the server was not told one); `device` is this browser as the account knows it (accounts.devices.known_device),
    else None."""
    if device is not None:
        counted = [(FROM_DEVICE, _hashed(device))]
    else:
        counted = [(FROM_ADDRESS, _hashed(address or "")), (FROM_ANYWHERE, "")]
    attempt = PasswordTry(email=email, counted=counted)
    attempt.failures = _charge(_account(email), counted, current_time())
    return attempt


def password_was_right(attempt: PasswordTry) -> None:
    """Forgets the earlier failures of this address or browser, and gives the account's count this try back."""
    account = _account(attempt.email)
    for limit, source in attempt.counted:
        rows = FailureCount.objects.filter(scope=limit.scope, account=account, source=source)
        if limit is FROM_ANYWHERE:
            rows.filter(failures__gt=0).update(failures=F("failures") - 1)
        else:
            rows.delete()
    prune_expired(current_time())


def password_was_wrong(attempt: PasswordTry) -> None:
    """The try that reached a limit tells the account's owner (if an account has that email), once per pause."""
    reached = {limit.scope for limit, _ in attempt.counted if attempt.failures.get(limit.scope) == limit.failures}
    if not reached:
        return
    owner = User.objects.filter(email=attempt.email.strip().lower(), is_active=True).first()
    if owner is None:
        return
    everywhere = FailureScope.ACCOUNT in reached
    context = {
        "name": owner.display_name,
        "minutes": int((ACCOUNT_PAUSE if everywhere else COOL_OFF).total_seconds() // 60),
        "everywhere": everywhere,
        "forgot_link": site_link("/forgot-password/"),
    }
    send_account_email(to=owner.email, kind="sign_in_paused", context=context)


def forget_passwords(*, email: str) -> None:
    """A new password set from an emailed link: the wrong passwords counted for the account no longer matter."""
    FailureCount.objects.filter(account=_account(email), scope__in=PASSWORD_SCOPES).delete()


def charge_code_try(*, email: str) -> None:
    """Counts a two-step code (typed after the right password) before it is checked, or raises Paused."""
    _charge(_account(email), [(CODES, "")], current_time())


def code_was_right(*, email: str) -> None:
    FailureCount.objects.filter(scope=CODES.scope, account=_account(email)).delete()


def code_pause(*, email: str) -> datetime.timedelta | None:
    """How long codes for this account still wait, or None: read only, for an early refusal."""
    now = current_time()
    row = FailureCount.objects.filter(scope=CODES.scope, account=_account(email), source="").first()
    if row is None or row.failures < CODES.failures or row.last_at <= now - CODES.window:
        return None
    return row.last_at + CODES.window - now


def prune_expired(now: datetime.datetime) -> int:
    """Deletes the counts whose latest failure is older than the longest window: they count for nothing any more.
    Answers how many were deleted; running it twice deletes nothing more."""
    deleted, _ = FailureCount.objects.filter(last_at__lt=now - LONGEST_WINDOW).delete()
    return deleted
