"""No one can wipe a lockout, and no one can guess from many places at once (issue 20).

Wrong passwords and wrong two-step codes are counted where nothing culls them. Before, they lived in Django's cache,
which (on the database cache of production) deletes a third of its entries once it holds 300: some 600 password-reset
requests for made-up addresses freed a locked account. And the pause held one account and address together only,
so 60 tries from 12 addresses were all judged.
"""

import datetime
import uuid

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import devices, lockout
from accounts.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.mailbox import link_in, text_of
from tests.otp import code_for

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
NEW_PASSWORD = "a brand new sentence"


def sign_in(client, password, *, email="maya@example.com", forwarded_for=None, **otp):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post("/api/v1/auth/token/", {"email": email, "password": password, **otp}, format="json", **extra)


@pytest.fixture
def production_cache(settings):
    """The cache of config/settings.py without REDIS_URL: the database's, which culls past MAX_ENTRIES (300)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "stride_cache"}
    }
    call_command("createcachetable", verbosity=0)


def flood_password_reset(count=650):
    """What anyone may send, signed out: password-reset requests for made-up addresses, each a new cache entry."""
    client = APIClient()
    for n in range(count):
        body = {"email": f"{uuid.uuid4().hex[:12]}-{n}@example.com"}
        assert client.post("/api/v1/auth/password-reset/", body).status_code == 202


def test_a_flood_of_password_resets_does_not_wipe_a_lockout(production_cache, teen):
    attacker = APIClient(REMOTE_ADDR=ATTACKER)
    for _ in range(lockout.FAILURES_BEFORE_LOCK):
        assert sign_in(attacker, "not it").status_code == 400
    assert sign_in(attacker, PASSWORD).status_code == 429
    # Two-step codes too: Dana's app is set up, and five wrong codes (after the right password) pause them.
    dana = UserFactory(email="dana@example.com", role=Role.PARENT, mfa=True)
    phone = APIClient(REMOTE_ADDR="198.51.100.20")
    for _ in range(lockout.CODE_FAILURES_BEFORE_PAUSE):
        assert sign_in(phone, PASSWORD, email=dana.email, otp="99999999").status_code == 400
    assert sign_in(phone, PASSWORD, email=dana.email, otp=code_for(dana)).status_code == 429

    flood_password_reset()

    after = sign_in(attacker, PASSWORD)
    assert after.status_code == 429, "the flood freed the locked sign-in"
    assert "paused" in after.json()["detail"]
    assert sign_in(phone, PASSWORD, email=dana.email, otp=code_for(dana)).status_code == 429


def test_sixty_tries_from_twelve_addresses_are_stopped(teen):
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        answers = [sign_in(APIClient(), "not it", forwarded_for=f"198.51.100.{n % 12}") for n in range(60)]
    judged = sum(answer.status_code == 400 for answer in answers)
    assert judged <= lockout.ACCOUNT_FAILURES_BEFORE_PAUSE, f"{judged} of 60 wrong passwords were judged"
    assert all(answer.status_code in (400, 429) for answer in answers)
    assert answers[-1].status_code == 429 and "paused" in answers[-1].json()["detail"]


def pause_the_account_from_many_places():
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        for n in range(lockout.ACCOUNT_FAILURES_BEFORE_PAUSE + 5):
            sign_in(APIClient(), "not it", forwarded_for=f"198.51.100.{n % 12}")


def test_a_browser_that_signed_in_before_is_not_held_by_a_strangers_tries(teen):
    own_browser = APIClient(REMOTE_ADDR="192.0.2.50")
    assert sign_in(own_browser, PASSWORD).status_code == 200  # it now holds a device cookie for Maya
    assert devices.COOKIE in own_browser.cookies
    pause_the_account_from_many_places()

    # A browser that never signed in to Maya's account waits, the right password too...
    new_phone = APIClient(REMOTE_ADDR="192.0.2.51")
    paused = sign_in(new_phone, PASSWORD)
    assert paused.status_code == 429 and int(paused["Retry-After"]) <= lockout.ACCOUNT_PAUSE.total_seconds()
    # ...but not for long...
    with time_machine.travel(timezone.now() + lockout.ACCOUNT_PAUSE + datetime.timedelta(seconds=1)):
        assert sign_in(new_phone, PASSWORD).status_code == 200
    # ...while Maya's own browser signs in at once, from any address.
    assert sign_in(own_browser, PASSWORD).status_code == 200
    own_browser.defaults["REMOTE_ADDR"] = "192.0.2.99"
    assert sign_in(own_browser, PASSWORD).status_code == 200


def test_a_device_cookie_works_for_its_own_account_only_and_holds_its_own_count(teen):
    UserFactory(email="dana@example.com")
    shared_laptop = APIClient(REMOTE_ADDR="192.0.2.50")
    assert sign_in(shared_laptop, PASSWORD, email="dana@example.com").status_code == 200
    pause_the_account_from_many_places()
    assert sign_in(shared_laptop, PASSWORD).status_code == 429  # Dana's cookie says nothing about Maya
    # A made-up or altered cookie is no cookie.
    forged = APIClient(REMOTE_ADDR="192.0.2.52")
    forged.cookies[devices.COOKIE] = shared_laptop.cookies[devices.COOKIE].value[:-3] + "abc"
    assert sign_in(forged, PASSWORD).status_code == 429
    # A browser that knows Maya is held by its own count: 8 wrong passwords pause it, whatever its address.
    with time_machine.travel(timezone.now() + lockout.ACCOUNT_PAUSE + datetime.timedelta(seconds=1)):
        own = APIClient(REMOTE_ADDR="192.0.2.60")
        assert sign_in(own, PASSWORD).status_code == 200
        for n in range(lockout.FAILURES_BEFORE_LOCK):
            own.defaults["REMOTE_ADDR"] = f"192.0.2.{70 + n}"
            assert sign_in(own, "not it").status_code == 400
        assert sign_in(own, PASSWORD).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_the_password_reset_link_always_works_and_ends_the_pause(teen, mailbox):
    pause_the_account_from_many_places()
    new_phone = APIClient(REMOTE_ADDR="192.0.2.51")
    assert sign_in(new_phone, PASSWORD).status_code == 429
    assert new_phone.post("/api/v1/auth/password-reset/", {"email": teen.email}).status_code == 202
    reset = next(m for m in mailbox.wait_for(teen.email, count=2) if "/reset/" in text_of(m))
    uid, token = link_in(reset, "/reset/").split("/")[-3:-1]
    body = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert new_phone.post("/api/v1/auth/password-reset/confirm/", body, format="json").status_code == 204
    assert sign_in(new_phone, NEW_PASSWORD).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_told_once_when_the_account_is_paused_from_many_places(teen, mailbox):
    pause_the_account_from_many_places()
    [notice] = mailbox.wait_for(teen.email)
    assert "paused" in notice["Subject"]
    assert "signed in before" in text_of(notice) and "/forgot-password/" in text_of(notice)


def test_counts_older_than_their_window_are_deleted(teen):
    from accounts.models import FailureCount

    for _ in range(3):
        sign_in(APIClient(REMOTE_ADDR=ATTACKER), "not it")
    assert FailureCount.objects.count() == 2  # the account with this address, and the account from anywhere
    assert lockout.prune_expired(timezone.now()) == 0
    assert lockout.prune_expired(timezone.now() + lockout.LONGEST_WINDOW + datetime.timedelta(seconds=1)) == 2
    assert not FailureCount.objects.exists()
