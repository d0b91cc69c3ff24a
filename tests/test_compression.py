"""Gzipped JSON under /api/ and pages (config/compression.py): big answers shrink, the same data arrives, and the
answers that carry a secret chosen by the server (the BREACH lists, NEVER_COMPRESSED and NEVER_COMPRESSED_PAGES)
are never compressed."""

import datetime
import gzip
import json
import random
import re

import pyotp
import pytest
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from accounts.models import CareTeamMember, Role
from config.compression import NEVER_COMPRESSED, NEVER_COMPRESSED_PAGES, CompressionMiddleware
from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import PASSWORD, CheckinFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def unzipped(response):
    assert response["Content-Encoding"] == "gzip"
    return json.loads(gzip.decompress(response.content))


def three_years(patient):
    """1,095 days of a realistic diary (values vary, as real ones do, so gzip is not flattered) and a weekly
    check-in."""
    rng = random.Random(patient.pk)
    today = patient.today()
    DailyEntry.objects.bulk_create(
        DailyEntry(
            patient=patient,
            date=today - datetime.timedelta(days=back),
            function=rng.randint(2, 9),
            pain=rng.randint(1, 8),
            sleep_hours=rng.choice([6.5, 7, 7.25, 8, 9.5]),
            sleep_quality=rng.randint(1, 5),
            mood=rng.randint(1, 5),
            fatigue=rng.randint(0, 10),
            exercise_minutes=rng.choice([None, 0, 15, 20, 30, 45]),
            school=rng.choice(["full", "partial", "missed", "none"]),
            entered_by=patient.account,
        )
        for back in range(1095)
    )
    for week in range(0, 1095, 7):
        CheckinFactory(patient=patient, date=today - datetime.timedelta(days=week), answers=[rng.randint(0, 4)] * 15)


