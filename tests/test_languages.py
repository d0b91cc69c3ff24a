"""The language of a person (issue 15): chosen at sign-up and in Settings, followed by the pages, the API's error
messages, the emails and the reminders; signed out, the browser's language, or the footer's switch.

The Spanish words come from the compiled catalogues (`make messages`, run by `make test`).
"""

import datetime

import pytest
import time_machine
from django.utils import translation
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User
from reminders import services as reminder_services
from tests.conftest import client_for
from tests.factories import PASSWORD, PatientFactory, UserFactory
from tests.mailbox import html_of, text_of
from tests.test_reminders import FRIDAY_EVENING, remind

# Emails leave when the request's work commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Spanish leaves Spanish active in this thread (the test client runs requests here)."""
    yield
    translation.deactivate()


def register(client, headers=None, **changes):
    body = {
        "email": "lucia@example.com",
        "password": PASSWORD,
        "display_name": "Lucía",
        "role": "parent",
        "timezone": "America/Chicago",
        **changes,
    }
    return client.post("/api/v1/auth/register/", body, format="json", headers=headers)


# Sign-up


def test_sign_up_takes_the_language_chosen(anon_client, mailbox):
    assert register(anon_client, language="es").status_code == 201
    assert User.objects.get().language == "es"
    [message] = mailbox.wait_for("lucia@example.com")
    assert message["Subject"] == "Confirma tu correo electrónico para Stride"
    assert message["Content-Language"] == "es"
    assert "Hola, Lucía:" in text_of(message)
    assert '<html lang="es">' in html_of(message) and "Confirmar mi correo" in html_of(message)


@pytest.mark.parametrize(
    "accept, language", [("es-MX,es;q=0.9,en;q=0.5", "es"), ("en-US,en;q=0.9", "en"), ("fr-FR", "en"), ("", "en")]
)
def test_without_a_choice_sign_up_takes_the_browsers_language(anon_client, accept, language):
    assert register(anon_client, headers={"Accept-Language": accept}).status_code == 201
    assert User.objects.get().language == language


def test_the_switch_of_the_signed_out_pages_wins_over_the_browser_at_sign_up(client):
    client.post("/i18n/setlang/", {"language": "es", "next": "/signup/"})
    answer = client.get("/signup/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert answer["Content-Language"] == "es" and "Crea tu cuenta" in answer.content.decode()
    assert register(APIClient(), headers={"Accept-Language": "en-US"}).status_code == 201  # no cookie: English
    api = APIClient()
    api.cookies = client.cookies
    assert register(api, email="sofia@example.com", headers={"Accept-Language": "en-US"}).status_code == 201
    assert User.objects.get(email="sofia@example.com").language == "es"


def test_an_unknown_language_is_refused_by_field(anon_client):
    answer = register(anon_client, language="fr")
    assert answer.status_code == 400 and "language" in answer.json()
    assert not User.objects.exists()


def test_the_schema_offers_the_language_at_sign_up(anon_client):
    schema = anon_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schemas = schema["components"]["schemas"]
    request = schemas["RegisterRequest"]
    language = request["properties"]["language"]
    if "allOf" in language or "$ref" in language:  # a named enum, shared with me/
        language = schemas[(language.get("$ref") or language["allOf"][0]["$ref"]).rsplit("/", 1)[1]]
    assert language["enum"] == ["en", "es"]
    assert "language" not in request.get("required", [])


# Pages and the API


def test_signed_out_pages_follow_the_browser_and_offer_the_switch(client):
    spanish = client.get("/login/", HTTP_ACCEPT_LANGUAGE="es")
    page = spanish.content.decode()
    assert spanish["Content-Language"] == "es" and "Accept-Language" in spanish["Vary"]
    assert '<html lang="es">' in page and "Iniciar sesión" in page
    assert 'action="/i18n/setlang/"' in page and '<option value="en" lang="en">English</option>' in page
    english = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="en">' in english and "Welcome back" in english


def test_a_signed_in_person_reads_their_own_language_whatever_the_browser_says(client):
    teen = PatientFactory(account__language="es").account
    client.force_login(teen)
    answer = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="en-US")
    page = answer.content.decode()
    assert answer["Content-Language"] == "es"
    assert "Ajustes" in page and "Language switch" not in page and 'id="language-switch"' not in page
    # Weekday names come from Django's own catalogue.
    assert 'aria-label="Lunes"' in page and ">Dom</span>" in page


