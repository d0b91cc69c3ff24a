"""A pending change of email dies with the password (docs/API.md, Corrections 1.2).

The attack: someone who knows Maya's password asks to move her account to their own address. Maya gets the notice,
sets a new password (or resets it, or signs out everywhere). The link in the attacker's mailbox must then be dead:
before this, the attacker (signed out) opened it, then reset the password through the new address and owned the
account. Emails go through a real SMTP server on loopback and are read as they arrived.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts import services
from accounts.models import EmailChange, User
from accounts.services import LINK_NOT_VALID
from tests.conftest import client_for
from tests.factories import PASSWORD, PatientFactory, UserFactory
from tests.mailbox import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

ATTACKER = "attacker@evil.example"
NEW_PASSWORD = "a brand new sentence"
SITE = "https://stride.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.STRIDE_SITE_URL = SITE


@pytest.fixture
def maya(db):
    return PatientFactory(account__email="maya@example.com", account__display_name="Maya").account


def token_of(link):
    return urlsplit(link).path.split("/")[2]


def ask_to_move(client, mailbox, address):
    """Asks to move Maya's account to `address`; answers the token of the link sent there, and the notice that
    reached Maya's own address."""
    confirmations, notices = len(mailbox.to(address)), len(mailbox.to("maya@example.com"))
    assert client.post("/api/v1/auth/email/", {"password": PASSWORD, "email": address}).status_code == 202
    confirmation = mailbox.wait_for(address, count=confirmations + 1)[-1]
    notice = mailbox.wait_for("maya@example.com", count=notices + 1)[-1]
    return token_of(link_in(confirmation, "/confirm-email/")), notice


def confirm(token):
    return APIClient().post("/api/v1/auth/email/confirm/", {"token": token}, format="json")


def cancel(token):
    return APIClient().post("/api/v1/auth/email/cancel/", {"token": token}, format="json")


@pytest.fixture
def attacker(mailbox, maya):
    """Signed in with Maya's password, from the attacker's own phone."""
    signed_in = APIClient()
    token = signed_in.post("/api/v1/auth/token/", {"email": maya.email, "password": PASSWORD}).json()["token"]
    signed_in.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return signed_in


def maya_resets_her_password(mailbox):
    assert APIClient().post("/api/v1/auth/password-reset/", {"email": "maya@example.com"}).status_code == 202
    reset = [m for m in mailbox.wait_for("maya@example.com", count=2) if "/reset/" in text_of(m)][-1]
    uid, token = urlsplit(link_in(reset, "/reset/")).path.split("/")[2:4]
    body = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert APIClient().post("/api/v1/auth/password-reset/confirm/", body, format="json").status_code == 204


def maya_changes_her_password(maya):
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client_for(maya).post("/api/v1/auth/password/", body, format="json").status_code == 204


def maya_signs_out_everywhere(maya):
    assert client_for(maya).post("/api/v1/auth/logout-all/").status_code == 204


OWNER_ACTS = {
    "changes the password": lambda maya, mailbox: maya_changes_her_password(maya),
    "resets the password": lambda maya, mailbox: maya_resets_her_password(mailbox),
    "signs out everywhere": lambda maya, mailbox: maya_signs_out_everywhere(maya),
}


@pytest.mark.parametrize("act", OWNER_ACTS)
def test_the_attackers_link_dies_when_the_owner_acts(act, attacker, maya, mailbox):
    token, notice = ask_to_move(attacker, mailbox, ATTACKER)
    assert ATTACKER in text_of(notice)
    OWNER_ACTS[act](maya, mailbox)

    # The attacker, signed out, opens the link: the one 400 of any link that doesn't work, and nothing changes.
    answer = confirm(token)
    assert answer.status_code == 400, "the attacker's link still moved the account"
    assert answer.json() == {"detail": LINK_NOT_VALID}
    maya.refresh_from_db()
    assert maya.email == "maya@example.com"
    # So a reset through the attacker's address reaches no one.
    assert APIClient().post("/api/v1/auth/password-reset/", {"email": ATTACKER}).status_code == 202
    assert len(mailbox.to(ATTACKER)) == 1  # the confirmation link only, no reset link
    # The page behind the link says plainly what happened.
    page = Client().get(f"/confirm-email/{token}/")
    assert page.status_code == 400
    assert b"This change of email was stopped" in page.content
    assert b"Yes, confirm my email" not in page.content


