"""Sign-in lockout: after repeated wrong passwords from one address for one account, that pair waits.

The sign-in throttle counts every attempt per minute; this counts failures over a longer spell, so that slow
guessing stops too. Only the account-and-address pair is locked: the owner signing in from home is never
locked out by someone guessing from elsewhere, and a school behind one address is never locked out by one
pupil's account. Counts live in the shared cache (config/settings.py CACHES), so every worker sees them.
"""

import datetime
import hashlib

from django.core.cache import cache

from accounts.emails import send_account_email, site_link
from accounts.models import User

FAILURES_BEFORE_LOCK = 8
WINDOW = datetime.timedelta(minutes=15)  # failures older than this are forgotten
COOL_OFF = datetime.timedelta(minutes=15)


def _key(kind: str, email: str, address: str) -> str:
    pair = f"{email.strip().lower()}|{address}".encode(errors="surrogatepass")
    return f"stride:lockout:{kind}:{hashlib.sha256(pair).hexdigest()}"


def is_locked(*, email: str, address: str) -> bool:
    return cache.get(_key("locked", email, address)) is not None


def record_failure(*, email: str, address: str) -> None:
    """Counts one wrong password; the one that locks the pair also tells the account's owner, if there is one."""
    failures_key = _key("failures", email, address)
    failures = cache.get(failures_key, 0) + 1
    cache.set(failures_key, failures, int(WINDOW.total_seconds()))
    if failures < FAILURES_BEFORE_LOCK:
        return
    cache.set(_key("locked", email, address), True, int(COOL_OFF.total_seconds()))
    cache.delete(failures_key)
    owner = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if owner is not None:
        context = {
            "name": owner.display_name,
            "minutes": int(COOL_OFF.total_seconds() // 60),
            "forgot_link": site_link("/forgot-password/"),
        }
        send_account_email(to=owner.email, kind="sign_in_paused", context=context)


def clear(*, email: str, address: str) -> None:
    """A right sign-in forgets the earlier failures of the pair."""
    cache.delete(_key("failures", email, address))
