"""Expired codes stay on the owner's list (on request) for 30 days, so a new one is one tap away; the API's
default list and its one answer for every code that doesn't work stay as docs/API.md has them."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Invitation, Role
from accounts.sharing import CODE_DOES_NOT_WORK
from tests.conftest import client_for
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def maya():
    return PatientFactory(account__display_name="Maya")


def url(patient, query=""):
    return f"/api/v1/patients/{patient.pk}/invitations/{query}"


def invite(patient, role="parent", sees=("core",)):
    response = client_for(patient.account).post(url(patient), {"role": role, "sees": list(sees)})
    assert response.status_code == 201
    return response.json()


def listed(patient, query=""):
    response = client_for(patient.account).get(url(patient, query))
    assert response.status_code == 200, response.json()
    return [(i["id"], i["expired"]) for i in response.json()]


def test_expired_codes_are_listed_only_on_request_and_for_30_days(clock, maya):
    oldest = invite(maya, role="clinician", sees=["core", "notes"])
    clock.shift(datetime.timedelta(days=20))
    older = invite(maya, sees=["core", "mood"])
    clock.shift(datetime.timedelta(days=6))
    used = invite(maya)
    fresh = invite(maya)
    assert client_for(UserFactory(role=Role.PARENT)).post("/api/v1/invitations/accept/", {"code": used["code"]})
    clock.shift(datetime.timedelta(days=5))  # day 31: `oldest` expired 24 days ago, `older` 4 days ago

    assert listed(maya) == [(fresh["id"], False)]  # the default answer: pending ones only, as docs/API.md says
    assert listed(maya, "?include_expired=false") == [(fresh["id"], False)]
    assert listed(maya, "?include_expired=true") == [(fresh["id"], False), (older["id"], True), (oldest["id"], True)]

    clock.shift(datetime.timedelta(days=6, hours=23))  # `oldest` expired 30 days and 23 hours ago: gone
    assert listed(maya, "?include_expired=true") == [(fresh["id"], True), (older["id"], True)]


def test_an_expired_code_keeps_its_role_and_sees_and_a_new_code_replaces_it(clock, maya):
    expired = invite(maya, role="clinician", sees=["core", "notes"])
    clock.shift(datetime.timedelta(days=7))
    (shown,) = client_for(maya.account).get(url(maya, "?include_expired=1")).json()
    assert (shown["role"], shown["sees"], shown["expired"]) == ("clinician", ["core", "notes"], True)

    # What the Sharing page's "New code" does: the same role and sees again, then the expired one goes.
    new = invite(maya, role=shown["role"], sees=shown["sees"])
    assert client_for(maya.account).delete(url(maya, f"{expired['id']}/")).status_code == 204
    assert listed(maya, "?include_expired=true") == [(new["id"], False)]
    lee = UserFactory(role=Role.CLINICIAN)
    answer = client_for(lee).post("/api/v1/invitations/accept/", {"code": new["code"]})
    assert answer.status_code == 201
    assert maya.care_team.get(member=lee).sees == ["core", "notes"]


def test_unknown_used_and_expired_codes_still_get_one_answer_that_says_to_ask_for_a_new_one(clock, maya):
    used, expired = invite(maya)["code"], invite(maya)["code"]
    dana = UserFactory(role=Role.PARENT)
    assert client_for(dana).post("/api/v1/invitations/accept/", {"code": used}).status_code == 201
    clock.shift(datetime.timedelta(days=7, seconds=1))
    sam = client_for(UserFactory(role=Role.PARENT))
    answers = [sam.post("/api/v1/invitations/accept/", {"code": code}) for code in ("ACDEFGHJKM", used, expired)]
    assert {a.status_code for a in answers} == {400}
    assert all(a.json() == {"code": [str(CODE_DOES_NOT_WORK)]} for a in answers)
    assert "Ask the person who invited you for a new code." in str(CODE_DOES_NOT_WORK)


@pytest.mark.parametrize("value", ["maybe", "2", "tru"])
def test_a_bad_include_expired_gets_a_clear_400(maya, value):
    response = client_for(maya.account).get(url(maya, f"?include_expired={value}"))
    assert response.status_code == 400 and "include_expired" in response.json()


def test_only_the_owner_lists_invitations_expired_or_not(clock, maya):
    invite(maya)
    clock.shift(datetime.timedelta(days=8))
    dana = UserFactory(role=Role.PARENT)
    maya.care_team.create(member=dana, relation="parent", sees=["core"])
    assert client_for(dana).get(url(maya, "?include_expired=true")).status_code == 403
    assert client_for(UserFactory(role=Role.PARENT)).get(url(maya, "?include_expired=true")).status_code == 404
    assert Invitation.objects.count() == 1


def test_the_schema_describes_the_opt_in():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    (get,) = [
        ops["get"] for path, ops in schema["paths"].items() if path == "/api/v1/patients/{patient_id}/invitations/"
    ]
    (param,) = [p for p in get["parameters"] if p["name"] == "include_expired"]
    assert (param["in"], param["schema"]["type"], param.get("required", False)) == ("query", "boolean", False)
    item = get["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "expired" in schema["components"]["schemas"][item]["properties"]
