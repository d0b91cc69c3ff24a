import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.bundle import Bundle

from accounts.models import AccessLogEntry, CareTeamMember, Patient, Role
from diary.models import ANSWER_FIELDS
from tests.conftest import client_for
from tests.factories import CheckinFactory, EntryFactory, PatientFactory, UserFactory
from tests.personas import ENTRY_DAY, Circle

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"
DIARY = f"{settings.STRIDE_SITE_URL}/fhir/CodeSystem/diary"  # docs/API.md: every system under the site's address
# 00:30 in UTC on Saturday 5 December is still Friday evening in Chicago.
SATURDAY_IN_UTC = datetime.datetime(2026, 12, 5, 0, 30, tzinfo=datetime.UTC)
BOM = "\ufeff".encode()  # UTF-8's byte order mark: EF BB BF


@pytest.fixture
def circle():
    return Circle()


@pytest.fixture
def saturday_in_utc(time_machine):
    time_machine.move_to(SATURDAY_IN_UTC, tick=False)


def csv_url(circle, query=""):
    return f"/api/v1/patients/{circle.patient.pk}/export.csv{query}"


def fhir_url(circle):
    return f"/api/v1/patients/{circle.patient.pk}/fhir/"


def rows(response):
    assert response.status_code == 200, response.content
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def share(circle, user, sees):
    CareTeamMember.objects.filter(patient=circle.patient, member=user).update(sees=sees)


# CSV


def test_the_teen_gets_every_field_one_row_per_day_oldest_first(saturday_in_utc, circle):
    EntryFactory(
        patient=circle.patient,
        date=ENTRY_DAY - datetime.timedelta(days=1),
        sleep_hours=Decimal("7.50"),
        sleep_quality=4,
        fatigue=3,
        exercise_minutes=30,
        school="partial",
        symptoms=["headache", "dizziness"],
        pain_locations=["left_knee"],
        therapies=[],
        note="Private thought",
        note_private=True,
    )
    response = client_for(circle.teen).get(csv_url(circle))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stride-maya-2026-12-05.csv"'  # a teen in UTC
    assert response["Cache-Control"] == "no-store"
    header = response.content.decode().splitlines()[0]
    assert header == (
        "\ufeffdate,function,pain,sleep_hours,sleep_quality,mood,fatigue,exercise_minutes,school,symptoms,symptoms_words,"
        "pain_locations,pain_locations_words,therapies,therapies_words,note,note_private,goals_done,entered_by_role,"
        "version,updated_at,plan: Brisk walk"
    )
    first, second = rows(response)
    assert [first["date"], second["date"]] == ["2026-03-01", "2026-03-02"]
    assert first | {"updated_at": ""} == {
        "date": "2026-03-01",
        "function": "5",
        "pain": "5",
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "mood": "",
        "fatigue": "3",
        "exercise_minutes": "30",
        "school": "partial",
        "symptoms": "headache;dizziness",
        "symptoms_words": "Headache; Dizzy",
        "pain_locations": "left_knee",
        "pain_locations_words": "Left knee",
        "therapies": "",
        "therapies_words": "",
        "note": "Private thought",
        "note_private": "true",
        "goals_done": "",
        "entered_by_role": "teen",
        "version": "1",
        "updated_at": "",
        "plan: Brisk walk": "",  # the Circle's walk starts on 2 March
    }
    assert datetime.datetime.fromisoformat(first["updated_at"]).tzinfo is not None
    assert (second["mood"], second["note"], second["note_private"]) == ("2", "Talked to Sam", "false")


