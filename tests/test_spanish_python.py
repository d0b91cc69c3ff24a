"""The words the Python side says (insight, summary, flags, goals, validation errors, sign-in pause) follow the
caller's language: the language on the account, else the browser's Accept-Language. The API stays codes otherwise."""

import datetime

import pytest
from django.utils import translation

from accounts import lockout
from accounts.models import Language, Role
from diary.reading import words
from diary.rules import trends
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory, UserFactory

START = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def back_to_english():
    """A Spanish request leaves Spanish active in this thread: the next test starts in English again."""
    yield
    translation.deactivate()


@pytest.fixture
def spanish_teen(db):
    return PatientFactory(account__email="lucia@example.com", account__display_name="Lucía", account__language="es")


def log_course(patient, function, pain, start=START):
    for offset, (f, p) in enumerate(zip(function, pain, strict=True)):
        if f is not None:
            EntryFactory(patient=patient, date=start + datetime.timedelta(days=offset), function=f, pain=p)


@pytest.mark.django_db
def test_the_insight_speaks_the_accounts_spanish_with_spanish_dates(spanish_teen):
    # Function up from 3 to 6 on day 15 (its 7-day average reaches 5 on Jan 23), pain steady at 7.
    log_course(spanish_teen, [3] * 14 + [6] * 30, [7] * 44)
    response = client_for(spanish_teen.account).get(f"/api/v1/patients/{spanish_teen.pk}/trends/?to=2026-02-17")
    insight = response.json()["insight"]
    assert insight["status"] == "function_improving" and insight["function_improved_on"] == "2026-01-23"
    assert insight["message"] == (
        "La función empezó a mejorar el 23 de enero, y el dolor todavía no ha bajado. Este es el camino de "
        "siempre: muchas veces el dolor baja semanas o meses después."
    )
    assert response["Content-Language"] == "es"


@pytest.mark.django_db
def test_the_same_insight_in_english_is_unchanged(teen_patient, teen_client):
    log_course(teen_patient, [3] * 14 + [6] * 30, [7] * 44)
    insight = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/trends/?to=2026-02-17").json()["insight"]
    assert insight["message"] == (
        "Function started getting better on January 23, and pain has not eased yet. This is the usual path: pain "
        "often eases weeks or months later."
    )


@pytest.mark.django_db
def test_the_summary_says_its_insight_and_flags_in_spanish(spanish_teen):
    # Two weeks at function 5, two at 3 (to Feb 1), then nothing logged for nine days by Feb 10.
    log_course(spanish_teen, [5] * 14 + [3] * 14, [6] * 28)
    query = "?from=2026-01-05&to=2026-02-10"
    body = client_for(spanish_teen.account).get(f"/api/v1/patients/{spanish_teen.pk}/summary/{query}").json()
    assert body["insight"]["message"] == (
        "Los últimos 7 días tienen menos de 4 días anotados, así que todavía no se pueden comparar la función y el "
        "dolor con la primera semana. Cada día anotado ayuda."
    )
    assert body["flags"] == [{"code": "no_recent_entry", "message": "Nada anotado en 9 días"}]
    fell = client_for(spanish_teen.account).get(f"/api/v1/patients/{spanish_teen.pk}/summary/?to=2026-02-01").json()
    assert fell["insight"]["message"].startswith(
        "La función está más baja que en la primera semana: 3,0 de 10 en los últimos 7 días, antes 5,0."
    )
    assert fell["insight"]["message"].endswith("vale la pena hablarlo con el equipo de cuidado.")
    assert fell["flags"] == [
        {"code": "function_fell", "message": "La función bajó 2,0 en 2 semanas (promedio de 7 días: de 5,0 a 3,0)"}
    ]


@pytest.mark.django_db
def test_a_bad_entry_gets_its_message_in_the_accounts_spanish(spanish_teen):
    client = client_for(spanish_teen.account)
    url = f"/api/v1/patients/{spanish_teen.pk}/entries/2099-01-01/"
    response = client.put(url, {"pain": 5, "function": 5}, format="json")
    assert response.status_code == 400
    assert response.json() == {"date": ["Ese día todavía no ha llegado. Puedes anotar hoy o un día anterior."]}
    today = spanish_teen.today().isoformat()
    quarter = client.put(
        url.replace("2099-01-01", today), {"pain": 5, "function": 5, "sleep_hours": 7.1}, format="json"
    )
    assert quarter.status_code == 400 and quarter.json()["sleep_hours"] == ["Usa cuartos de hora, como 7.25 o 8.5."]


