"""Every patient-scoped endpoint, tried as each of seven personas, with the exact status expected.

A new endpoint under /api/v1/patients/<id>/ fails `test_every_patient_endpoint_is_in_the_matrix` until it is
added here, so no endpoint can ship without its access rules being written down and checked.
"""

import json

import pytest
from django.urls import get_resolver, resolve

from accounts.mfa import MFA_REQUIRED_MESSAGE
from accounts.models import CareTeamMember, Role
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.personas import PERSONAS, Circle

ENTRY = {"function": 6, "pain": 4}
P, D = "{patient}", "2026-03-02"

#  teen, linked parent, unlinked parent, linked clinician, removed clinician, stranger teen, anonymous
READ = (200, 200, 404, 200, 404, 404, 401)
OWNER_ONLY = (200, 403, 404, 403, 404, 404, 401)

MATRIX = {
    ("GET", f"patients/{P}/"): READ,
    ("PATCH", f"patients/{P}/"): (200, 403, 404, 200, 404, 404, 401),
    ("GET", f"patients/{P}/entries/"): READ,
    ("GET", f"patients/{P}/entries/{D}/"): READ,
    ("PUT", f"patients/{P}/entries/{D}/"): (200, 403, 404, 403, 404, 404, 401),
    ("PATCH", f"patients/{P}/entries/{D}/"): (200, 403, 404, 403, 404, 404, 401),
    ("DELETE", f"patients/{P}/entries/{D}/"): (204, 403, 404, 403, 404, 404, 401),
    ("GET", f"patients/{P}/function-checkins/"): READ,
    ("GET", f"patients/{P}/function-checkins/{D}/"): READ,
    ("PUT", f"patients/{P}/function-checkins/{D}/"): (200, 403, 404, 403, 404, 404, 401),
    ("GET", f"patients/{P}/goals/"): READ,
    ("POST", f"patients/{P}/goals/"): (201, 403, 404, 403, 404, 404, 401),
    ("PATCH", f"patients/{P}/goals/{{goal}}/"): (200, 403, 404, 403, 404, 404, 401),
    ("DELETE", f"patients/{P}/goals/{{goal}}/"): (204, 403, 404, 403, 404, 404, 401),
    ("GET", f"patients/{P}/goals/progress/"): READ,
    ("GET", f"patients/{P}/goals/streaks/"): READ,
    ("GET", f"patients/{P}/trends/"): READ,
    ("GET", f"patients/{P}/summary/"): READ,
    ("GET", f"patients/{P}/invitations/"): OWNER_ONLY,
    ("POST", f"patients/{P}/invitations/"): (201, 403, 404, 403, 404, 404, 401),
    ("DELETE", f"patients/{P}/invitations/{{invitation}}/"): (204, 403, 404, 403, 404, 404, 401),
    ("GET", f"patients/{P}/care-team/"): OWNER_ONLY,
    ("PATCH", f"patients/{P}/care-team/{{clinician_link}}/"): OWNER_ONLY,
    # The clinician's own link: the teen removes anyone, and a member may leave.
    ("DELETE", f"patients/{P}/care-team/{{clinician_link}}/"): (204, 403, 404, 204, 404, 404, 401),
    ("GET", f"patients/{P}/access-log/"): OWNER_ONLY,
    ("GET", f"patients/{P}/export.csv"): READ,
    ("GET", f"patients/{P}/fhir/"): READ,
    # A handover gives a child's diary to the child: only a parent who keeps a child's profile asks for it (a teen's
    # own diary is hers already; tests/test_handover.py has the keeping parent).
    ("POST", f"patients/{P}/handover/"): (403, 403, 404, 403, 404, 404, 401),
    # Reminders: the diary's owner (the teen, or a parent who keeps a child's profile) only.
    ("GET", f"patients/{P}/reminders/"): OWNER_ONLY,
    ("PUT", f"patients/{P}/reminders/"): OWNER_ONLY,
}
BODIES = {
    ("PUT", f"patients/{P}/reminders/"): {"enabled": True, "time": "19:00", "days": [1, 5], "channels": ["email"]},
    ("PATCH", f"patients/{P}/"): {"treatment_start": "2026-03-01"},
    ("PUT", f"patients/{P}/entries/{D}/"): ENTRY,
    ("PATCH", f"patients/{P}/entries/{D}/"): {"mood": 4},
    ("PUT", f"patients/{P}/function-checkins/{D}/"): {"answers": [1] * 15},
    ("POST", f"patients/{P}/invitations/"): {"role": "parent", "sees": ["core"]},
    ("PATCH", f"patients/{P}/care-team/{{clinician_link}}/"): {"sees": ["core", "mood"]},
    ("POST", f"patients/{P}/handover/"): {"email": "new-owner@example.com"},
    ("POST", f"patients/{P}/goals/"): {"title": "School", "measure": "school_days", "target": 5},
    ("PATCH", f"patients/{P}/goals/{{goal}}/"): {"target": 4},
}
CELLS = [
    pytest.param(method, path, persona, expected[index], id=f"{method} {path} as {persona}")
    for (method, path), expected in MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize("method, path, persona, expected", CELLS)
def test_persona_matrix(method, path, persona, expected):
    circle = Circle()
    url = "/api/v1/" + path.format(
        patient=circle.patient.pk,
        invitation=circle.invitation.pk,
        clinician_link=circle.clinician_link.pk,
        goal=circle.goal.pk,
    )
    client = client_for(circle.person(persona))
    response = client.generic(method, url, data=_json(BODIES.get((method, path))), content_type="application/json")
    assert response.status_code == expected, response.content


def _json(body):
    return json.dumps(body) if body is not None else ""


@pytest.mark.django_db
@pytest.mark.parametrize("method, path", list(MATRIX))
def test_a_linked_clinician_without_two_step_sign_in_gets_mfa_required_everywhere(method, path):
    """STRIDE_CLINICIAN_MFA=required (the default with DJANGO_DEBUG off): the clinician's own link, every method."""
    circle = Circle()
    newcomer = UserFactory(role=Role.CLINICIAN, mfa=False)
    link = CareTeamMember.objects.create(patient=circle.patient, member=newcomer, relation="clinician", sees=["core"])
    url = "/api/v1/" + path.format(
        patient=circle.patient.pk, invitation=circle.invitation.pk, clinician_link=link.pk, goal=circle.goal.pk
    )
    body = _json(BODIES.get((method, path)))
    response = client_for(newcomer).generic(method, url, data=body, content_type="application/json")
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": MFA_REQUIRED_MESSAGE, "code": "mfa_required"}


def _patient_scoped_routes():
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/").url_patterns
    routes = set()
    for pattern in api:
        route = str(pattern.pattern)
        if route.startswith("patients/<id:patient_id>/"):
            routes.add(route)
    return routes


def _as_route(path):
    return (
        path.replace(P, "<id:patient_id>")
        .replace(D, "<isodate:day>")
        .replace("{invitation}", "<id:invitation_id>")
        .replace("{clinician_link}", "<id:member_id>")
        .replace("{goal}", "<id:goal_id>")
    )


def test_every_patient_endpoint_is_in_the_matrix():
    in_matrix = {_as_route(path) for _, path in MATRIX}
    missing = _patient_scoped_routes() - in_matrix
    assert not missing, f"Add these endpoints to MATRIX in {__name__}: {sorted(missing)}"


def test_every_method_of_every_patient_endpoint_is_in_the_matrix():
    circle_free = {"patient": 1, "invitation": 1, "clinician_link": 1, "goal": 1}
    for route in _patient_scoped_routes():
        path = next(p for _, p in MATRIX if _as_route(p) == route)
        view = resolve("/api/v1/" + path.format(**circle_free)).func.view_class
        methods = {m.upper() for m in view.http_method_names if hasattr(view, m) and m not in ("options", "head")}
        covered = {m for m, p in MATRIX if _as_route(p) == route}
        assert methods <= covered, f"{route}: add {sorted(methods - covered)} to MATRIX"


@pytest.mark.django_db
def test_an_absurd_id_is_a_404_not_a_500():
    client = client_for(Circle().teen)
    for url in ("/api/v1/patients/99999999999999999999/", "/api/v1/patients/99999999999999999999/entries/"):
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/patients/999999999999999999/").status_code == 404  # 18 digits: looked up
