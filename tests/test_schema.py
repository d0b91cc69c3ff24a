import datetime

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.models import Role
from diary.reading.trend_data import MAX_DAYS
from tests.conftest import client_for
from tests.factories import UserFactory


def test_schema_builds_without_warnings(capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err


def test_schema_is_valid_openapi():
    validate_schema(SchemaGenerator().get_schema(request=None, public=True))


@pytest.mark.django_db
def test_schema_and_docs_are_served_from_the_project(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/" in docs.content
    assert b"cdn" not in docs.content.lower()


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema, {
        f"{method.upper()} {path}": operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_every_operation_lists_its_error_answers_with_their_shape():
    schema, operations = _operations()
    codes = {name: set(operation["responses"]) for name, operation in operations.items()}
    assert codes["PUT /api/v1/patients/{patient_id}/entries/{day}/"] >= {"400", "401", "403", "404", "412", "413"}
    assert codes["POST /api/v1/auth/token/"] >= {"400", "413", "429"} and "401" not in codes["POST /api/v1/auth/token/"]
    assert "429" in codes["POST /api/v1/patients/{patient_id}/invitations/"]
    assert "429" not in codes["GET /api/v1/patients/{patient_id}/invitations/"]
    assert codes["GET /api/v1/me/"] == {"200", "401"}
    assert {"400", "413"} <= codes["DELETE /api/v1/me/"]  # its password body
    for name, operation in operations.items():
        if operation.get("security") != [{}]:  # not open to all: signing in is needed
            assert "401" in codes[name], name
        if "{" in name:
            assert "404" in codes[name], name
        for code, response in operation["responses"].items():
            if code >= "400":
                assert list(response["content"]) == ["application/json"], (name, code)
    assert schema["components"]["schemas"]["ErrorDetail"]["properties"] == {"detail": {"type": "string"}}
    assert "FieldErrors" in schema["components"]["schemas"]


def test_page_and_page_size_are_bounded_in_the_schema():
    _, operations = _operations()
    entries = operations["GET /api/v1/patients/{patient_id}/entries/"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in entries["parameters"]}
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 200)
    assert parameters["page"]["minimum"] == 1


def _body_fields(schema, operation):
    body = operation["requestBody"]
    assert body["required"] is True
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    component = schema["components"]["schemas"][name]
    return {field: spec["type"] for field, spec in component["properties"].items()}, component["required"]


def test_a_delete_that_reads_a_body_documents_it():
    schema, operations = _operations()
    # OpenAPI 3.0 has consumers ignore the body of a DELETE; 3.1 permits one.
    assert schema["openapi"].startswith("3.1.")
    assert _body_fields(schema, operations["DELETE /api/v1/me/"]) == ({"password": "string"}, ["password"])
    fields, required = _body_fields(schema, operations["DELETE /api/v1/auth/mfa/totp/"])
    assert {"password", "code"} <= set(fields)
    # A DELETE that reads nothing declares nothing (the entry removed is not sent back).
    for name in (
        "DELETE /api/v1/patients/{patient_id}/entries/{day}/",
        "DELETE /api/v1/patients/{patient_id}/goals/{goal_id}/",
    ):
        assert "requestBody" not in operations[name], name


@pytest.mark.django_db
def test_every_range_says_whether_it_is_held_to_ten_years_and_the_answers_agree(teen_patient):
    _, operations = _operations()
    ranges = {
        name: [parameter["description"] for parameter in operation["parameters"] if parameter["name"] in ("from", "to")]
        for name, operation in operations.items()
        if "from" in {parameter["name"] for parameter in operation.get("parameters", [])}
    }
    limit = f"at most ten years ({MAX_DAYS:,} days)"
    held = {name for name, descriptions in ranges.items() if all(limit in text for text in descriptions)}
    assert held == {
        "GET /api/v1/patients/{patient_id}/trends/",
        "GET /api/v1/patients/{patient_id}/summary/",
        "GET /api/v1/patients/{patient_id}/summary.pdf",
        "GET /api/v1/outcomes/",
        "GET /api/v1/outcomes/export.csv",
        "GET /api/v1/patients/{patient_id}/plan/adherence/",
    }
    assert all(len(descriptions) == 2 for descriptions in ranges.values())
    assert not any("ten years" in text for name in ranges.keys() - held for text in ranges[name])
    teen = client_for(teen_patient.account)
    clinician = client_for(UserFactory(role=Role.CLINICIAN))
    last = datetime.date(2026, 3, 1)
    longest = last - datetime.timedelta(days=MAX_DAYS - 1)
    for name in ranges:
        path = name.split()[1].replace("{patient_id}", str(teen_patient.pk))
        client = teen if "{patient_id}" in name else clinician
        assert client.get(path, {"from": longest, "to": last}).status_code == 200, name
        longer = client.get(path, {"from": longest - datetime.timedelta(days=1), "to": last})
        assert longer.status_code == (400 if name in held else 200), name
        if name in held:
            assert "ten years" in longer.json()["from"][0]