def test_a_spreadsheet_reads_accents_and_emoji_and_the_goals_by_title(circle):
    """The file starts with UTF-8's byte order mark, without which Excel reads "Zoë" as "ZoÃ«"; a goal ticked is
    named by its title, as the plan's items are."""
    circle.entry.note = "Swam with Zoë 🏊"
    circle.entry.goals_done = [circle.goal.pk]
    circle.entry.save()
    response = client_for(circle.linked_clinician).get(csv_url(circle))
    assert response.content[:3] == b"\xef\xbb\xbf" and response.content.count(BOM) == 1
    (row,) = rows(response)
    assert row["goals_done"] == "Physio exercises"  # the Circle's goal, not its id
    assert "note" not in row  # a clinician given core alone
    (row,) = rows(client_for(circle.teen).get(csv_url(circle)))
    assert (row["note"], row["goals_done"]) == ("Swam with Zoë 🏊", "Physio exercises")


def test_a_file_is_named_with_the_day_of_the_diary_it_holds_not_the_servers(saturday_in_utc, circle):
    for person in (circle.patient, circle.teen):
        person.timezone = "America/Chicago"
        person.save()
    teen = client_for(circle.teen)
    names = [teen.get(url)["Content-Disposition"] for url in (csv_url(circle), fhir_url(circle), MY_DATA)]
    assert names == [
        'attachment; filename="stride-maya-2026-12-04.csv"',
        'attachment; filename="stride-maya-2026-12-04.fhir.json"',
        'attachment; filename="stride-my-data-2026-12-04.json"',
    ]
    # A parent in Tokyo, where it is Saturday afternoon, downloads her diary: still her Friday.
    circle.linked_parent.timezone = "Asia/Tokyo"
    circle.linked_parent.save()
    parent = client_for(circle.linked_parent).get(csv_url(circle))
    assert parent["Content-Disposition"] == 'attachment; filename="stride-maya-2026-12-04.csv"'


def test_where_the_pain_was_comes_as_codes_and_in_the_downloaders_words(circle):
    circle.entry.pain_locations = ["lower_back", "right_knee", "whole_body"]
    circle.entry.therapies = ["desensitization"]
    circle.entry.save()
    (row,) = rows(client_for(circle.teen).get(csv_url(circle)))
    assert row["pain_locations"] == "lower_back;right_knee;whole_body"
    assert row["pain_locations_words"] == "Lower back; Right knee; All over"
    assert row["therapies_words"] == "Touch practice"
    circle.teen.language = "es"
    circle.teen.save()
    (row,) = rows(client_for(circle.teen).get(csv_url(circle)))
    assert row["pain_locations"] == "lower_back;right_knee;whole_body", "codes stay codes in every language"
    assert row["pain_locations_words"] == "Espalda baja; Rodilla derecha; Todo el cuerpo"


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_a_cell_a_spreadsheet_would_run_is_made_inert(circle, note):
    circle.entry.note = note
    circle.entry.save()
    (row,) = rows(client_for(circle.teen).get(csv_url(circle)))
    assert row["note"] == "'" + note


def test_ordinary_text_is_left_alone(circle):
    circle.entry.note = 'a=b, then "quotes"\nand a second line'
    circle.entry.save()
    (row,) = rows(client_for(circle.teen).get(csv_url(circle)))
    assert row["note"] == circle.entry.note


def test_a_clinician_who_sees_core_gets_no_mood_and_no_note_columns(circle):
    (row,) = rows(client_for(circle.linked_clinician).get(csv_url(circle)))
    assert "mood" not in row and "note" not in row and "note_private" not in row
    assert (row["function"], row["pain"]) == ("5", "5")


def test_a_private_note_of_the_teen_is_blank_for_a_parent_who_sees_notes(circle):
    share(circle, circle.linked_parent, ["core", "mood", "notes"])
    EntryFactory(patient=circle.patient, date=ENTRY_DAY - datetime.timedelta(days=1), note="Mine", note_private=True)
    private, shared = rows(client_for(circle.linked_parent).get(csv_url(circle)))
    assert (private["note"], private["note_private"]) == ("", "")
    assert (shared["note"], shared["note_private"], shared["mood"]) == ("Talked to Sam", "false", "2")
    assert "Mine" not in json.dumps([private, shared])


