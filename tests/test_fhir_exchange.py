"""FHIR an EHR accepts (issue 23; docs/API.md, "Exchange additions"): systems under the site's address and served
there, an opaque Patient identifier and each clinic's record number, who reported each value, amended days, symptoms
and treatments, the check-in as a QuestionnaireResponse, the plan as a CarePlan, a Provenance, and a transaction
Bundle that creates nothing twice. Every Bundle is validated with fhir.resources (R4B) and its references resolve
inside it. No FHIR server runs here (HAPI needs Maven Central, which this machine cannot reach), so the transaction's
rules (request, ifNoneExist, fullUrl) are checked one by one."""

import datetime
import json

import pytest
from django.conf import settings
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem

from accounts import clinics, sharing
from accounts.models import ClinicMember, Role
from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import EntryFactory, UserFactory
from tests.personas import ENTRY_DAY, Circle

pytestmark = pytest.mark.django_db

SITE = f"{settings.STRIDE_SITE_URL}/fhir"


@pytest.fixture
def circle():
    circle = Circle(clinic=True)
    entry = circle.entry
    entry.symptoms, entry.therapies, entry.pain_locations = ["headache", "fatigue"], ["physical_therapy"], ["left_knee"]
    entry.school, entry.plan_done = "partial", [{"item": circle.plan_item.pk, "amount": 15}]
    entry.save()
    return circle


