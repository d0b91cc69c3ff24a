import datetime

import pytest

from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db
DAY = "2026-03-02"


def url(patient, day=DAY):
    return f"/api/v1/patients/{patient.pk}/entries/{day}/"


FULL_ENTRY = {
    "function": 6,
    "pain": 5,
    "sleep_hours": 7.75,
    "sleep_quality": 3,
    "mood": 4,
    "fatigue": 6,
    "exercise_minutes": 30,
    "school": "partial",
    "symptoms": ["fatigue", "headache"],
    "pain_locations": ["left_knee"],
    "therapies": ["physical_therapy", "aerobic_exercise"],
    "note": "Walked to the park.",
    "note_private": False,
}


def test_put_creates_then_replaces_and_is_idempotent(teen_client, teen_patient, teen):
    first = teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    assert first.status_code == 201
    body = first.json()
    assert {key: body[key] for key in FULL_ENTRY} == FULL_ENTRY
    assert body["date"] == DAY and body["version"] == 1
    assert body["entered_by"] == {"id": teen.pk, "role": "teen"}
    assert first["ETag"] == '"1"'
    again = teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    assert again.status_code == 200 and again.json()["version"] == 1
    assert DailyEntry.objects.count() == 1


def test_date_in_the_body_is_ignored(teen_client, teen_patient):
    response = teen_client.put(url(teen_patient), {"function": 5, "pain": 5, "date": "2020-01-01"}, format="json")
    assert response.json()["date"] == DAY


def test_patch_changes_some_fields(teen_client, teen_patient):
    teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    response = teen_client.patch(url(teen_patient), {"mood": 5}, format="json")
    assert response.status_code == 200
    assert (response.json()["mood"], response.json()["pain"], response.json()["version"]) == (5, 5, 2)


def test_patch_of_a_day_with_no_entry_is_404(teen_client, teen_patient):
    assert teen_client.patch(url(teen_patient), {"mood": 5}, format="json").status_code == 404


