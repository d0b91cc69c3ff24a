"""Emails about an account: every one goes out through `send_account_email`, which queues it for the background
worker (`manage.py run_worker`) once the request's transaction commits. The request never waits on the mail server,
so how long it takes says nothing about whether an account has an address (docs/API.md, Corrections 1.2).

Each email has a calm subject, a plain-text and an HTML part (templates `accounts/email/<kind>.txt`, `.html` and
`_subject.txt`), names Stride, and never holds health data: links and account facts only.
"""

import datetime
import json
import logging

from django.conf import settings
from django.core.checks import Info, Tags, Warning, register
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import TaskContext, task

from accounts.models import User

logger = logging.getLogger(__name__)

KINDS = frozenset(
    {
        "confirm_email",  # a link that confirms an address: the one given at sign-up, or a new one
        "email_change_notice",  # to the old address, when someone asks to move the account to another
        "email_in_use",  # to an address that already has an account, instead of a confirmation link
        "sign_up_tried",  # to an address that already has an account, when someone tries to sign up with it
        "password_reset",  # a link to set a new password
        "password_changed",  # a notice after the password was changed or reset
        "two_step_on",  # a notice after an authenticator app was set up
        "two_step_off",  # a notice after it was removed
        "sign_in_paused",  # to the owner, when repeated wrong passwords paused sign-in from one address
        "reminder",  # the daily reminder someone asked for (reminders/): a link to Today, nothing about the diary
        "handover",  # to a child of 13 or older: a link to take over the diary her parent kept (accounts.handover)
        "handover_done",  # to that parent, once she has: what they see from now on
        "adult_notice",  # to a teen 30 days before she turns 18: parents' access will pause (accounts.growing_up)
        "adult_paused",  # to each parent on her 18th birthday: their access is paused until she resumes it
    }
)


def site_link(path: str) -> str:
    """An absolute link for an email: `STRIDE_SITE_URL`, never the Host header of the request that asked."""
    return f"{settings.STRIDE_SITE_URL}{path}"


# Account emails go before the minute's reminders waiting in the queue: someone is waiting for a link.
EMAIL_PRIORITY = 10


def recipient_language(address: str, fallback: str | None = None) -> str:
    """The language of whoever reads `address`: the account that has it; for an address no account has yet (a new
    email being confirmed), `fallback` (the language of the request that asked), else the active one."""
    found = User.objects.filter(email=address).values_list("language", flat=True).first()
    return found or fallback or translation.get_language() or settings.LANGUAGE_CODE


def build_account_email(
    *, to: str, kind: str, context: dict | None = None, language: str | None = None
) -> EmailMultiAlternatives:
    """One account email, written in `language` (by default the recipient's, `recipient_language`)."""
    if kind not in KINDS:
        raise ValueError(f"No such account email: {kind}")
    language = language or recipient_language(to)
    context = {"site_url": settings.STRIDE_SITE_URL, "settings_link": site_link("/settings/"), **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"accounts/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"accounts/email/{kind}.txt", context)
        html = render_to_string(f"accounts/email/{kind}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers={"Content-Language": language})
    message.attach_alternative(html, "text/html")
    return message


def send_account_email(*, to: str, kind: str, context: dict | None = None, language: str | None = None) -> None:
    """Queues one account email for the background worker once the current transaction commits (nothing goes out
    for a write that is rolled back); the worker writes it in the recipient's language and sends it. The request
    only adds a row to the queue: it never waits on the mail server, whose answer (or failure) cannot change it.
    `context` holds plain values (strings, numbers, dates): the queue keeps it as JSON until the email has left."""
    if kind not in KINDS:
        raise ValueError(f"No such account email: {kind}")
    job = {
        "to": to,
        "kind": kind,
        # Through JSON now, as the queue will: a value it cannot keep fails here, in the request, not after commit.
        "values": json.loads(json.dumps(_queued(context or {}))),
        "language": language,
        "fallback_language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    queued = deliver_account_email.using(backend=settings.ACCOUNT_EMAIL_TASK_BACKEND)
    transaction.on_commit(lambda: queued.enqueue(**job))


@task(priority=EMAIL_PRIORITY, takes_context=True)
def deliver_account_email(
    context: TaskContext, *, to: str, kind: str, values: dict, language: str | None, fallback_language: str
) -> str:
    """The worker's job for `send_account_email`."""
    sent = write_and_send_account_email(
        to=to, kind=kind, context=_unqueued(values), language=language or recipient_language(to, fallback_language)
    )
    # Its links open an account (a new address, a new password): once sent, the queue keeps no copy of them.
    queued = getattr(context.task_result, "db_result", None)  # the database backend's row (not in tests' own one)
    if queued is not None:
        type(queued).objects.filter(pk=queued.pk).update(args_kwargs={"args": [], "kwargs": {"kind": kind}})
    return "sent" if sent else "not sent"


def _queued(context: dict) -> dict:
    """A context as JSON keeps it: a date (a birthday, a link's last day) as {"date": "YYYY-MM-DD"}, so that the
    template still writes it in the recipient's own format (`|date`), which it cannot do with plain text."""
    return {
        name: {"date": value.isoformat()}
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        else value
        for name, value in context.items()
    }


def _unqueued(values: dict) -> dict:
    return {
        name: datetime.date.fromisoformat(value["date"])
        if isinstance(value, dict) and set(value) == {"date"}
        else value
        for name, value in values.items()
    }


def write_and_send_account_email(*, to: str, kind: str, context: dict, language: str | None = None) -> bool:
    """Writes one account email and sends it now, from a job of the worker. A failure is logged, never raised;
    answers whether it went out."""
    return _deliver(build_account_email(to=to, kind=kind, context=context, language=language), kind)


def send_account_emails_now(messages: list[EmailMultiAlternatives], *, kind: str) -> int:
    """Sends many emails at once over one connection, for the background worker (the daily reminders). Answers how
    many went out; a failure is logged, never raised, so that one bad mail server does not stop the worker."""
    sent = 0
    if not messages:
        return sent
    try:
        with get_connection() as connection:
            for message in messages:
                message.connection = connection
                try:
                    sent += message.send()
                except OSError:  # this address refused: the others still go
                    logger.exception("A %s email could not be sent.", kind)
    except OSError:  # no connection to the mail server at all
        logger.exception("The %s emails could not be sent.", kind)
    return sent


def _deliver(message: EmailMultiAlternatives, kind: str) -> bool:
    try:
        return bool(message.send())
    except OSError:  # smtplib.SMTPException is an OSError, like a refused or timed-out connection
        logger.exception("The %s email could not be sent.", kind)
        return False


class NotConfiguredBackend(BaseEmailBackend):
    """Production without EMAIL_HOST: logs that an email was not sent, without its body (which may hold a link
    that signs someone in)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning("Email not sent (set EMAIL_HOST to send email): %r", message.subject)
        return 0


@register(Tags.compatibility, deploy=True)
def check_email_is_configured(app_configs, **kwargs):
    if not settings.EMAIL_BACKEND.endswith(".NotConfiguredBackend"):
        return []
    return [
        Info(
            "EMAIL_HOST is not set, so Stride sends no email: no password-reset links, no email confirmations.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL).",
            id="stride.I001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url_is_https(app_configs, **kwargs):
    if settings.STRIDE_SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "STRIDE_SITE_URL is not an https address, so links in emails (such as password resets) are not private.",
            hint="Set STRIDE_SITE_URL to the site's https address, such as https://stride.example.org.",
            id="stride.W001",
        )
    ]