def export(user, patient, query=""):
    response = client_for(user).get(f"/api/v1/patients/{patient.pk}/fhir/{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json"
    data = response.json()
    Bundle.model_validate(data)  # raises on anything that is not valid FHIR R4
    return data


def resources(data, kind):
    return [item["resource"] for item in data["entry"] if item["resource"]["resourceType"] == kind]


def observation(data, code):
    found = [obs for obs in resources(data, "Observation") if obs["code"]["coding"][0]["code"] == code]
    assert len(found) == 1, f"{len(found)} observations of {code}"
    return found[0]


def walk(value):
    """Every dict inside a JSON value."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner)


def test_every_code_system_is_under_the_site_and_served_there_with_every_code_used(circle, client):
    data = export(circle.teen, circle.patient)
    assert "example.org" not in json.dumps(data)
    used: dict[str, set] = {}
    for coding in walk(data):
        if "system" in coding and "code" in coding and coding["system"].startswith(f"{SITE}/CodeSystem/"):
            used.setdefault(coding["system"], set()).add(coding["code"])
    names = {system.rsplit("/", 1)[1] for system in used}
    assert {"diary", "school", "pain-location", "symptom", "therapy", "fdi-activity", "plan-kind"} <= names
    for system, codes in used.items():
        response = client.get(system.removeprefix(settings.STRIDE_SITE_URL))
        assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
        served = response.json()
        CodeSystem.model_validate(served)
        assert served["url"] == system and served["content"] == "complete"
        assert codes <= {concept["code"] for concept in served["concept"]}, system
    assert client.get("/fhir/CodeSystem/no-such-system").status_code == 404


def test_every_reference_resolves_inside_the_bundle(circle):
    for query in ("", "?type=transaction"):
        data = export(circle.teen, circle.patient, query)
        urls = {item["fullUrl"] for item in data["entry"]}
        assert len(urls) == len(data["entry"])
        references = [ref["reference"] for ref in walk(data) if "reference" in ref]
        assert references and set(references) <= urls


def test_the_patient_has_an_opaque_identifier_and_each_clinics_record_number_for_its_own(circle):
    member = ClinicMember.objects.get(user=circle.clinic_member)
    clinics.set_record_number(member=member, patient_id=circle.patient.pk, record_number="MRN-2207")
    number = {
        "type": {"text": "Clinic record number"},
        "system": f"{SITE}/clinic/{circle.clinic.pk}/record-number",
        "value": "MRN-2207",
    }
    opaque = {"system": f"{SITE}/patient-id", "value": str(circle.patient.public_id)}
    assert str(circle.patient.pk) != opaque["value"]
    for reader in (circle.clinic_member, circle.teen):
        (patient,) = resources(export(reader, circle.patient), "Patient")
        assert patient["identifier"] == [opaque, number]
    (patient,) = resources(export(circle.linked_clinician, circle.patient), "Patient")  # not a member of the clinic
    assert patient["identifier"] == [opaque]
    again = export(circle.teen, circle.patient)
    assert resources(again, "Patient")[0]["identifier"][0] == opaque  # stable from one export to the next


def test_each_value_says_who_reported_it_when_and_whether_the_day_was_changed(circle):
    data = export(circle.teen, circle.patient)
    patient_url = data["entry"][0]["fullUrl"]
    pain = observation(data, "72514-3")
    assert pain["identifier"] == [
        {"system": f"{SITE}/observation-id", "value": f"{circle.patient.public_id}/{ENTRY_DAY}/72514-3"}
    ]
    assert pain["performer"] == [{"reference": patient_url}]
    assert pain["status"] == "final" and pain["issued"]
    DailyEntry.objects.filter(pk=circle.entry.pk).update(version=2)
    pain = observation(export(circle.teen, circle.patient), "72514-3")
    assert pain["status"] == "amended" and pain["issued"]


def test_a_parents_day_in_a_childs_diary_is_reported_by_a_related_person(client):
    parent = UserFactory(role=Role.PARENT, display_name="Dana")
    child = sharing.create_child_profile(parent, display_name="Ben", birth_date=datetime.date(2016, 6, 1), consent=True)
    EntryFactory(patient=child, date=child.today(), entered_by=parent, pain=3)
    data = export(parent, child)
    (person,) = resources(data, "RelatedPerson")
    assert person["relationship"][0]["coding"][0]["code"] == "PRN" and person["name"] == [{"text": "Dana"}]
    assert str(parent.pk) not in person["identifier"][0]["value"].split("/")
    url = next(item["fullUrl"] for item in data["entry"] if item["resource"] is not None and item["resource"] == person)
    assert observation(data, "72514-3")["performer"] == [{"reference": url}]


def test_symptoms_treatments_and_places_are_observations_with_a_component_each(circle):
    data = export(circle.teen, circle.patient)
    symptoms = observation(data, "symptoms")
    assert [c["valueCodeableConcept"]["coding"][0]["code"] for c in symptoms["component"]] == ["headache", "fatigue"]
    assert symptoms["component"][0]["valueCodeableConcept"]["coding"][0]["display"] == "Headache"
    therapies = observation(data, "therapies")
    assert [c["valueCodeableConcept"]["coding"][0]["code"] for c in therapies["component"]] == ["physical_therapy"]


def test_the_check_in_is_a_questionnaire_response_with_its_total_derived_from_it(circle):
    data = export(circle.teen, circle.patient)
    (questionnaire,) = resources(data, "Questionnaire")
    assert questionnaire["url"] == f"{SITE}/Questionnaire/functional-disability-inventory"
    assert len(questionnaire["item"]) == 15
    (response,) = resources(data, "QuestionnaireResponse")
    assert response["questionnaire"] == questionnaire["url"] and response["status"] == "completed"
    assert [item["answer"][0]["valueInteger"] for item in response["item"]] == [2] * 15
    assert {item["linkId"] for item in response["item"]} == {item["linkId"] for item in questionnaire["item"]}
    response_url = next(item["fullUrl"] for item in data["entry"] if item["resource"] == response)
    total = observation(data, "fdi-total")
    assert total["valueInteger"] == 30 and total["derivedFrom"] == [{"reference": response_url}]


def test_the_treatment_plan_is_a_care_plan(circle):
    data = export(circle.clinic_member, circle.patient)
    (plan,) = resources(data, "CarePlan")
    assert (plan["status"], plan["intent"]) == ("active", "plan")
    (activity,) = plan["activity"]
    detail = activity["detail"]
    assert detail["code"]["coding"][0]["code"] == "exercise" and detail["status"] == "in-progress"
    assert detail["dailyAmount"] == {
        "value": 15,
        "unit": "minutes",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    assert detail["scheduledTiming"]["repeat"] | {"boundsPeriod": None} == {
        "boundsPeriod": None,
        "frequency": 5,
        "period": 1,
        "periodUnit": "wk",
    }
    assert detail["description"].startswith("Brisk walk.")


def test_a_provenance_names_stride_as_the_source_of_everything(circle):
    data = export(circle.teen, circle.patient)
    (provenance,) = resources(data, "Provenance")
    assert provenance["agent"][0]["who"] == {"display": "Stride"}
    others = {item["fullUrl"] for item in data["entry"] if item["resource"]["resourceType"] != "Provenance"}
    assert {target["reference"] for target in provenance["target"]} == others


def test_a_transaction_creates_each_resource_only_if_none_has_its_identifier(circle):
    data = export(circle.teen, circle.patient, "?type=transaction")
    assert data["type"] == "transaction"
    searches = []
    for item in data["entry"]:
        resource, request = item["resource"], item["request"]
        assert item["fullUrl"].startswith("urn:uuid:")
        if resource["resourceType"] == "Provenance":
            assert request == {"method": "PUT", "url": f"Provenance/{resource['id']}"}
            continue
        assert request["method"] == "POST" and request["url"] == resource["resourceType"]
        if resource["resourceType"] == "Questionnaire":
            assert request["ifNoneExist"] == f"url={resource['url']}"
        else:
            identifier = resource["identifier"]
            first = identifier[0] if isinstance(identifier, list) else identifier
            assert request["ifNoneExist"] == f"identifier={first['system']}|{first['value']}"
        searches.append(request["ifNoneExist"])
    assert len(searches) == len(set(searches)), "two resources would be taken for one"
    again = export(circle.teen, circle.patient, "?type=transaction")
    assert [item["request"] for item in again["entry"]] == [item["request"] for item in data["entry"]]


def test_an_unknown_bundle_type_is_a_clear_400(circle):
    response = client_for(circle.teen).get(f"/api/v1/patients/{circle.patient.pk}/fhir/?type=batch")
    assert response.status_code == 400
    assert response.json() == {"type": ["Choose collection or transaction."]}


def test_a_core_only_reader_gets_no_mood_but_the_plan_and_a_stranger_gets_nothing(circle):
    data = export(circle.linked_clinician, circle.patient)
    assert not [obs for obs in resources(data, "Observation") if obs["code"]["coding"][0]["code"] == "mood"]
    assert resources(data, "CarePlan")
    assert "Talked to Sam" not in json.dumps(data)
    assert client_for(circle.stranger_teen).get(f"/api/v1/patients/{circle.patient.pk}/fhir/").status_code == 404
