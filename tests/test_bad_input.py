"""Bad input never yields a 5xx, and every answer under /api/ is JSON (docs/API.md, Conventions)."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.factories import PASSWORD, EntryFactory

pytestmark = pytest.mark.django_db

DEEP_BODIES = {
    "1,000 lists": "[" * 1000,
    "100,000 lists": "[" * 100_000,
    "1,000 objects": '{"a":' * 1000,
    "100,000 objects": '{"a":' * 100_000,
}


@pytest.fixture
def roomy(settings):
    """A size limit that lets 100,000 levels in, so that they reach the parser."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def as_a_server(client):
    """The client answers a crash with its 500, as a real server would, instead of raising it in the test."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def anon():
    return as_a_server(APIClient())


def assert_json(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def entry_url(patient, day="2026-03-02"):
    return f"/api/v1/patients/{patient.pk}/entries/{day}/"


# Bodies


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/register/"])
def test_deeply_nested_json_is_a_400_before_sign_in(anon, roomy, path, body):
    answer = assert_json(anon.post(path, body, content_type="application/json"), 400)
    assert "32 deep" in answer["detail"]


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_deeply_nested_json_is_a_400_for_an_entry(teen, teen_patient, roomy, body):
    client = as_a_server(client_for(teen))
    answer = assert_json(client.put(entry_url(teen_patient), body, content_type="application/json"), 400)
    assert "32 deep" in answer["detail"]


def test_nesting_within_the_limit_and_brackets_inside_strings_are_read_as_usual(anon, teen):
    nested = anon.post("/api/v1/auth/token/", {"email": [[[["a"]]]], "password": PASSWORD}, format="json")
    assert "email" in assert_json(nested, 400)
    brackets = '[{"\\"[' * 20
    odd_password = anon.post("/api/v1/auth/token/", {"email": teen.email, "password": brackets}, format="json")
    assert "don't match" in assert_json(odd_password, 400)["detail"]
    right = anon.post("/api/v1/auth/token/", {"email": teen.email, "password": PASSWORD}, format="json")
    assert "token" in assert_json(right, 200)


def test_a_body_over_the_size_limit_is_a_413(anon, teen, teen_patient, settings):
    body = '{"email": "' + "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + '"}'
    answer = assert_json(anon.post("/api/v1/auth/token/", body, content_type="application/json"), 413)
    assert answer == {"detail": "This request is too big. Send at most 256 KB."}
    signed_in = client_for(teen)
    entry = {"function": 5, "pain": 5, "note": "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    assert_json(signed_in.put(entry_url(teen_patient), entry, format="json"), 413)


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/register/", "/api/v1/auth/session/"])
def test_a_long_odd_email_is_refused_without_breaking_the_throttle(anon, path):
    # The throttle keys its count by the email before the email is checked; a cache key has a length limit.
    for email in ("0" * 300, "\\ud800@example.com", "a b\\n@example.com"):
        body = f'{{"email": "{email}", "password": "x"}}'  # written out: a lone surrogate is not UTF-8
        response = anon.post(path, body, content_type="application/json")
        assert response.status_code in (400, 403), (email, response.status_code)
        assert response["Content-Type"] == "application/json"


def test_half_a_character_is_a_400_and_a_whole_one_is_kept(teen, teen_patient):
    client = as_a_server(client_for(teen))
    half = '{"function": 1, "pain": 1, "symptoms": ["\\ud800"]}'  # \ud800 alone: half of a UTF-16 pair
    answer = assert_json(client.put(entry_url(teen_patient), half, content_type="application/json"), 400)
    assert "broken character" in answer["detail"]
    whole = '{"function": 1, "pain": 1, "note": "\\ud83d\\ude00"}'  # both halves: one emoji
    assert (
        assert_json(client.put(entry_url(teen_patient), whole, content_type="application/json"), 201)["note"]
        == "\U0001f600"
    )


def test_json_that_is_not_json_is_a_400(anon):
    assert_json(anon.post("/api/v1/auth/token/", "{nope", content_type="application/json"), 400)
    assert_json(anon.post("/api/v1/auth/token/", b"\xff\xfe", content_type="application/json"), 400)


# Dates

FAR_QUERIES = ["from=0001-01-01", "from=0001-01-02", "to=0001-01-01", "to=9999-12-31", "from=9999-12-31"]
DATED_LISTS = ["trends/", "summary/", "summary.pdf", "entries/", "function-checkins/", "export.csv", "fhir/"]


@pytest.fixture
def diary(teen_patient):
    # A treatment start and entries make trends and summary do their date arithmetic.
    teen_patient.treatment_start = datetime.date(2026, 1, 5)
    teen_patient.save()
    for offset in range(20):
        EntryFactory(patient=teen_patient, date=datetime.date(2026, 1, 5) + datetime.timedelta(days=offset))
    return teen_patient


@pytest.mark.parametrize("query", [*FAR_QUERIES, "from=0001-01-01&to=0001-01-02", "from=1899-12-31"])
@pytest.mark.parametrize("endpoint", DATED_LISTS)
def test_dates_outside_1900_to_2200_are_a_400_for_that_field(teen, diary, endpoint, query):
    client = as_a_server(client_for(teen))
    answer = assert_json(client.get(f"/api/v1/patients/{diary.pk}/{endpoint}?{query}"), 400)
    field = query.split("=")[0]
    assert answer == {field: ["Use a date between 1900 and 2200."]}


@pytest.mark.parametrize("query", ["from=1900-01-01&to=1900-01-02", "from=2200-12-30&to=2200-12-31"])
@pytest.mark.parametrize("endpoint", ["trends/", "summary/", "summary.pdf"])
def test_the_first_and_last_days_allowed_work(teen_client, diary, endpoint, query):
    assert teen_client.get(f"/api/v1/patients/{diary.pk}/{endpoint}?{query}").status_code == 200


@pytest.mark.parametrize("value", ["2026-1-5", "20260105", "2026-W02-1", "2026-02-30", "yesterday"])
def test_a_date_not_written_yyyy_mm_dd_is_a_400(teen_client, diary, value):
    answer = assert_json(teen_client.get(f"/api/v1/patients/{diary.pk}/trends/?from={value}"), 400)
    assert answer == {"from": ["Use a date written as YYYY-MM-DD, such as 2026-11-21."]}


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "0000-01-01"])
@pytest.mark.parametrize("kind, body", [("entries", {"function": 5, "pain": 5}), ("function-checkins", None)])
def test_far_dates_in_the_url_are_a_400_or_404(teen, diary, day, kind, body):
    client = as_a_server(client_for(teen))
    url = f"/api/v1/patients/{diary.pk}/{kind}/{day}/"
    body = body or {"answers": [1] * 15}
    for method in ("get", "put", "patch", "delete"):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code in (400, 404, 405), (method, response.status_code)
        assert response["Content-Type"] == "application/json"
    if day != "0000-01-01":  # not a date at all: no such URL
        assert client.put(url, body, format="json").status_code == 400


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_far_birth_and_treatment_dates_are_a_400(anon, teen, diary, parent, day):
    sign_up = {"email": "new@example.com", "password": PASSWORD, "display_name": "New", "role": "teen"}
    assert "birth_date" in assert_json(anon.post("/api/v1/auth/register/", {**sign_up, "birth_date": day}), 400)
    treatment = client_for(teen).patch(f"/api/v1/patients/{diary.pk}/", {"treatment_start": day}, format="json")
    assert "treatment_start" in assert_json(treatment, 400)
    child = client_for(parent).post(
        "/api/v1/patients/", {"display_name": "Kid", "birth_date": day, "consent": True}, format="json"
    )
    assert "birth_date" in assert_json(child, 400)


# Pages of a list


@pytest.mark.parametrize(
    "query, field",
    [
        ("page_size=null", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=1&page_size=2", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=-1", "page_size"),
        ("page_size=1.5", "page_size"),
        ("page_size=", "page_size"),
        ("page_size=%D9%A5", "page_size"),  # an Arabic-Indic five, which int() would take
        ("page=null", "page"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=last", "page"),
        ("page=1&page=2", "page"),
        ("page=" + "9" * 5000, "page"),
    ],
)
def test_page_and_page_size_must_be_whole_numbers_in_range(teen_client, diary, query, field):
    answer = assert_json(teen_client.get(f"/api/v1/patients/{diary.pk}/entries/?{query}"), 400)
    assert list(answer) == [field] and answer[field][0].startswith("Use one whole number from 1 to ")


def test_pages_within_range_work_and_a_page_past_the_last_is_a_404(teen_client, diary):
    url = f"/api/v1/patients/{diary.pk}/entries/"
    assert len(teen_client.get(f"{url}?page_size=200").json()["results"]) == 20
    second = teen_client.get(f"{url}?page_size=15&page=2").json()
    assert second["count"] == 20 and len(second["results"]) == 5
    assert_json(teen_client.get(f"{url}?page_size=15&page=3"), 404)


# Every answer under /api/ is JSON


def test_an_unknown_api_path_is_a_json_404_and_an_unknown_page_an_html_404(anon):
    assert_json(anon.get("/api/v1/no-such-thing/"), 404)
    assert_json(anon.get("/api/nothing"), 404)
    page = anon.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_method_not_allowed_is_json(teen_client):
    assert_json(teen_client.post("/api/v1/me/"), 405)


@pytest.mark.urls("tests.urls_errors")
def test_a_crash_under_api_is_a_json_500_and_a_page_keeps_its_html(anon):
    answer = assert_json(anon.get("/api/v1/broken/"), 500)
    assert answer == {"detail": "Something went wrong on our side. Please try again in a little while."}
    page = anon.get("/broken/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_a_session_post_without_its_csrf_token_is_a_json_403(teen):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(teen)
    answer = assert_json(browser.post("/api/v1/auth/logout/"), 403)
    assert "CSRF" in answer["detail"]


@pytest.mark.urls("tests.urls_errors")
def test_djangos_own_csrf_refusal_is_json_under_api(teen):
    browser = Client(enforce_csrf_checks=True)
    assert "CSRF" in assert_json(browser.post("/api/v1/plain-post/"), 403)["detail"]


def test_too_many_query_fields_is_a_json_400(teen_client, diary):
    query = "&".join(f"x{number}=1" for number in range(1500))
    assert_json(teen_client.get(f"/api/v1/patients/{diary.pk}/entries/?{query}"), 400)


@pytest.mark.parametrize("kind", ["entries", "function-checkins"])
def test_options_on_a_day_is_answered(teen_client, diary, kind):
    answer = assert_json(teen_client.options(f"/api/v1/patients/{diary.pk}/{kind}/2026-01-05/"), 200)
    assert answer["parses"] == ["application/json"]


def test_a_blank_school_is_a_400_not_a_broken_database_rule(teen_client, diary):
    day = entry_url(diary, "2026-01-05")
    answer = assert_json(teen_client.patch(day, {"school": ""}, format="json"), 400)
    assert list(answer) == ["school"]
    assert_json(teen_client.put(day, {"function": 5, "pain": 5, "school": ""}, format="json"), 400)
    assert assert_json(teen_client.patch(day, {"school": None}, format="json"), 200)["school"] is None


@pytest.mark.parametrize("accept", ["? ~{-f2D", "text/html", "text/csv;q=1, image/png"])
def test_an_accept_header_asking_for_something_else_still_gets_json_not_a_406(teen, teen_patient, accept):
    # The schema documents no 406: the API disregards an Accept header it cannot satisfy and answers in JSON.
    client = as_a_server(client_for(teen))
    assert_json(client.get("/api/v1/me/", HTTP_ACCEPT=accept), 200)
    day = f"/api/v1/patients/{teen_patient.pk}/entries/{teen_patient.today().isoformat()}/"
    assert_json(client.put(day, {"pain": 5, "function": 4}, format="json", HTTP_ACCEPT=accept), 201)
    assert_json(client.patch(day, {"pain": 11}, format="json", HTTP_ACCEPT=accept, HTTP_IF_MATCH='"1"'), 400)
    assert_json(client.get("/api/v1/patients/0/trends/", HTTP_ACCEPT=accept), 404)
