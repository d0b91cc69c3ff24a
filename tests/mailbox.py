"""A real SMTP server on loopback (aiosmtpd) for the tests that send email: Stride sends through Django's SMTP
backend, as in production, and the test reads what arrived.

`mailbox` starts the server for one test and points the settings at it; `mailbox.wait_for(address)` answers the
messages that reached `address` (each an `email.message.EmailMessage`, parsed as a mail client would).
"""

import email
import logging
import re
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from scripts.production_copy import free_port


class Inbox:
    """The aiosmtpd handler: keeps every message it accepts, with the addresses it was delivered to."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name for the hook)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.received if address in recipients]

    def wait_for(self, address, count=1, timeout=5.0):
        """The messages to `address` once there are `count` of them (emails go out as the request commits)."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        messages = self.to(address)
        assert len(messages) >= count, f"{len(messages)} email(s) to {address}, expected {count}: {self.received}"
        return messages


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message, path):
    """The one link to `path` (such as "/reset/") in the plain-text part."""
    links = set(re.findall(r"https?://\S+", text_of(message)))
    found = [link for link in links if path in link]
    assert len(found) == 1, (path, links)
    return found[0]


@pytest.fixture
def mailbox(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()
