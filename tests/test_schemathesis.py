"""Every operation of the schema, fed generated input by schemathesis: no 5xx, and answers true to the schema.

Requests go through the WSGI application in this process, on the test database, signed in as a teen whose
diary every patient URL points at. In a fixed order (derandomize), so that a failure comes back the same every
time. Each operation gets schemathesis' coverage cases (its edges and wrong types, about 46 an operation) and 50
generated examples: about 7,600 requests, some 100 seconds of `make test`, the largest single part of it.
"""

import datetime
import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken, User
from config.wsgi import application
from tests.factories import CheckinFactory, EntryFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
LOGGED_DAYS = 5


def _load_schema():
    """The document /api/v1/schema/ serves, built when the tests are collected.

    Not fetched through the app as schemathesis.openapi.from_wsgi would: every request opens a transaction
    (ATOMIC_REQUESTS), and there is no database before the tests run. schemathesis.pytest.from_fixture, which
    would load it in a fixture, does not work with pytest 9.
    """
    document = OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    loaded = schemathesis.openapi.from_dict(json.loads(document))
    loaded.app = application  # as from_wsgi does: requests go to the app, in this process
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def requests_keep_the_connection(db):
    # A real server closes its database connection around each request; here that would end the test's
    # transaction, so requests keep the connection, as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def diary(teen_patient):
    today = teen_patient.today()
    for back in range(LOGGED_DAYS):
        EntryFactory(patient=teen_patient, date=today - datetime.timedelta(days=back))
    CheckinFactory(patient=teen_patient, date=today)
    return teen_patient


def diary_day(value, patient):
    """`value` if the diary may hold that day, else one of its last days.

    Most generated dates are centuries away: a 400 or a 404 alone (tests/test_bad_input.py has those), which
    would leave the answers about a real entry untried.
    """
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value  # not a date: no such URL, a 404
    today = patient.today()
    if patient.birth_date <= day <= today:
        return value
    return (today - datetime.timedelta(days=day.toordinal() % (LOGGED_DAYS * 2))).isoformat()


@schema.parametrize()
# One diary per operation, shared by its examples on purpose; some examples are slow. Hence no health checks.
@settings(max_examples=50, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_answers_match_the_schema(case, teen, diary):
    parameters = case.path_parameters or {}
    if "patient_id" in parameters:
        parameters["patient_id"] = diary.pk
    if "day" in parameters:
        parameters["day"] = diary_day(parameters["day"], diary)
    cache.clear()  # no throttle: every example reaches the view (tests of the throttles are elsewhere)
    # A new token each time: logging out (which ends the token used) must not sign out the rest of the run.
    # Uncompressed, so the checks read the JSON itself: gzip is tried on its own in tests/test_compression.py.
    headers = {"Authorization": f"Token {ApiToken.objects.issue(teen)}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
    # DELETE /me/ sends a generated password, never the teen's: the account stays for the next examples.
    assert User.objects.filter(pk=teen.pk).exists()
