"""Two-step sign-in through the API, with real TOTP codes made by pyotp from the otpauth URI Stride answers (as an
authenticator app makes them), and clinicians refused every patient until they have it."""

import base64
import time
from urllib.parse import unquote

import pyotp
import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.mfa import MFA_REQUIRED_MESSAGE
from accounts.models import ApiToken, CareTeamMember, Role
from tests.conftest import client_for
from tests.factories import PASSWORD, PatientFactory, UserFactory
from tests.otp import code_at_step, code_for

pytestmark = pytest.mark.django_db


def set_up_app(client):
    """Starts an app as a person would: the app reads the otpauth URI; the first code confirms it."""
    started = client.post("/api/v1/auth/mfa/totp/")
    assert started.status_code == 200, started.content
    body = started.json()
    app = pyotp.parse_uri(body["otpauth_uri"])
    assert isinstance(app, pyotp.TOTP) and (app.digits, app.interval) == (6, 30)
    assert app.secret == body["secret"]
    confirmed = client.post("/api/v1/auth/mfa/totp/confirm/", {"code": app.now()}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    return app, confirmed.json()["recovery_codes"]


def sign_in(email, password=PASSWORD, **otp):
    return APIClient().post("/api/v1/auth/token/", {"email": email, "password": password, **otp}, format="json")


def next_code(app):
    """The app's code for the next time step: Stride takes one step either side of now, and each code once."""
    return app.at(time.time() + 30)


def test_a_secret_with_its_qr_code_is_not_in_force_until_confirmed(teen, teen_client):
    body = teen_client.post("/api/v1/auth/mfa/totp/").json()
    assert set(body) == {"secret", "otpauth_uri", "qr_code"}
    assert body["otpauth_uri"].startswith("otpauth://totp/Stride%3Amaya%40example.com?")
    assert "issuer=Stride" in body["otpauth_uri"]
    header, data = body["qr_code"].split(",", 1)
    assert header == "data:image/svg+xml;charset=utf-8"
    svg = unquote(data)
    assert svg.startswith("<svg") and "<script" not in svg
    # Not in force: signing in needs no code, and the account says it has no app.
    assert sign_in(teen.email).status_code == 200
    assert teen_client.get("/api/v1/auth/mfa/").json() == {"totp": False, "recovery_codes_left": 0, "required": False}
    assert teen_client.get("/api/v1/me/").json()["mfa"] is False


def test_set_up_then_sign_in_with_a_code_or_a_recovery_code(teen, teen_client):
    app, codes = set_up_app(teen_client)
    assert len(codes) == len(set(codes)) == 10
    assert teen_client.get("/api/v1/auth/mfa/").json() == {"totp": True, "recovery_codes_left": 10, "required": False}
    assert teen_client.get("/api/v1/me/").json()["mfa"] is True

    # A right password without a code, or with a wrong one: 400 on `otp`.
    missing = sign_in(teen.email)
    assert missing.status_code == 400 and list(missing.json()) == ["otp"]
    wrong = sign_in(teen.email, otp="000000" if next_code(app) != "000000" else "111111")
    assert wrong.status_code == 400 and list(wrong.json()) == ["otp"]
    assert missing.json() != wrong.json()
    # A wrong password is the one answer of any wrong email or password, code or not.
    bad_password = sign_in(teen.email, "not the password", otp=next_code(app))
    unknown = sign_in("nobody@example.com", "not the password", otp=next_code(app))
    assert bad_password.status_code == unknown.status_code == 400 and bad_password.json() == unknown.json()

    code = next_code(app)
    assert sign_in(teen.email, otp=code).status_code == 200
    replayed = sign_in(teen.email, otp=code)
    assert replayed.status_code == 400 and list(replayed.json()) == ["otp"]

    # A recovery code works once, with or without its dash, in any case.
    first = codes[0]
    assert sign_in(teen.email, otp=first.upper().replace("-", " ")).status_code == 200
    assert sign_in(teen.email, otp=first).status_code == 400
    assert teen_client.get("/api/v1/auth/mfa/").json()["recovery_codes_left"] == 9


def test_the_session_sign_in_asks_for_the_code_too(teen, teen_client):
    app, _ = set_up_app(teen_client)
    browser = Client()
    asked = browser.post(
        "/api/v1/auth/session/", {"email": teen.email, "password": PASSWORD}, content_type="application/json"
    )
    assert asked.status_code == 400 and list(asked.json()) == ["otp"]
    body = {"email": teen.email, "password": PASSWORD, "otp": next_code(app)}
    signed = browser.post("/api/v1/auth/session/", body, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["mfa"] is True


def test_confirming_the_app_ends_every_other_sign_in(teen):
    this_phone, old_tablet = client_for(teen), client_for(teen)
    set_up_app(this_phone)
    assert this_phone.get("/api/v1/me/").status_code == 200
    assert old_tablet.get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.filter(user=teen).count() == 1


def test_a_wrong_confirmation_code_gets_a_field_message_and_five_throttle(teen, teen_client):
    teen_client.post("/api/v1/auth/mfa/totp/")
    answers = [teen_client.post("/api/v1/auth/mfa/totp/confirm/", {"code": "12345"}) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [400] * 5
    assert list(answers[0].json()) == ["code"]
    device = TOTPDevice.objects.get(user=teen)
    right = pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()
    blocked = teen_client.post("/api/v1/auth/mfa/totp/confirm/", {"code": right})
    assert blocked.status_code == 429
    assert not TOTPDevice.objects.filter(user=teen, confirmed=True).exists()


def test_five_wrong_codes_at_sign_in_throttle_that_account_even_with_the_right_code(teen, teen_client):
    app, _ = set_up_app(teen_client)
    for _ in range(5):
        assert sign_in(teen.email, otp="99999999").status_code == 400
    assert sign_in(teen.email, otp=next_code(app)).status_code == 429
    # Another account is not held up.
    other = UserFactory()
    assert sign_in(other.email).status_code == 200


def test_wrong_passwords_do_not_count_as_wrong_codes(teen, teen_client):
    app, _ = set_up_app(teen_client)
    for _ in range(6):
        assert sign_in(teen.email, "not the password", otp="123456").status_code == 400
    assert sign_in(teen.email, otp=next_code(app)).status_code == 200


def test_turning_it_off_needs_the_password_and_a_code(teen, teen_client):
    app, codes = set_up_app(teen_client)
    wrong_password = teen_client.delete("/api/v1/auth/mfa/totp/", {"password": "nope", "code": next_code(app)})
    assert wrong_password.status_code == 400 and list(wrong_password.json()) == ["password"]
    wrong_code = teen_client.delete("/api/v1/auth/mfa/totp/", {"password": PASSWORD, "code": "00000000"})
    assert wrong_code.status_code == 400 and list(wrong_code.json()) == ["code"]
    done = teen_client.delete("/api/v1/auth/mfa/totp/", {"password": PASSWORD, "code": codes[3]})
    assert done.status_code == 204
    assert teen_client.get("/api/v1/auth/mfa/").json() == {"totp": False, "recovery_codes_left": 0, "required": False}
    assert sign_in(teen.email).status_code == 200


def test_moving_to_a_new_phone_needs_the_password_and_replaces_app_and_codes(teen, teen_client):
    old_app, old_codes = set_up_app(teen_client)
    refused = teen_client.post("/api/v1/auth/mfa/totp/")
    assert refused.status_code == 400 and list(refused.json()) == ["password"]
    started = teen_client.post("/api/v1/auth/mfa/totp/", {"password": PASSWORD}, format="json").json()
    new_app = pyotp.parse_uri(started["otpauth_uri"])
    # The old app works until the new one is confirmed.
    assert sign_in(teen.email, otp=next_code(old_app)).status_code == 200
    assert teen_client.post("/api/v1/auth/mfa/totp/confirm/", {"code": new_app.now()}).status_code == 200
    assert sign_in(teen.email, otp=old_codes[0]).status_code == 400
    assert sign_in(teen.email, otp=next_code(new_app)).status_code == 200
    assert TOTPDevice.objects.filter(user=teen).count() == 1


# Clinicians: STRIDE_CLINICIAN_MFA=required (the default with DJANGO_DEBUG off, as in the tests)


@pytest.fixture
def shared_patient(db):
    return PatientFactory(account__display_name="Maya")


def clinician_of(patient, **account):
    clinician = UserFactory(role=Role.CLINICIAN, **account)
    CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
    return clinician


PATIENT_READS = ["patients/", "patients/{id}/", "patients/{id}/entries/", "patients/{id}/trends/", "outcomes/"]


def assert_mfa_required(response):
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": MFA_REQUIRED_MESSAGE, "code": "mfa_required"}


@pytest.mark.parametrize("path", PATIENT_READS)
def test_a_clinician_without_two_step_sign_in_reads_no_patient(shared_patient, path):
    for account in ({"mfa": False}, {"mfa": False, "email_verified": False}, {"email_verified": False}):
        client = client_for(clinician_of(shared_patient, **account))
        assert_mfa_required(client.get("/api/v1/" + path.format(id=shared_patient.pk)))
    ready = client_for(clinician_of(shared_patient))
    assert ready.get("/api/v1/" + path.format(id=shared_patient.pk)).status_code == 200


def test_every_patient_scoped_request_says_so_even_for_a_patient_not_shared(shared_patient):
    client = client_for(clinician_of(shared_patient, mfa=False))
    stranger = PatientFactory()
    assert_mfa_required(client.get(f"/api/v1/patients/{stranger.pk}/"))
    assert_mfa_required(client.get("/api/v1/patients/99999999/"))
    assert_mfa_required(client.delete(f"/api/v1/patients/{shared_patient.pk}/care-team/1/"))


def test_a_clinician_sets_it_up_and_then_reads(shared_patient):
    clinician = clinician_of(shared_patient, mfa=False)
    client = client_for(clinician)
    assert client.get("/api/v1/auth/mfa/").json() == {"totp": False, "recovery_codes_left": 0, "required": True}
    set_up_app(client)
    assert client.get("/api/v1/patients/").status_code == 200
    # A clinician must keep it: turning it off is refused.
    refused = client.delete("/api/v1/auth/mfa/totp/", {"password": PASSWORD, "code": code_for(clinician)})
    assert refused.status_code == 403


def test_a_clinician_needs_a_confirmed_email_too(shared_patient):
    clinician = clinician_of(shared_patient, email_verified=False)
    assert_mfa_required(client_for(clinician).get("/api/v1/patients/"))


@override_settings(STRIDE_CLINICIAN_MFA="optional")
def test_with_mfa_optional_a_clinician_reads_without_it_and_may_turn_it_off(shared_patient):
    clinician = clinician_of(shared_patient, mfa=False, email_verified=False)
    client = client_for(clinician)
    assert client.get("/api/v1/patients/").status_code == 200
    assert client.get("/api/v1/auth/mfa/").json()["required"] is False


def test_parents_and_teens_are_never_asked(shared_patient):
    parent = UserFactory(role=Role.PARENT, email_verified=False)
    CareTeamMember.objects.create(patient=shared_patient, member=parent, relation="parent", sees=["core"])
    assert client_for(parent).get(f"/api/v1/patients/{shared_patient.pk}/").status_code == 200
    assert client_for(shared_patient.account).get(f"/api/v1/patients/{shared_patient.pk}/").status_code == 200


def test_the_pages_walk_a_clinician_through_setting_it_up(shared_patient):
    clinician = clinician_of(shared_patient, mfa=False, email_verified=False)
    browser = Client()
    browser.force_login(clinician)
    pages = ["/patients/", f"/patients/{shared_patient.pk}/", f"/patients/{shared_patient.pk}/trends/", "/outcomes/"]
    for page in pages:
        response = browser.get(page)
        assert (response.status_code, response["Location"]) == (302, "/settings/two-step/"), page
    walk = browser.get("/settings/two-step/")
    assert walk.status_code == 200
    assert b"Step 1: Confirm your email" in walk.content and b"Step 2: Set up an authenticator app" in walk.content


def test_the_test_helper_codes_are_the_apps(teen, teen_client):
    app, _ = set_up_app(teen_client)
    device = TOTPDevice.objects.get(user=teen)
    step = int(time.time()) // 30
    assert code_at_step(app.secret, step) == app.at(step * 30)
    assert code_for(teen) == code_at_step(app.secret, max(step, device.last_t + 1))
