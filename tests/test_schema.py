import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


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
