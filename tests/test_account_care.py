"""Keeping an account (docs/API.md, version 1.1): every row of its table, with emails sent through a real SMTP server
on loopback and read as they arrived.

Transactional tests: emails go out when the request's transaction commits, as they do in production.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.test import Client
from rest_framework.test import APIClient

from accounts.links import password_reset_path
from accounts.models import ApiToken, User
from accounts.services import LINK_NOT_VALID
from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import PASSWORD, EntryFactory, PatientFactory, UserFactory
from tests.mailbox import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a brand new sentence"
SITE = "https://stride.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.STRIDE_SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "Stride <no-reply@stride.example.org>"


@pytest.fixture
def maya(db):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    # Health data that must never reach an email.
    EntryFactory(patient=patient, pain=9, function=2, note="Knee hurt at netball", note_private=True)
    return patient.account


def browser_signed_in(user, password=PASSWORD):
    browser = Client()
    assert (
        browser.post(
            "/api/v1/auth/session/", {"email": user.email, "password": password}, content_type="application/json"
        ).status_code
        == 200
    )
    return browser


def signed_in(client):
    return client.get("/api/v1/me/").status_code == 200


def assert_calm_email(message, *, subject):
    """A plain-text and an HTML part, a calm subject, the product's name, no health data."""
    assert message["Subject"] == subject
    assert message["From"] == "Stride <no-reply@stride.example.org>"
    text, html = text_of(message), html_of(message)
    assert "Stride" in text and "Stride" in html
    assert html.lstrip().lower().startswith("<!doctype html>")
    for health in ("pain", "Knee", "netball", "function", "diary entry", "9/10"):
        assert health not in text and health not in html
    assert not re.search(r"urgent|immediately|warning|alert", subject + text, re.IGNORECASE)


def reset_parts(link):
    match = re.fullmatch(rf"{SITE}/reset/([^/]+)/([^/]+)/", link)
    assert match, link
    return match.group(1), match.group(2)


def request_reset(client, email):
    return client.post("/api/v1/auth/password-reset/", {"email": email}, format="json")


# POST /api/v1/auth/password-reset/


def test_a_reset_link_arrives_by_email_and_works_once(mailbox, maya, anon_client):
    response = request_reset(anon_client, "Maya@Example.com ")
    assert response.status_code == 202
    (message,) = mailbox.wait_for("maya@example.com")
    assert_calm_email(message, subject="Set a new password for Stride")
    link = link_in(message, "/reset/")
    assert link in html_of(message)
    assert "works once, for 1 hour" in text_of(message)
    uid, token = reset_parts(link)

    # The page behind the link offers the form.
    assert Client().get(urlsplit(link).path).status_code == 200
    done = anon_client.post(
        "/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": NEW_PASSWORD}, format="json"
    )
    assert done.status_code == 204
    maya.refresh_from_db()
    assert maya.check_password(NEW_PASSWORD) and not maya.check_password(PASSWORD)
    # Used: the same 400 as any link that doesn't work, and the page says so calmly.
    again = anon_client.post(
        "/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": "yet another sentence"}
    )
    assert again.status_code == 400 and again.json() == {"detail": LINK_NOT_VALID}
    page = Client().get(urlsplit(link).path)
    assert page.status_code == 400 and b"Send me a new link" in page.content
    # And a notice of the change.
    (notice,) = mailbox.wait_for("maya@example.com", count=2)[1:]
    assert_calm_email(notice, subject="Your Stride password was changed")


