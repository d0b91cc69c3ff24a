"""Nothing kept longer than it is needed (docs/API.md, Growing up with Stride): `prune` deletes, kind by kind, what has
served its purpose. `python manage.py prune` runs it, and the worker every day.

How long each kind is kept is said once, here: the privacy page shows these periods (`kept_for`). Each step deletes
only rows past their period at `now`, so running it twice deletes nothing more. The diary itself, the account and the
care team are not here: they are kept until their owner deletes them (Settings).
"""

import dataclasses
import datetime
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.db.models import Q
from django.utils.timezone import now as current_time
from django_tasks_db.models import DBTaskResult

from accounts import lockout
from accounts.models import AccessLogEntry, ApiToken, Handover, Invitation
from accounts.selectors import EXPIRED_SHOWN_FOR
from accounts.services import EMAIL_CHANGES_KEPT, prune_email_changes
from accounts.sharing import forget_expired_codes
from accounts.tokens import IDLE_LIMIT
from reminders.models import ReminderSent, ScheduledRun

# How long each kind is kept. Invitations stay as long as the Sharing page lists a code that ran out, so that a new
# one is one tap away; handover links the same.
API_TOKENS_IDLE = IDLE_LIMIT  # a token unused this long has stopped working (accounts.tokens)
LINKS_KEPT = EXPIRED_SHOWN_FOR  # after an invitation code or a handover link was used or ran out
REMINDERS_KEPT = datetime.timedelta(days=90)  # which reminder went out when, and the worker's schedule rows
TASKS_KEPT = datetime.timedelta(days=7)  # a finished background job (sending reminders, emails, this pruning)
ACCESS_LOG_YEARS = 6  # each line of who read a diary


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same date and time `years` earlier (28 February for a 29 February that year lacks)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def expired_sessions(now: datetime.datetime) -> int:
    """Browser sign-ins past their expiry (SESSION_COOKIE_AGE after they were last saved). Django's `clearsessions`
    deletes the same rows but does not say how many, so the engine's own model is asked here."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):  # sessions not in the database: they expire by themselves
        store.clear_expired()
        return 0
    return store.get_model_class().objects.filter(expire_date__lt=now).delete()[0]


def idle_api_tokens(now: datetime.datetime) -> int:
    return ApiToken.objects.filter(last_used_at__lte=now - API_TOKENS_IDLE).delete()[0]


def _done_with(now: datetime.datetime) -> Q:
    """Used, or ran out unused, longer ago than LINKS_KEPT."""
    before = now - LINKS_KEPT
    return Q(used_at__lt=before) | Q(used_at__isnull=True, expires_at__lt=before)


def old_invitations(now: datetime.datetime) -> int:
    return Invitation.objects.filter(_done_with(now)).delete()[0]


def old_handover_links(now: datetime.datetime) -> int:
    return Handover.objects.filter(_done_with(now)).delete()[0]


def old_reminder_records(now: datetime.datetime) -> int:
    # By when it was claimed: a claim whose sender died before sending has no `sent_at`, and goes all the same.
    return ReminderSent.objects.filter(claimed_at__lt=now - REMINDERS_KEPT).delete()[0]


def old_schedule_rows(now: datetime.datetime) -> int:
    return ScheduledRun.objects.filter(minute__lt=now - REMINDERS_KEPT).delete()[0]


def finished_tasks(now: datetime.datetime) -> int:
    # django-tasks-db's own `finished()` (successful or failed); its prune_db_task_results command does the same.
    return DBTaskResult.objects.finished().filter(finished_at__lt=now - TASKS_KEPT).delete()[0]


def old_access_log(now: datetime.datetime) -> int:
    cutoff = years_before(now, ACCESS_LOG_YEARS)
    # By its latest read, as ever; found by its first (in an index; a visit lasts at most half a day).
    return AccessLogEntry.objects.filter(first_at__lt=cutoff, at__lt=cutoff).delete()[0]


@dataclasses.dataclass(frozen=True)
class Step:
    kind: str  # as `prune` reports it
    delete: Callable[[datetime.datetime], int]  # deletes what is past its time at `now`; answers how many rows


STEPS = [
    Step("expired sessions", expired_sessions),
    Step("API tokens unused for 30 days", idle_api_tokens),
    Step("invitations", old_invitations),
    Step("codes kept to show again, once run out", forget_expired_codes),
    Step("handover links", old_handover_links),
    Step("reminders sent", old_reminder_records),
    Step("worker schedule rows", old_schedule_rows),
    Step("finished tasks", finished_tasks),
    Step("access-log lines", old_access_log),
    Step("sign-in failure counts", lockout.prune_expired),
    Step("changes of email", prune_email_changes),
]


def prune(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Runs every step at one `now`; answers how many rows each deleted, in the order of STEPS."""
    now = now or current_time()
    return {step.kind: step.delete(now) for step in STEPS}


def kept_for() -> dict[str, int]:
    """The periods the privacy page states, in the units it says them in (days, or years for the access log)."""
    return {
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "api_token_days": API_TOKENS_IDLE.days,
        "link_days": LINKS_KEPT.days,
        "reminder_days": REMINDERS_KEPT.days,
        "task_days": TASKS_KEPT.days,
        "access_log_years": ACCESS_LOG_YEARS,
        "failure_minutes": int(lockout.LONGEST_WINDOW.total_seconds() // 60),
        "email_change_days": EMAIL_CHANGES_KEPT.days,
    }