def test_an_export_by_a_parent_is_in_the_access_log_and_the_teens_own_is_not(circle):
    assert client_for(circle.teen).get(csv_url(circle)).status_code == 200
    assert not AccessLogEntry.objects.exists()
    assert client_for(circle.linked_parent).get(csv_url(circle)).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.detail) == (circle.linked_parent, "export", "CSV export")
    log = client_for(circle.teen).get(f"/api/v1/patients/{circle.patient.pk}/access-log/").json()["results"]
    assert [(row["actor"]["display_name"], row["action"]) for row in log] == [("Dana", "export")]


def test_from_and_to_choose_the_days(circle):
    EntryFactory(patient=circle.patient, date=ENTRY_DAY - datetime.timedelta(days=5))
    response = client_for(circle.teen).get(csv_url(circle, "?from=2026-03-01&to=2026-03-31"))
    assert [row["date"] for row in rows(response)] == ["2026-03-02"]


@pytest.mark.parametrize("query", ["?from=bad", "?to=2026-02-30", "?from=2026-03-05&to=2026-03-01"])
def test_a_bad_range_is_a_400_and_logs_nothing(circle, query):
    response = client_for(circle.linked_parent).get(csv_url(circle, query))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert not AccessLogEntry.objects.exists()


def test_a_client_asking_for_the_file_type_gets_the_file_or_a_json_error(circle):
    assert client_for(circle.teen).get(csv_url(circle), HTTP_ACCEPT="text/csv").status_code == 200
    assert client_for(circle.teen).get(fhir_url(circle), HTTP_ACCEPT="application/fhir+json").status_code == 200
    refused = client_for(circle.stranger_teen).get(csv_url(circle), HTTP_ACCEPT="text/csv")
    assert refused.status_code == 404
    assert refused.json() == {"detail": "No such patient."}


# FHIR