def test_three_years_of_trends_arrive_gzipped_as_the_same_answer(teen_patient, teen_client):
    three_years(teen_patient)
    path = f"/api/v1/patients/{teen_patient.pk}/trends/"
    plain = teen_client.get(path)
    packed = teen_client.get(path, **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain  # a client that does not ask gets plain JSON
    assert unzipped(packed) == plain.json()
    assert len(plain.json()["dates"]) == 1095
    assert packed["Content-Type"] == plain["Content-Type"] == "application/json"
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["Cache-Control"] == "no-store"  # health data: still never kept
    print(f"trends over 1,095 days: {len(plain.content):,} bytes, gzipped {len(packed.content):,}")
    assert len(plain.content) > 40_000 and len(packed.content) < len(plain.content) / 4


def test_a_clinicians_list_of_200_patients_arrives_gzipped(django_assert_num_queries):
    clinician = UserFactory(role=Role.CLINICIAN)
    for number in range(200):
        patient = PatientFactory(account__display_name=f"Patient {number:03}")
        today = patient.today()
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core", "mood"])
        DailyEntry.objects.create(patient=patient, date=today - datetime.timedelta(days=number % 9), function=5, pain=4)
    client = client_for(clinician)
    plain = client.get("/api/v1/patients/")
    packed = client.get("/api/v1/patients/", **GZIP)
    assert len(unzipped(packed)) == 200 and unzipped(packed) == plain.json()
    print(f"200 patients: {len(plain.content):,} bytes, gzipped {len(packed.content):,}")
    assert len(packed.content) < len(plain.content) / 4


def test_the_schema_gzipped_is_the_schema_the_project_documents(client):
    packed = client.get("/api/v1/schema/?format=json", **GZIP)
    assert packed.status_code == 200 and packed["Content-Type"].startswith("application/vnd.oai.openapi+json")
    served = unzipped(packed)
    built = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    assert served == built


def test_small_answers_and_errors_go_as_they_are(teen_client):
    assert "Content-Encoding" not in teen_client.get("/api/v1/me/", **GZIP)  # under 200 bytes: not worth it
    assert "Content-Encoding" not in teen_client.get("/api/v1/patients/999999/trends/", **GZIP)


def test_pages_arrive_gzipped_each_with_its_own_csrf_token(teen, client):
    client.force_login(teen)
    first, second = client.get("/today/", **GZIP), client.get("/today/", **GZIP)
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    plain = client.get("/today/")
    assert "Content-Encoding" not in plain and len(first.content) < len(plain.content) / 3
    html = gzip.decompress(first.content).decode()
    assert 'name="csrf-token"' in html and "How was today?" in html
    # Django masks the CSRF token anew in every response: the one secret of a page never repeats its bytes.
    token = re.compile(r'name="csrf-token" content="([^"]+)"')
    assert token.search(html)[1] != token.search(gzip.decompress(second.content).decode())[1]


def test_pages_that_carry_a_token_from_their_link_go_as_they_are(client):
    assert set(NEVER_COMPRESSED_PAGES) == {"reset-password", "confirm-email", "cancel-email-change"}
    # A wrong link's page says so, with a 400.
    for path in ("/reset/MQ/abc-123/", "/confirm-email/abc.def/", "/cancel-email-change/abc.def/"):
        answer = client.get(path, **GZIP)
        assert answer.status_code == 400 and "Content-Encoding" not in answer, path
    assert client.get("/login/", **GZIP)["Content-Encoding"] == "gzip"


def test_an_entry_keeps_an_etag_that_if_match_takes(teen_patient, teen_client):
    day = teen_patient.today().isoformat()
    path = f"/api/v1/patients/{teen_patient.pk}/entries/{day}/"
    saved = teen_client.put(path, {"function": 6, "pain": 3, "note": "A long walk with Sam. " * 20}, **GZIP)
    assert saved.status_code == 201 and saved["ETag"] == 'W/"1"'  # weak: the bytes are gzip's, the version is ours
    again = teen_client.put(path, {"function": 7, "pain": 3}, HTTP_IF_MATCH=saved["ETag"], **GZIP)
    assert again.status_code == 200


SECRET_PATHS = {
    "token": "/api/v1/auth/token/",
    "session": "/api/v1/auth/session/",
    "totp": "/api/v1/auth/mfa/totp/",
    "totp-confirm": "/api/v1/auth/mfa/totp/confirm/",
    "invitations": "/api/v1/patients/1/invitations/",
}


# Every answer of NEVER_COMPRESSED, asked for by a client that accepts gzip (the README lists the same names).
def ask_for_a_secret(name, teen_patient, teen_client, anon_client):
    teen = teen_patient.account
    credentials = {"email": teen.email, "password": PASSWORD}
    if name == "token":
        return [anon_client.post("/api/v1/auth/token/", credentials, format="json", **GZIP)]
    if name == "session":
        return [anon_client.post("/api/v1/auth/session/", credentials, format="json", **GZIP)]
    if name == "totp":
        return [teen_client.post("/api/v1/auth/mfa/totp/", **GZIP)]
    if name == "totp-confirm":
        started = teen_client.post("/api/v1/auth/mfa/totp/").json()
        code = pyotp.parse_uri(started["otpauth_uri"]).now()
        return [teen_client.post("/api/v1/auth/mfa/totp/confirm/", {"code": code}, format="json", **GZIP)]
    if name == "invitations":
        path = f"/api/v1/patients/{teen_patient.pk}/invitations/"
        created = teen_client.post(path, {"role": "clinician", "sees": ["core", "mood"]}, format="json", **GZIP)
        for role in ("parent", "clinician"):
            teen_client.post(path, {"role": role}, format="json")
        return [created, teen_client.get(path, **GZIP)]
    raise AssertionError(f"{name} is in NEVER_COMPRESSED: add how to ask for it here")


@pytest.mark.parametrize("name", sorted(NEVER_COMPRESSED))
def test_no_answer_that_carries_a_secret_is_compressed(name, teen_patient, teen_client, anon_client):
    for answer in ask_for_a_secret(name, teen_patient, teen_client, anon_client):
        assert answer.status_code in (200, 201), answer.content
        assert answer.resolver_match.url_name == name
        assert "Content-Encoding" not in answer and "Accept-Encoding" not in answer.get("Vary", "")


@pytest.mark.parametrize("name", sorted(NEVER_COMPRESSED))
def test_the_rule_holds_for_big_answers_too(name, rf: RequestFactory):
    """The answers above are mostly small; the same route with a big answer is still sent as it is, while an
    ordinary route's big answer is compressed. So the exclusion, not the size, keeps the secret out of reach."""
    path = SECRET_PATHS[name]
    big = {"secret": "x" * 5000}
    middleware = CompressionMiddleware(lambda request: JsonResponse(big))
    request = rf.post(path, **GZIP)
    request.resolver_match = resolve(path)
    assert request.resolver_match.url_name == name
    assert "Content-Encoding" not in middleware(request)
    ordinary = rf.get("/api/v1/me/", **GZIP)
    ordinary.resolver_match = resolve("/api/v1/me/")
    assert middleware(ordinary)["Content-Encoding"] == "gzip"


def test_only_json_is_compressed(rf: RequestFactory):
    request = rf.get("/api/v1/patients/1/export.csv", **GZIP)
    request.resolver_match = resolve("/api/v1/patients/1/export.csv")
    middleware = CompressionMiddleware(lambda request: HttpResponse("a,b\n" * 2000, content_type="text/csv"))
    assert "Content-Encoding" not in middleware(request)
    fhir = CompressionMiddleware(lambda request: JsonResponse({"a": "b" * 5000}, content_type="application/fhir+json"))
    assert fhir(request)["Content-Encoding"] == "gzip"


def test_every_name_in_the_breach_list_is_a_route_of_the_api():
    from api.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    assert set(NEVER_COMPRESSED) <= names
