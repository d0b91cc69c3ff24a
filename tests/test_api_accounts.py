import datetime

import pytest
from rest_framework.test import APIClient

from accounts.birthdays import latest_birth_date
from accounts.models import ApiToken, Patient, User
from accounts.services import UNDER_13_MESSAGE
from accounts.timezones import today_in
from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import PASSWORD, EntryFactory

pytestmark = pytest.mark.django_db


def birth_date_years_ago(years, zone="America/Chicago"):
    """Two days past the birthday that made them `years` old, on today's date in `zone` (where they sign up)."""
    return latest_birth_date(today_in(zone), years) - datetime.timedelta(days=2)


def register(client, **changes):
    body = {
        "email": "june@example.com",
        "password": PASSWORD,
        "display_name": "June",
        "role": "teen",
        "birth_date": birth_date_years_ago(14).isoformat(),
        "timezone": "America/Chicago",
        **changes,
    }
    return client.post("/api/v1/auth/register/", body, format="json")


def test_a_teen_registers_and_gets_a_diary(anon_client):
    response = register(anon_client)
    assert response.status_code == 201
    assert set(response.json()) == {"id", "email", "display_name", "role"}
    patient = Patient.objects.get(account__email="june@example.com")
    assert patient.timezone == "America/Chicago"


def test_an_eleven_year_old_is_told_a_parent_must_create_the_profile(anon_client):
    response = register(anon_client, birth_date=birth_date_years_ago(11).isoformat())
    assert response.status_code == 400
    assert response.json() == {"birth_date": [UNDER_13_MESSAGE]}
    assert not User.objects.exists()


def test_a_parent_registers_without_a_birth_date(anon_client):
    response = register(anon_client, role="parent", birth_date=None)
    assert response.status_code == 201
    assert not Patient.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"birth_date": None}, "birth_date"),
        ({"birth_date": "2031-01-01"}, "birth_date"),
        ({"birth_date": "14 May"}, "birth_date"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"role": "admin"}, "role"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"display_name": "   "}, "display_name"),
    ],
)
def test_registration_refuses_bad_input_by_field(anon_client, changes, field):
    response = register(anon_client, **changes)
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_an_email_can_register_once(anon_client):
    assert register(anon_client).status_code == 201
    response = register(anon_client, email="JUNE@example.com")
    assert response.status_code == 400 and "email" in response.json()


def test_token_for_right_credentials_and_one_answer_for_any_wrong_one(anon_client, teen):
    good = anon_client.post("/api/v1/auth/token/", {"email": teen.email, "password": PASSWORD}, format="json")
    assert good.status_code == 200 and good.json()["token"]
    wrong_password = anon_client.post("/api/v1/auth/token/", {"email": teen.email, "password": "nope-nope-nope"})
    unknown_email = anon_client.post("/api/v1/auth/token/", {"email": "ghost@example.com", "password": PASSWORD})
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert wrong_password.json() == unknown_email.json()


def test_tokens_are_stored_hashed(anon_client, teen):
    token = anon_client.post("/api/v1/auth/token/", {"email": teen.email, "password": PASSWORD}).json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_logout_ends_the_token_on_the_server(teen):
    client = client_for(teen)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_logout_of_one_device_leaves_the_others_signed_in(teen):
    phone, laptop = client_for(teen), client_for(teen)
    phone.post("/api/v1/auth/logout/")
    assert laptop.get("/api/v1/me/").status_code == 200


def test_session_login_needs_csrf_and_then_works(teen):
    browser = APIClient(enforce_csrf_checks=True)
    response = browser.post("/api/v1/auth/session/", {"email": teen.email, "password": PASSWORD}, format="json")
    assert response.status_code == 403
    browser.get("/login/")
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/auth/session/", {"email": teen.email, "password": PASSWORD}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200
    assert browser.get("/api/v1/me/").json()["email"] == teen.email


def test_me_answers_the_contract_fields(teen_client, teen):
    body = teen_client.get("/api/v1/me/").json()
    assert body == {
        "id": teen.pk,
        "email": teen.email,
        "display_name": teen.display_name,
        "role": "teen",
        "patient_id": teen.own_patient.pk,
        "timezone": "UTC",
        "email_verified": True,
        "mfa": False,
        "language": "en",
    }


def test_me_has_no_patient_for_a_parent(parent):
    assert client_for(parent).get("/api/v1/me/").json()["patient_id"] is None


def test_changing_the_time_zone_moves_the_diarys_today(teen_client, teen):
    response = teen_client.patch("/api/v1/me/", {"timezone": "Asia/Tokyo", "display_name": "Mai"}, format="json")
    assert response.status_code == 200
    teen.own_patient.refresh_from_db()
    assert (teen.own_patient.timezone, teen.own_patient.display_name) == ("Asia/Tokyo", "Mai")
    assert teen_client.patch("/api/v1/me/", {"timezone": "Nowhere"}, format="json").status_code == 400


def test_deleting_the_account_needs_the_password_and_erases_the_diary(teen_client, teen):
    EntryFactory.create_batch(2, patient=teen.own_patient)
    assert teen_client.delete("/api/v1/me/", {"password": "wrong password"}, format="json").status_code == 400
    assert DailyEntry.objects.count() == 2
    assert teen_client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert not User.objects.exists() and not Patient.objects.exists() and not DailyEntry.objects.exists()


def test_me_needs_credentials(anon_client):
    assert anon_client.get("/api/v1/me/").status_code == 401


def test_login_is_throttled_per_account_and_address_not_per_address(anon_client, teen):
    for _ in range(10):
        anon_client.post("/api/v1/auth/token/", {"email": teen.email, "password": "wrong password!"})
    blocked = anon_client.post("/api/v1/auth/token/", {"email": teen.email, "password": PASSWORD})
    assert blocked.status_code == 429
    classmate = anon_client.post("/api/v1/auth/token/", {"email": "other@example.com", "password": "whatever1"})
    assert classmate.status_code == 400
    elsewhere = APIClient(REMOTE_ADDR="10.1.2.3")
    assert elsewhere.post("/api/v1/auth/token/", {"email": teen.email, "password": PASSWORD}).status_code == 200


def test_registration_is_throttled(anon_client):
    for _ in range(5):
        register(anon_client, password="short")
    assert register(anon_client).status_code == 429