def bundle_of(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json"
    data = response.json()
    Bundle.model_validate(data)  # raises on anything that is not valid FHIR
    return data


def observations(data, code):
    found = []
    for item in data["entry"]:
        resource = item["resource"]
        if resource["resourceType"] == "Observation" and resource["code"]["coding"][0]["code"] == code:
            found.append(resource)
    return found


def test_the_fhir_bundle_holds_the_patient_and_a_loinc_coded_pain_observation(circle):
    circle.entry.sleep_hours, circle.entry.exercise_minutes, circle.entry.school = Decimal("8.25"), 45, "full"
    circle.entry.save()
    data = bundle_of(client_for(circle.teen).get(fhir_url(circle)))
    assert (data["resourceType"], data["type"]) == ("Bundle", "collection")
    assert all(item["fullUrl"].startswith("urn:uuid:") for item in data["entry"])
    patient_item = data["entry"][0]
    patient = patient_item["resource"]
    assert patient["resourceType"] == "Patient"
    assert patient["identifier"] == [
        {"system": f"{settings.STRIDE_SITE_URL}/fhir/patient-id", "value": str(circle.patient.public_id)}
    ]
    assert (patient["name"][0]["text"], patient["birthDate"]) == ("Maya", "2011-05-04")

    (pain,) = observations(data, "72514-3")
    assert pain["code"]["coding"][0]["system"] == LOINC
    assert pain["valueInteger"] == 5 and pain["status"] == "final"
    category = pain["category"][0]["coding"][0]
    assert (category["system"], category["code"]) == (
        "http://terminology.hl7.org/CodeSystem/observation-category",
        "survey",
    )
    assert pain["subject"] == {"reference": patient_item["fullUrl"]}
    assert pain["effectiveDateTime"] == "2026-03-02"

    (function,) = observations(data, "function")
    assert (function["code"]["coding"][0]["system"], function["valueInteger"]) == (DIARY, 5)
    (sleep,) = observations(data, "93832-4")
    assert sleep["valueQuantity"] == {"value": 8.25, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"}
    (exercise,) = observations(data, "55411-3")
    assert exercise["valueQuantity"]["value"] == 45 and exercise["valueQuantity"]["code"] == "min"
    (school,) = observations(data, "school")
    assert school["valueCodeableConcept"]["coding"][0]["code"] == "full"
    assert observations(data, "mood")[0]["valueInteger"] == 2
    assert not observations(data, "fatigue"), "a value not logged is not an observation"
    assert "Talked to Sam" not in json.dumps(data), "notes stay out of FHIR"


def test_where_the_pain_was_is_one_observation_a_day_with_a_component_per_place_in_english(circle):
    circle.entry.pain_locations = ["left_knee", "upper_back"]
    circle.entry.save()
    circle.teen.language = "es"
    circle.teen.save()
    data = bundle_of(client_for(circle.teen).get(fhir_url(circle)))
    (where,) = observations(data, "pain-locations")
    assert where["effectiveDateTime"] == "2026-03-02" and where["code"]["text"] == "Where the pain was"
    places = [component["valueCodeableConcept"]["coding"][0] for component in where["component"]]
    system = f"{settings.STRIDE_SITE_URL}/fhir/CodeSystem/pain-location"
    assert places == [
        {"system": system, "code": "left_knee", "display": "Left knee"},
        {"system": system, "code": "upper_back", "display": "Upper back"},
    ]
    (pain,) = observations(data, "72514-3")
    assert pain["code"]["text"].startswith("Pain severity")


def test_a_day_without_places_has_no_location_observation(circle):
    assert not observations(bundle_of(client_for(circle.teen).get(fhir_url(circle))), "pain-locations")


def test_the_check_in_is_one_observation_with_its_total_and_15_components(circle):
    answers = [0, 1, 2, 3, 4] * 3
    circle.checkin.answers = answers
    circle.checkin.save()
    (checkin,) = observations(bundle_of(client_for(circle.teen).get(fhir_url(circle))), "fdi-total")
    assert checkin["valueInteger"] == sum(answers) == 30
    assert [c["code"]["coding"][0]["code"] for c in checkin["component"]] == list(ANSWER_FIELDS)
    assert [c["valueInteger"] for c in checkin["component"]] == answers


def test_a_clinician_without_mood_gets_no_mood_observation_and_the_export_is_logged(circle):
    data = bundle_of(client_for(circle.linked_clinician).get(fhir_url(circle)))
    assert observations(data, "72514-3") and not observations(data, "mood")
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.detail) == (circle.linked_clinician, "export", "FHIR export")


def test_the_same_diary_exports_with_the_same_resource_names(circle):
    first = bundle_of(client_for(circle.teen).get(fhir_url(circle)))
    second = bundle_of(client_for(circle.teen).get(fhir_url(circle)))
    urls = [item["fullUrl"] for item in first["entry"]]
    assert urls == [item["fullUrl"] for item in second["entry"]]
    assert len(set(urls)) == len(urls)


# Everything Stride holds about the caller

MY_DATA = "/api/v1/me/export/"


def test_the_teen_gets_everything_stride_holds_about_her(saturday_in_utc, circle):
    EntryFactory(patient=circle.patient, date=ENTRY_DAY - datetime.timedelta(days=1), note="Mine", note_private=True)
    client_for(circle.linked_clinician).get(fhir_url(circle))
    response = client_for(circle.teen).get(MY_DATA)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="stride-my-data-2026-12-05.json"'
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["account"] | {"date_joined": None} == {
        "id": circle.teen.pk,
        "email": "teen@example.com",
        "display_name": "Maya",
        "role": "teen",
        "timezone": "UTC",
        "date_joined": None,
    }
    assert len(data["api_tokens"]) == 1
    (diary,) = data["diaries"]
    assert (diary["patient"]["id"], diary["relation"]) == (circle.patient.pk, "self")
    assert [(e["date"], e["note"], e["note_private"]) for e in diary["entries"]] == [
        ("2026-03-01", "Mine", True),
        ("2026-03-02", "Talked to Sam", False),
    ]
    assert diary["entries"][1]["mood"] == 2
    assert [(c["date"], c["total"], c["band"]) for c in diary["checkins"]] == [("2026-03-02", 30, "severe")]
    team = {(m["user"]["display_name"], m["relation"], m["ended_at"] is None) for m in diary["care_team"]}
    assert ("Dana", "parent", True) in team and ("Dr Lee", "clinician", True) in team and len(team) == 3
    (invitation,) = diary["pending_invitations"]
    assert invitation["role"] == "clinician" and "code" not in invitation and "code_hash" not in invitation
    assert [(row["actor"]["display_name"], row["action"]) for row in diary["access_log"]] == [("Dr Lee", "export")]
    assert data["care_links"] == []


def test_a_parent_gets_the_diaries_they_keep_and_only_the_links_of_those_shared(circle):
    child = Patient.objects.create(display_name="Leo", birth_date=datetime.date(2016, 1, 1))
    CareTeamMember.objects.create(
        patient=child, member=circle.linked_parent, relation="parent", sees=["core"], manages=True
    )
    EntryFactory(patient=child, entered_by=circle.linked_parent, note="Leo's note", note_private=True)
    data = client_for(circle.linked_parent).get(MY_DATA).json()
    (diary,) = data["diaries"]
    assert (diary["patient"]["display_name"], diary["relation"]) == ("Leo", "parent")
    assert diary["entries"][0]["note"] == "Leo's note" and diary["entries"][0]["entered_by_role"] == "parent"
    links = {(link["patient"]["display_name"], link["manages"]) for link in data["care_links"]}
    assert links == {("Maya", False), ("Leo", True)}
    assert "Talked to Sam" not in json.dumps(data), "a shared diary's health data is exported from that diary"


def test_a_clinician_gets_the_account_and_the_links(circle):
    data = client_for(circle.removed_clinician).get(MY_DATA).json()
    assert data["account"]["role"] == "clinician" and data["diaries"] == []
    (link,) = data["care_links"]
    assert link["patient"]["id"] == circle.patient.pk and link["ended_at"] is not None


def test_my_data_needs_a_sign_in(anon_client):
    assert anon_client.get(MY_DATA).status_code == 401


def test_my_data_takes_the_same_queries_for_three_days_or_three_hundred(django_assert_max_num_queries):
    teen = PatientFactory(account__email="many@example.com")
    client = client_for(teen.account)
    counts = []
    for days in (3, 300):
        EntryFactory.create_batch(days - teen.entries.count(), patient=teen)
        CheckinFactory.create_batch(2, patient=teen)
        AccessLogEntry.objects.create(patient=teen, actor_name="X", actor_role=Role.PARENT, action="read", detail="x")
        CareTeamMember.objects.create(patient=teen, member=UserFactory(role=Role.PARENT), relation="parent")
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(MY_DATA).json()["diaries"][0]["entries"]) == days
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(13):  # ... and the treatment plan's items
        client.get(MY_DATA)


# Pages


def test_the_days_page_offers_both_downloads_to_a_reader(circle, client):
    client.force_login(circle.linked_clinician)
    page = client.get(f"/patients/{circle.patient.pk}/").content.decode()
    assert f'href="/api/v1/patients/{circle.patient.pk}/export.csv" download' in page
    assert f'href="/api/v1/patients/{circle.patient.pk}/fhir/" download' in page
    assert "Maya can see your downloads in the access log." in page


def test_settings_offers_everything_stride_holds(circle, client):
    client.force_login(circle.teen)
    page = client.get("/settings/").content.decode()
    assert 'href="/api/v1/me/export/" download>Download everything Stride holds about you</a>' in page


def test_a_refused_export_is_not_in_the_log(circle):
    assert client_for(circle.stranger_teen).get(fhir_url(circle)).status_code == 404
    assert client_for(circle.removed_clinician).get(csv_url(circle)).status_code == 404
    assert not AccessLogEntry.objects.exists()