def test_an_unknown_address_gets_the_same_202_and_no_email(mailbox, maya, anon_client):
    known = request_reset(anon_client, "maya@example.com")
    unknown = request_reset(anon_client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    mailbox.wait_for("maya@example.com")
    assert [recipients for recipients, _ in mailbox.received] == [["maya@example.com"]]


def test_an_address_that_is_not_one_gets_a_field_message(anon_client):
    response = request_reset(anon_client, "not an address")
    assert response.status_code == 400 and "email" in response.json()


def test_reset_emails_to_one_address_are_throttled_whether_or_not_it_has_an_account(mailbox, maya):
    for address in ("maya@example.com", "nobody@example.com"):
        answers = [request_reset(APIClient(REMOTE_ADDR=f"10.0.0.{n}"), address).status_code for n in range(6)]
        assert answers == [202] * 5 + [429]
    assert len(mailbox.wait_for("maya@example.com", count=5)) == 5


# POST /api/v1/auth/password-reset/confirm/


def test_a_reset_ends_every_session_and_token(mailbox, maya, anon_client):
    phone, laptop = client_for(maya), browser_signed_in(maya)
    request_reset(anon_client, maya.email)
    uid, token = reset_parts(link_in(mailbox.wait_for(maya.email)[0], "/reset/"))
    body = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert anon_client.post("/api/v1/auth/password-reset/confirm/", body, format="json").status_code == 204
    assert not signed_in(phone) and not signed_in(laptop)
    assert not ApiToken.objects.filter(user=maya).exists()
    # The new password signs in, the old one doesn't.
    sign_in = anon_client.post("/api/v1/auth/token/", {"email": maya.email, "password": NEW_PASSWORD})
    assert sign_in.status_code == 200
    old = anon_client.post("/api/v1/auth/token/", {"email": maya.email, "password": PASSWORD})
    assert old.status_code == 400


def test_expired_and_altered_links_get_one_and_the_same_400(mailbox, maya, anon_client):
    request_reset(anon_client, maya.email)
    uid, token = reset_parts(link_in(mailbox.wait_for(maya.email)[0], "/reset/"))
    stranger = UserFactory()
    tries = {
        "altered token": {"uid": uid, "token": token[:-1] + ("a" if token[-1] != "a" else "b")},
        "another account": {"uid": password_reset_path(stranger).split("/")[2], "token": token},
        "garbage uid": {"uid": "!!", "token": token},
        "huge uid": {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "token": token},
        "garbage token": {"uid": uid, "token": "nope"},
    }
    for name, parts in tries.items():
        response = anon_client.post(
            "/api/v1/auth/password-reset/confirm/", {**parts, "password": NEW_PASSWORD}, format="json"
        )
        assert (response.status_code, response.json()) == (400, {"detail": LINK_NOT_VALID}), name
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=61)):
        expired = anon_client.post(
            "/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": NEW_PASSWORD}
        )
        assert (expired.status_code, expired.json()) == (400, {"detail": LINK_NOT_VALID})
        assert Client().get(f"/reset/{uid}/{token}/").status_code == 400
    maya.refresh_from_db()
    assert maya.check_password(PASSWORD)


def test_a_password_the_validators_refuse_gets_their_messages_and_the_link_still_works(mailbox, maya, anon_client):
    request_reset(anon_client, maya.email)
    uid, token = reset_parts(link_in(mailbox.wait_for(maya.email)[0], "/reset/"))
    weak = anon_client.post(
        "/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": "password1"}, format="json"
    )
    expected = []
    try:
        password_validation.validate_password("password1", maya)
    except Exception as error:  # noqa: BLE001 (a ValidationError: its messages are what the API must answer)
        expected = error.messages
    assert weak.status_code == 400 and weak.json() == {"password": expected} and len(expected) >= 2
    good = anon_client.post(
        "/api/v1/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": NEW_PASSWORD}, format="json"
    )
    assert good.status_code == 204


# POST /api/v1/auth/password/


