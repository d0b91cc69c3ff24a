"""Sign-in that holds: the client address a throttle counts, and where `next` may send a person afterwards."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings

from accounts import lockout
from tests.factories import PASSWORD
from tests.mailbox import text_of

# As typed into the address bar after `?next=`: a browser reads `/\x` as `//x` and drops the tab of `%09`.
OFF_SITE = ["//evil.example", "/\\evil.example", "/%5Cevil.example", "/%09/evil.example", "https://evil.example",
            "javascript:alert(1)", "/%5C/evil.example", "%09//evil.example", "///evil.example"]  # fmt: skip
ON_SITE = ["/history/", "/patients/3/trends/?range=90", "/entries/2026-11-20/"]


def wrong_sign_in(client, forwarded_for):
    body = {"email": "maya@example.com", "password": "not it"}
    return client.post("/api/v1/auth/token/", body, format="json", HTTP_X_FORWARDED_FOR=forwarded_for).status_code


@pytest.mark.django_db
def test_a_made_up_forwarded_for_header_is_not_a_new_address(anon_client, teen):
    assert api_settings.NUM_PROXIES == 0  # STRIDE_TRUSTED_PROXIES's default
    answers = [wrong_sign_in(anon_client, f"203.0.113.{n}") for n in range(11)]
    assert answers == [400] * lockout.FAILURES_BEFORE_LOCK + [429] * (11 - lockout.FAILURES_BEFORE_LOCK)


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_address_it_reports_is_the_client(anon_client, teen):
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        # The proxy appends the address it saw; what the client wrote before it is not believed.
        answers = [wrong_sign_in(anon_client, f"made-up-{n}, 203.0.113.1") for n in range(lockout.FAILURES_BEFORE_LOCK)]
        assert answers == [400] * lockout.FAILURES_BEFORE_LOCK
        right = {"email": "maya@example.com", "password": PASSWORD}
        for forwarded_for, status in (("anything, 203.0.113.1", 429), ("203.0.113.1, 203.0.113.2", 200)):
            answer = anon_client.post("/api/v1/auth/token/", right, format="json", HTTP_X_FORWARDED_FOR=forwarded_for)
            assert answer.status_code == status, forwarded_for


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/signup/"])
@pytest.mark.parametrize("target", OFF_SITE)
def test_the_sign_in_and_sign_up_pages_never_offer_an_address_off_the_site(client, path, target):
    page = client.get(f"{path}?next={target}").content.decode()
    assert 'data-next=""' in page
    assert not re.findall(r'href="[^"]*evil', page)  # nor in the link to the other page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/signup/"])
@pytest.mark.parametrize("target", ON_SITE)
def test_the_sign_in_and_sign_up_pages_keep_a_path_of_the_site(client, path, target):
    page = client.get(path, {"next": target}).content.decode()
    assert f'data-next="{target.replace("&", "&amp;")}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("target", [*OFF_SITE, "/history/"])
def test_signed_in_the_sign_in_page_sends_on_to_the_site_only(client, teen, target):
    client.force_login(teen)
    response = client.get(f"/login/?next={target}")
    assert response.status_code == 302
    assert response["Location"] == ("/history/" if target == "/history/" else "/today/")


def sign_in_from(client, address, password, email="maya@example.com"):
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=address)


@pytest.mark.django_db(transaction=True)  # the email leaves when the request's work commits
def test_repeated_wrong_passwords_pause_that_address_and_tell_the_owner(anon_client, teen, mailbox):
    for _ in range(lockout.FAILURES_BEFORE_LOCK):
        assert sign_in_from(anon_client, "203.0.113.9", "not it").status_code == 400
    paused = sign_in_from(anon_client, "203.0.113.9", PASSWORD)  # the right password, from the same place
    assert paused.status_code == 429 and "paused" in paused.json()["detail"]
    assert int(paused["Retry-After"]) == lockout.COOL_OFF.total_seconds()
    assert sign_in_from(anon_client, "198.51.100.4", PASSWORD).status_code == 200  # the owner, from home
    [notice] = mailbox.wait_for(teen.email)
    assert "paused" in notice["Subject"] and "/forgot-password/" in text_of(notice)
    assert "pain" not in text_of(notice).lower()
    with time_machine.travel(timezone.now() + lockout.COOL_OFF + datetime.timedelta(seconds=1)):
        assert sign_in_from(anon_client, "203.0.113.9", PASSWORD).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_address_without_an_account_is_paused_the_same_way_and_no_email_is_sent(anon_client, teen, mailbox):
    answers = [sign_in_from(anon_client, "203.0.113.9", "x", email="nobody@example.com").status_code for _ in range(9)]
    assert answers == [400] * lockout.FAILURES_BEFORE_LOCK + [429]
    assert mailbox.received == []


@pytest.mark.django_db
def test_a_right_sign_in_forgets_earlier_wrong_passwords(anon_client, teen):
    for _ in range(lockout.FAILURES_BEFORE_LOCK - 1):
        sign_in_from(anon_client, "203.0.113.9", "not it")
    assert sign_in_from(anon_client, "203.0.113.9", PASSWORD).status_code == 200
    assert sign_in_from(anon_client, "203.0.113.9", "not it").status_code == 400  # counting starts again