def test_stale_if_match_gets_412_and_changes_nothing(teen_client, teen_patient):
    teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    teen_client.patch(url(teen_patient), {"mood": 5}, format="json", HTTP_IF_MATCH='"1"')
    stale = teen_client.put(url(teen_patient), {"function": 1, "pain": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["version"] == 2
    assert DailyEntry.objects.get().function == 6
    assert teen_client.delete(url(teen_patient), HTTP_IF_MATCH='"1"').status_code == 412


def test_if_match_must_be_a_version(teen_client, teen_patient):
    response = teen_client.put(url(teen_patient), FULL_ENTRY, format="json", HTTP_IF_MATCH="yesterday")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "field, value",
    [
        ("function", 11),
        ("function", -1),
        ("function", 4.5),
        ("function", "lots"),
        ("function", None),
        ("pain", 11),
        ("pain", -1),
        ("pain", True),
        ("sleep_hours", 24.25),
        ("sleep_hours", 7.1),
        ("sleep_hours", -1),
        ("sleep_quality", 0),
        ("sleep_quality", 6),
        ("mood", 0),
        ("mood", 6),
        ("fatigue", 11),
        ("exercise_minutes", 1441),
        ("exercise_minutes", -5),
        ("school", "sometimes"),
        ("symptoms", ["sneezing"]),
        ("symptoms", "headache"),
        ("symptoms", ["headache", "headache"]),
        ("pain_locations", ["tail"]),
        ("therapies", ["magic"]),
        ("note", "x" * 2001),
        ("note_private", "maybe"),
    ],
)
def test_each_bad_value_gets_a_field_message_and_changes_nothing(teen_client, teen_patient, field, value):
    response = teen_client.put(url(teen_patient), {**FULL_ENTRY, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DailyEntry.objects.exists()


@pytest.mark.parametrize("missing", ["function", "pain"])
def test_function_and_pain_are_required(teen_client, teen_patient, missing):
    body = {key: value for key, value in FULL_ENTRY.items() if key != missing}
    response = teen_client.put(url(teen_patient), body, format="json")
    assert response.status_code == 400 and missing in response.json()


def test_only_function_and_pain_are_needed(teen_client, teen_patient):
    response = teen_client.put(url(teen_patient), {"function": 3, "pain": 7}, format="json")
    assert response.status_code == 201
    assert response.json()["symptoms"] == [] and response.json()["school"] is None


def test_a_future_day_is_refused(teen_client, teen_patient):
    tomorrow = teen_patient.today() + datetime.timedelta(days=1)
    response = teen_client.put(url(teen_patient, tomorrow.isoformat()), FULL_ENTRY, format="json")
    assert response.status_code == 400 and "date" in response.json()


def test_today_is_accepted(teen_client, teen_patient):
    response = teen_client.put(url(teen_patient, teen_patient.today().isoformat()), FULL_ENTRY, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("body", ['{"function": 5,', "[1, 2]", '"just a string"', "null"])
def test_malformed_bodies_get_400(teen_client, teen_patient, body):
    response = teen_client.put(url(teen_patient), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()


def test_an_impossible_date_in_the_path_is_404(teen_client, teen_patient):
    assert teen_client.put(url(teen_patient, "2026-02-30"), FULL_ENTRY, format="json").status_code == 404


def test_another_teens_entries_are_404(teen_client, stranger_patient):
    EntryFactory(patient=stranger_patient, date=datetime.date(2026, 3, 2))
    assert teen_client.get(url(stranger_patient)).status_code == 404
    assert teen_client.put(url(stranger_patient), FULL_ENTRY, format="json").status_code == 404
    assert teen_client.delete(url(stranger_patient)).status_code == 404
    assert teen_client.get(f"/api/v1/patients/{stranger_patient.pk}/entries/").status_code == 404
    assert DailyEntry.objects.get().function == 5


def test_no_credentials_get_401(anon_client, teen_patient):
    assert anon_client.get(url(teen_patient)).status_code == 401
    assert anon_client.put(url(teen_patient), FULL_ENTRY, format="json").status_code == 401


def test_get_and_delete(teen_client, teen_patient):
    assert teen_client.get(url(teen_patient)).status_code == 404
    teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    assert teen_client.get(url(teen_patient)).json()["note"] == FULL_ENTRY["note"]
    assert teen_client.delete(url(teen_patient)).status_code == 204
    assert teen_client.delete(url(teen_patient)).status_code == 404


def test_list_is_newest_first_paginated_and_filtered(teen_client, teen_patient, django_assert_max_num_queries):
    start = datetime.date(2026, 1, 1)
    for offset in range(60):
        EntryFactory(patient=teen_patient, date=start + datetime.timedelta(days=offset))
    # token, patient, count, page: 4 queries, plus the request's SAVEPOINT and RELEASE.
    with django_assert_max_num_queries(6):
        response = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/entries/")
    body = response.json()
    assert body["count"] == 60 and len(body["results"]) == 50 and body["next"]
    assert body["results"][0]["date"] == "2026-03-01"
    filtered = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/entries/?from=2026-01-10&to=2026-01-12").json()
    assert [row["date"] for row in filtered["results"]] == ["2026-01-12", "2026-01-11", "2026-01-10"]


@pytest.mark.parametrize("query", ["from=yesterday", "to=2026-13-01", "from=2026-02-01&to=2026-01-01"])
def test_bad_ranges_get_400(teen_client, teen_patient, query):
    response = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/entries/?{query}")
    assert response.status_code == 400


def test_health_data_is_never_cached(teen_client, teen_patient):
    teen_client.put(url(teen_patient), FULL_ENTRY, format="json")
    assert teen_client.get(url(teen_patient))["Cache-Control"] == "no-store"
    assert teen_client.get(f"/api/v1/patients/{teen_patient.pk}/entries/")["Cache-Control"] == "no-store"


def test_patients_lists_the_teens_own_diary(teen_client, teen_patient, stranger_patient):
    body = teen_client.get("/api/v1/patients/").json()
    assert body == [
        {
            "id": teen_patient.pk,
            "display_name": teen_patient.display_name,
            "relation": "self",
            "can_write": True,
            "sees": ["core", "mood", "notes"],
            "clinics": [],
            "last_entry": None,
            "days_logged_14": 0,
            "days_counted_14": 14,  # no entry yet: the whole fortnight counts
            "adherence_14": 0.0,
            "function_trend": None,
            "latest_checkin": None,
            "flags": ["no_recent_entry"],
            "flag_messages": [{"code": "no_recent_entry", "message": "No entries yet"}],
            "can_hand_over": False,  # a teen's own diary is hers already
            "handed_over_at": None,
        },
    ]
    detail = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/").json()
    assert detail == {
        "id": teen_patient.pk,
        "display_name": teen_patient.display_name,
        "treatment_start": None,
        "timezone": "UTC",
    }
    assert teen_client.get(f"/api/v1/patients/{stranger_patient.pk}/").status_code == 404


def test_the_owner_reads_a_private_note(teen_patient, teen):
    client = client_for(teen)
    client.put(url(teen_patient), {**FULL_ENTRY, "note": "just mine", "note_private": True}, format="json")
    assert client.get(url(teen_patient)).json()["note"] == "just mine"