def test_changing_the_password_ends_the_other_sign_ins_only(mailbox, maya):
    this_phone, other_phone, laptop = client_for(maya), client_for(maya), browser_signed_in(maya)
    response = this_phone.post(
        "/api/v1/auth/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 204
    assert signed_in(this_phone) and not signed_in(other_phone) and not signed_in(laptop)
    assert_calm_email(mailbox.wait_for(maya.email)[0], subject="Your Stride password was changed")


def test_changing_the_password_in_the_browser_keeps_that_session(maya):
    laptop, other_laptop, phone = browser_signed_in(maya), browser_signed_in(maya), client_for(maya)
    csrf = {"HTTP_X_CSRFTOKEN": laptop.cookies["csrftoken"].value} if "csrftoken" in laptop.cookies else {}
    response = laptop.post(
        "/api/v1/auth/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
        **csrf,
    )
    assert response.status_code == 204
    assert signed_in(laptop) and not signed_in(other_laptop) and not signed_in(phone)


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(maya):
    phone = client_for(maya)
    wrong = phone.post("/api/v1/auth/password/", {"current_password": "not it at all", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 400 and list(wrong.json()) == ["current_password"]
    weak = phone.post("/api/v1/auth/password/", {"current_password": PASSWORD, "new_password": "12345678"})
    assert weak.status_code == 400 and list(weak.json()) == ["new_password"]
    assert any("too short" in message for message in weak.json()["new_password"])
    maya.refresh_from_db()
    assert maya.check_password(PASSWORD)


def test_guessing_the_current_password_is_throttled(maya):
    phone = client_for(maya)
    answers = [
        phone.post("/api/v1/auth/password/", {"current_password": f"guess {n}", "new_password": NEW_PASSWORD})
        for n in range(11)
    ]
    assert [answer.status_code for answer in answers] == [400] * 10 + [429]


# POST /api/v1/auth/email/ and /api/v1/auth/email/confirm/


def test_changing_the_email_waits_for_the_link_and_tells_the_old_address(mailbox, maya):
    phone = client_for(maya)
    response = phone.post("/api/v1/auth/email/", {"password": PASSWORD, "email": "Maya.New@Example.com"})
    assert response.status_code == 202
    (confirmation,) = mailbox.wait_for("maya.new@example.com")
    (notice,) = mailbox.wait_for("maya@example.com")
    assert_calm_email(confirmation, subject="Confirm your email for Stride")
    assert_calm_email(notice, subject="Your Stride email is changing")
    assert "maya.new@example.com" in text_of(notice)
    assert phone.get("/api/v1/me/").json()["email"] == "maya@example.com"  # not yet

    link = link_in(confirmation, "/confirm-email/")
    assert link.startswith(f"{SITE}/confirm-email/")
    token = urlsplit(link).path.split("/")[2]
    assert Client().get(urlsplit(link).path).status_code == 200
    assert APIClient().post("/api/v1/auth/email/confirm/", {"token": token}, format="json").status_code == 204
    me = phone.get("/api/v1/me/").json()
    assert (me["email"], me["email_verified"]) == ("maya.new@example.com", True)
    again = APIClient().post("/api/v1/auth/email/confirm/", {"token": token}, format="json")
    assert again.status_code == 400 and again.json() == {"detail": LINK_NOT_VALID}
    # Signing in now takes the new address.
    new = APIClient().post("/api/v1/auth/token/", {"email": "maya.new@example.com", "password": PASSWORD})
    assert new.status_code == 200


def test_an_address_that_has_an_account_gets_the_same_202_and_no_link(mailbox, maya):
    UserFactory(email="taken@example.com")
    phone = client_for(maya)
    taken = phone.post("/api/v1/auth/email/", {"password": PASSWORD, "email": "taken@example.com"})
    free = phone.post("/api/v1/auth/email/", {"password": PASSWORD, "email": "free@example.com"})
    assert taken.status_code == free.status_code == 202 and taken.json() == free.json()
    (note,) = mailbox.wait_for("taken@example.com")
    assert_calm_email(note, subject="About your Stride account")
    assert "/confirm-email/" not in text_of(note) and "nothing changed" in text_of(note)
    assert len(mailbox.wait_for("maya@example.com", count=2)) == 2  # a notice for each request
    assert len(mailbox.wait_for("free@example.com")) == 1


def test_changing_the_email_needs_the_password_and_a_new_valid_address(mailbox, maya):
    phone = client_for(maya)
    wrong = phone.post("/api/v1/auth/email/", {"password": "not the password", "email": "x@example.com"})
    assert wrong.status_code == 400 and list(wrong.json()) == ["password"]
    for address in ("not an address", "maya@example.com"):
        response = phone.post("/api/v1/auth/email/", {"password": PASSWORD, "email": address})
        assert response.status_code == 400 and list(response.json()) == ["email"]
    assert not mailbox.received


def test_every_new_account_gets_a_link_that_confirms_its_address(mailbox, anon_client):
    body = {"email": "june@example.com", "password": PASSWORD, "display_name": "June", "role": "parent"}
    assert anon_client.post("/api/v1/auth/register/", body, format="json").status_code == 201
    june = User.objects.get(email="june@example.com")
    assert not june.email_verified
    (message,) = mailbox.wait_for("june@example.com")
    assert_calm_email(message, subject="Confirm your email for Stride")
    token = urlsplit(link_in(message, "/confirm-email/")).path.split("/")[2]
    assert client_for(june).get("/api/v1/me/").json()["email_verified"] is False
    assert APIClient().post("/api/v1/auth/email/confirm/", {"token": token}, format="json").status_code == 204
    assert client_for(june).get("/api/v1/me/").json()["email_verified"] is True


def test_a_teen_logs_her_day_before_confirming_her_email(mailbox, anon_client):
    body = {
        "email": "ella@example.com",
        "password": PASSWORD,
        "display_name": "Ella",
        "role": "teen",
        "birth_date": "2011-04-02",
    }
    anon_client.post("/api/v1/auth/register/", body, format="json")
    ella = User.objects.get(email="ella@example.com")
    assert not ella.email_verified
    day = ella.own_patient.today().isoformat()
    url = f"/api/v1/patients/{ella.own_patient.pk}/entries/{day}/"
    assert client_for(ella).put(url, {"function": 6, "pain": 4}, format="json").status_code == 201
    assert DailyEntry.objects.filter(patient=ella.own_patient).exists()


def test_email_links_expire_after_three_days_and_altered_ones_never_work(mailbox, maya):
    client_for(maya).post("/api/v1/auth/email/", {"password": PASSWORD, "email": "new@example.com"})
    token = urlsplit(link_in(mailbox.wait_for("new@example.com")[0], "/confirm-email/")).path.split("/")[2]
    for altered in (token[:-2] + "xx", token + "a", "not-a-token", "a:b:c"):
        response = APIClient().post("/api/v1/auth/email/confirm/", {"token": altered}, format="json")
        assert (response.status_code, response.json()) == (400, {"detail": LINK_NOT_VALID}), altered
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3, minutes=1)):
        expired = APIClient().post("/api/v1/auth/email/confirm/", {"token": token}, format="json")
        assert (expired.status_code, expired.json()) == (400, {"detail": LINK_NOT_VALID})
        page = Client().get(f"/confirm-email/{token}/")
        assert page.status_code == 400 and b"doesn't work any more" in page.content
    maya.refresh_from_db()
    assert maya.email == "maya@example.com"


def test_a_new_confirmation_link_on_request(mailbox):
    june = UserFactory(email="june@example.com", email_verified=False)
    assert client_for(june).post("/api/v1/auth/email/resend/").status_code == 202
    assert len(mailbox.wait_for("june@example.com")) == 1
    confirmed = UserFactory(email="kim@example.com")
    assert client_for(confirmed).post("/api/v1/auth/email/resend/").status_code == 202
    assert not mailbox.to("kim@example.com")


def test_emails_are_escaped_in_html_and_kept_as_typed_in_text(mailbox):
    UserFactory(email="sam@example.com", display_name="Sam <b>&</b> Co")
    request_reset(APIClient(), "sam@example.com")
    (message,) = mailbox.wait_for("sam@example.com")
    assert "Hi Sam <b>&</b> Co," in text_of(message)
    assert "Sam &lt;b&gt;&amp;&lt;/b&gt; Co" in html_of(message)


# POST /api/v1/auth/logout-all/


def test_signing_out_everywhere_ends_every_session_and_token_this_one_too(maya):
    phone, tablet, laptop = client_for(maya), client_for(maya), browser_signed_in(maya)
    assert phone.post("/api/v1/auth/logout-all/").status_code == 204
    assert not signed_in(phone) and not signed_in(tablet) and not signed_in(laptop)
    assert not ApiToken.objects.filter(user=maya).exists()
    # A fresh sign-in works as before.
    assert signed_in(browser_signed_in(maya))


def test_signing_out_everywhere_from_the_browser(maya):
    laptop, phone = browser_signed_in(maya), client_for(maya)
    assert laptop.post("/api/v1/auth/logout-all/").status_code == 204
    assert not signed_in(laptop) and not signed_in(phone)


# Tokens unused for 30 days


def test_a_token_unused_for_30_days_stops_working(maya):
    start = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(start, tick=False):
        used, idle = client_for(maya), client_for(maya)
    with time_machine.travel(start + datetime.timedelta(days=29), tick=False):
        assert signed_in(used)
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        assert signed_in(used)  # used 2 days ago
        response = idle.get("/api/v1/me/")
        assert response.status_code == 401 and response.json() == {
            "detail": "Your sign-in has ended. Please sign in again."
        }
    with time_machine.travel(start + datetime.timedelta(days=32), tick=False):
        assert not signed_in(idle)  # for good


# GET and PATCH /api/v1/me/: email_verified, mfa, language


def test_me_answers_email_verified_mfa_and_language_and_takes_a_language(maya):
    phone = client_for(maya)
    me = phone.get("/api/v1/me/").json()
    assert (me["email_verified"], me["mfa"], me["language"]) == (True, False, "en")
    assert phone.patch("/api/v1/me/", {"language": "es"}, format="json").json()["language"] == "es"
    refused = phone.patch("/api/v1/me/", {"language": "fr"}, format="json")
    assert refused.status_code == 400 and "language" in refused.json()
    maya.refresh_from_db()
    assert maya.language == "es"