def test_a_token_answers_errors_in_the_accounts_language(anon_client):
    teen = PatientFactory(account__language="es").account
    client = client_for(teen)
    answer = client.put("/api/v1/me/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en-US")
    assert answer.status_code == 405
    assert answer.json()["detail"] == 'Método "PUT" no permitido.'
    assert answer["Content-Language"] == "es"
    assert "Authorization" in answer["Vary"] and "Accept-Language" in answer["Vary"]
    # Without a token: the browser's language.
    answer = anon_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="es")
    assert answer.status_code in (401, 403) and answer["Content-Language"] == "es"
    assert answer.json()["detail"] == "Las credenciales de autenticación no se proveyeron."


def test_changing_the_language_in_settings(client):
    teen = PatientFactory().account
    client.force_login(teen)
    answer = client.patch("/api/v1/me/", {"language": "es"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["language"] == "es"
    assert client.get("/settings/")["Content-Language"] == "es"


# Emails and reminders


def test_an_email_goes_out_in_the_language_of_the_account_that_reads_it(mailbox):
    spanish = UserFactory(email="ana@example.com", language="es", display_name="Ana")
    account_services.request_password_reset(email="ana@example.com")
    [message] = mailbox.wait_for("ana@example.com")
    assert message["Subject"] == "Elige una contraseña nueva para Stride"
    assert "Hola, Ana:" in text_of(message) and "El enlace funciona una vez, durante 1 hora." in text_of(message)
    # An English account, asked from a Spanish page, still reads English.
    UserFactory(email="bea@example.com", language="en")
    with translation.override("es"):
        account_services.request_password_reset(email="bea@example.com")
    [message] = mailbox.wait_for("bea@example.com")
    assert message["Subject"] == "Set a new password for Stride"
    assert spanish.language == "es"


def test_a_new_address_is_asked_in_the_language_of_the_person_moving_to_it(mailbox):
    ana = UserFactory(email="ana@example.com", language="es", display_name="Ana")
    taken = UserFactory(email="taken@example.com", language="en")
    client_for(ana).post("/api/v1/auth/email/", {"email": "nueva@example.com", "password": PASSWORD}, format="json")
    [confirm] = mailbox.wait_for("nueva@example.com")
    [notice] = mailbox.wait_for("ana@example.com")
    assert confirm["Subject"] == "Confirma tu correo electrónico para Stride"
    assert notice["Subject"] == "Tu correo electrónico de Stride va a cambiar"
    # The address that already has an account hears about it in that account's language.
    client_for(ana).post("/api/v1/auth/email/", {"email": taken.email, "password": PASSWORD}, format="json")
    [in_use] = mailbox.wait_for("taken@example.com")
    assert in_use["Subject"] == "About your Stride account"


def test_a_spanish_reminder_by_email_and_push(mailbox, push_service):
    zone = "America/New_York"
    maya = PatientFactory(account__language="es", account__display_name="Maya", account__timezone=zone, timezone=zone)
    james = PatientFactory(account__language="en", account__timezone=zone, timezone=zone)
    for patient, name in ((maya, "maya"), (james, "james")):
        browser = push_service.subscription(name)
        reminder_services.subscribe_push(user=patient.account, endpoint=browser.endpoint, **browser.keys)
        remind(patient, channels=["email", "push"])
    with time_machine.travel(FRIDAY_EVENING, tick=False):
        report = reminder_services.send_due_reminders(now=FRIDAY_EVENING)
    assert (report.emails, report.pushes) == (2, 2)
    [spanish] = mailbox.wait_for(maya.account.email)
    assert spanish["Subject"] == "¿Un minuto hoy para tu diario?"
    assert "Aquí tienes tu recordatorio" in text_of(spanish) and "Abrir Hoy" in html_of(spanish)
    [english] = mailbox.wait_for(james.account.email)
    assert english["Subject"] == "A minute for your diary today?"
    english_body = push_service.to("james")[0].payload["body"]
    with translation.override("es"):
        spanish_body = translation.gettext(english_body)
    assert spanish_body != english_body, "the push's words are not in the Spanish catalogue yet"
    assert push_service.to("maya")[0].payload["body"] == spanish_body


def test_weekday_names_and_dates_follow_the_language():
    """One way to write each date per language (diary.reading.words.say_date; the modules' i18n.js writes the same,
    which tests/browser/test_dates.py checks)."""
    from diary.reading.words import say_date

    day = datetime.date(2026, 11, 27)
    with translation.override("es"):
        assert say_date(day, weekday=True) == "viernes, 27 de noviembre"
        assert say_date(day, year=True) == "27 de noviembre de 2026"
    with translation.override("en"):
        assert say_date(day, weekday=True) == "Friday, November 27"
        assert say_date(day, year=True) == "November 27, 2026"