@pytest.mark.django_db
def test_a_signed_out_caller_gets_the_browsers_spanish(anon_client):
    body = {"email": "x@example.com", "password": "long enough pass 42", "display_name": "X", "role": "parent"}
    response = anon_client.post(
        "/api/v1/auth/register/", {**body, "timezone": "Mars/Olympus"}, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert response.json() == {"timezone": ["Elige una zona horaria de la lista, como America/Chicago."]}
    english = anon_client.post("/api/v1/auth/register/", {**body, "timezone": "Mars/Olympus"}, format="json")
    assert english.json() == {"timezone": ["Choose a time zone from the list, such as America/Chicago."]}


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_pause_is_said_in_spanish(anon_client):
    def sign_in(password):
        credentials = {"email": "nadie@example.com", "password": password}
        return anon_client.post("/api/v1/auth/token/", credentials, format="json", HTTP_ACCEPT_LANGUAGE="es")

    wrong = [sign_in("no es") for _ in range(lockout.FAILURES_BEFORE_LOCK)]
    assert wrong[0].json() == {
        "detail": "Ese correo y esa contraseña no coinciden con ninguna cuenta. Revísalos y vuelve a intentarlo."
    }
    paused = sign_in("tampoco")
    assert paused.status_code == 429
    assert paused.json()["detail"].startswith(
        "Hubo demasiados intentos con la contraseña equivocada, así que iniciar sesión desde aquí está en pausa"
    )
    assert "Expected" not in paused.json()["detail"]  # DRF's own sentence about the wait is Spanish too


def test_every_insight_sentence_has_spanish_words():
    """Each sentence code the pure module can say is written in Spanish, whole, with its dates in Spanish."""
    day = trends.SaidDay(datetime.date(2026, 3, 3), with_year=False)
    dated = trends.SaidDay(datetime.date(2025, 12, 14), with_year=True)
    insight = trends.Insight(
        trends.PAIN_FIRST,
        None,
        None,
        None,
        None,
        (
            ("pain_first", {"pain_day": dated, "function_day": day, "weeks": 3}),
            ("both_right_way", {}),
            ("more_days", {"more": 1}),
        ),
    )
    with translation.override("es"):
        message = words.insight_message(insight)
    assert message == (
        "El dolor empezó a bajar el 14 de diciembre de 2025, y la función empezó a mejorar unas 3 semanas después, "
        "el 3 de marzo. Los dos van por buen camino. Después de anotar 1 día más, esta gráfica mostrará cómo van "
        "cambiando la función y el dolor."
    )
    with translation.override("en"):
        assert words.insight_message(insight).startswith("Pain started to ease on December 14, 2025, and function")


def test_goal_words_in_spanish_keep_their_plurals():
    with translation.override(Language.ES):
        assert words.progress_message("school_days", 3, 4, over=False) == "3 de 4 días hasta ahora: falta uno."
        assert words.target_words("exercise_minutes", 1) == "1 minuto a la semana"
        assert words.streak_message(3) == "3 semanas seguidas"
        assert words.logging_message(6) == "6 de los últimos 7 días anotados"


@pytest.mark.django_db(transaction=True)
def test_a_throttled_caller_is_told_plainly_in_their_language(anon_client):
    def register(language):
        body = {"email": "x@example.com", "password": "short", "display_name": "X", "role": "parent"}
        return anon_client.post("/api/v1/auth/register/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    for _ in range(5):
        assert register("es").status_code == 400
    spanish, english = register("es"), register("en")
    assert spanish.status_code == english.status_code == 429
    assert spanish.json()["detail"].startswith(
        "Demasiados intentos en poco tiempo. Espera un poco y vuelve a intentarlo."
    )
    assert english.json()["detail"].startswith("Too many tries in a short time. Wait a little and try again. Expected")
    assert "regulada" not in spanish.json()["detail"] and "segundos" in spanish.json()["detail"]


@pytest.mark.django_db
def test_clinic_outcomes_published_results_are_in_spanish_for_a_spanish_reader(client):
    lee = UserFactory(role=Role.CLINICIAN, language="es")
    client.force_login(lee)
    page = client.get("/outcomes/").content.decode()
    assert "Un programa intensivo ambulatorio de 3 semanas" in page
    assert "La discapacidad y las faltas a la escuela mejoraron enseguida" in page
    assert "An intensive 3-week outpatient programme" not in page and "Disability and school absence" not in page