def test_only_the_latest_pending_change_can_be_confirmed(attacker, maya, mailbox):
    first, _ = ask_to_move(attacker, mailbox, "first@example.com")
    second, _ = ask_to_move(attacker, mailbox, "second@example.com")
    answer = confirm(first)
    assert answer.status_code == 400, "an older link still moved the account"
    assert answer.json() == {"detail": LINK_NOT_VALID}
    page = Client().get(f"/confirm-email/{first}/")
    assert page.status_code == 400 and b"a newer change of email" in page.content
    assert confirm(second).status_code == 204
    maya.refresh_from_db()
    assert (maya.email, maya.email_verified) == ("second@example.com", True)
    # Used: the same 400 as any link that doesn't work.
    assert confirm(second).status_code == 400


def test_the_notice_to_the_old_address_cancels_the_change_signed_out_once(attacker, maya, mailbox):
    token, notice = ask_to_move(attacker, mailbox, ATTACKER)
    cancel_link = link_in(notice, "/cancel-email-change/")
    assert cancel_link.startswith(f"{SITE}/cancel-email-change/") and cancel_link in html_of(notice)
    page = Client().get(urlsplit(cancel_link).path)
    assert page.status_code == 200 and ATTACKER.encode() in page.content
    assert b"Cancel this change" in page.content

    done = cancel(token_of(cancel_link))
    assert done.status_code == 204
    again = cancel(token_of(cancel_link))
    assert (again.status_code, again.json()) == (400, {"detail": LINK_NOT_VALID})
    page = Client().get(urlsplit(cancel_link).path)
    assert page.status_code == 400 and b"already cancelled" in page.content
    # The confirmation link is dead, and its page says the change was cancelled.
    assert confirm(token).status_code == 400
    page = Client().get(f"/confirm-email/{token}/")
    assert page.status_code == 400 and b"was cancelled" in page.content
    maya.refresh_from_db()
    assert maya.email == "maya@example.com"


def test_a_cancel_link_never_confirms_and_a_confirmation_link_never_cancels(attacker, maya, mailbox):
    token, notice = ask_to_move(attacker, mailbox, ATTACKER)
    cancel_token = token_of(link_in(notice, "/cancel-email-change/"))
    assert confirm(cancel_token).status_code == 400
    assert cancel(token).status_code == 400
    for altered in (cancel_token[:-2] + "xx", "nope", ""):
        answer = cancel(altered)
        assert answer.status_code == 400, altered
    assert confirm(token).status_code == 204


def test_a_change_to_an_address_with_an_account_also_replaces_the_pending_one(attacker, maya, mailbox):
    UserFactory(email="taken@example.com")
    token, _ = ask_to_move(attacker, mailbox, "free@example.com")
    assert attacker.post("/api/v1/auth/email/", {"password": PASSWORD, "email": "taken@example.com"}).status_code == 202
    mailbox.wait_for("taken@example.com")
    assert confirm(token).status_code == 400
    maya.refresh_from_db()
    assert maya.email == "maya@example.com"


def test_the_link_that_confirms_the_sign_up_address_still_works_the_same_way(mailbox):
    body = {"email": "june@example.com", "password": PASSWORD, "display_name": "June", "role": "parent"}
    assert APIClient().post("/api/v1/auth/register/", body, format="json").status_code == 201
    token = token_of(link_in(mailbox.wait_for("june@example.com")[0], "/confirm-email/"))
    assert Client().get(f"/confirm-email/{token}/").status_code == 200
    assert confirm(token).status_code == 204
    assert User.objects.get(email="june@example.com").email_verified
    assert confirm(token).status_code == 400


def test_old_changes_of_email_are_deleted_after_30_days(attacker, maya, mailbox):
    token, _ = ask_to_move(attacker, mailbox, ATTACKER)
    asked = EmailChange.objects.get().asked_at
    assert services.prune_email_changes(asked + datetime.timedelta(days=30)) == 0
    assert services.prune_email_changes(asked + datetime.timedelta(days=30, seconds=1)) == 1
    assert services.prune_email_changes(asked + datetime.timedelta(days=31)) == 0
    page = Client().get(f"/confirm-email/{token}/")
    assert page.status_code == 400 and b"doesn't work any more" in page.content
