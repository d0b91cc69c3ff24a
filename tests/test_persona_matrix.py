"""Every patient-scoped and clinic endpoint, tried as each of twelve personas, with the exact status expected.

The seven of the care circle (a teen, parents, clinicians, a stranger, someone signed out) and the five of a clinic the
teen shares core with (its member and admin, a removed member, a member of another clinic, and a member without
two-step sign-in). A new endpoint under /api/v1/patients/<id>/ or /api/v1/clinics/ fails
`test_every_patient_endpoint_is_in_the_matrix` until it is added here, so no endpoint can ship without its access
rules being written down and checked.
"""

import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import get_resolver, resolve

from accounts.mfa import MFA_REQUIRED_MESSAGE
from accounts.models import CareTeamMember, Role
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.personas import CLINIC_PERSONAS, PERSONAS, Circle

ENTRY = {"function": 6, "pain": 4}
P, D, C = "{patient}", "2026-03-02", "{clinic}"

#  teen, linked parent, unlinked parent, linked clinician, removed clinician, stranger teen, anonymous
READ = (200, 200, 404, 200, 404, 404, 401)
OWNER_ONLY = (200, 403, 404, 403, 404, 404, 401)
#  clinic member, clinic admin, removed member, member of another clinic, member without two-step sign-in
CLINIC_READ = (200, 200, 404, 404, 403)
CLINIC_REFUSED = (403, 403, 404, 404, 403)


# The plan: written by clinicians on the care team, directly or through a clinic.
def PLAN_WRITE(done):  # noqa: N802 (reads as the constant rows above)
    return (403, 403, 404, done, 404, 404, 401)


def PLAN_CLINIC_WRITE(done):  # noqa: N802
    return (done, done, 404, 404, 403)


# A clinic is seen by its members alone: everyone else gets 404 (401 signed out).
NOT_MEMBERS = (404, 404, 404, 404, 404, 404, 401)

MATRIX = {
    ("GET", f"patients/{P}/"): (READ, CLINIC_READ),
    ("PATCH", f"patients/{P}/"): ((200, 403, 404, 200, 404, 404, 401), CLINIC_READ),
    ("GET", f"patients/{P}/entries/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/entries/{D}/"): (READ, CLINIC_READ),
    ("PUT", f"patients/{P}/entries/{D}/"): ((200, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("PATCH", f"patients/{P}/entries/{D}/"): ((200, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("DELETE", f"patients/{P}/entries/{D}/"): ((204, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("GET", f"patients/{P}/function-checkins/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/function-checkins/{D}/"): (READ, CLINIC_READ),
    ("PUT", f"patients/{P}/function-checkins/{D}/"): ((200, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("GET", f"patients/{P}/goals/"): (READ, CLINIC_READ),
    ("POST", f"patients/{P}/goals/"): ((201, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("PATCH", f"patients/{P}/goals/{{goal}}/"): ((200, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("DELETE", f"patients/{P}/goals/{{goal}}/"): ((204, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("GET", f"patients/{P}/goals/progress/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/goals/streaks/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/trends/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/summary/"): (READ, CLINIC_READ),
    # The printed summary: exactly who may read the summary.
    ("GET", f"patients/{P}/summary.pdf"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/invitations/"): (OWNER_ONLY, CLINIC_REFUSED),
    ("POST", f"patients/{P}/invitations/"): ((201, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("DELETE", f"patients/{P}/invitations/{{invitation}}/"): ((204, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    ("GET", f"patients/{P}/care-team/"): (OWNER_ONLY, CLINIC_REFUSED),
    ("PATCH", f"patients/{P}/care-team/{{clinician_link}}/"): (OWNER_ONLY, CLINIC_REFUSED),
    # The clinician's own link: the teen removes anyone, and a member may leave.
    ("DELETE", f"patients/{P}/care-team/{{clinician_link}}/"): ((204, 403, 404, 204, 404, 404, 401), CLINIC_REFUSED),
    ("GET", f"patients/{P}/access-log/"): (OWNER_ONLY, CLINIC_REFUSED),
    ("GET", f"patients/{P}/export.csv"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/fhir/"): (READ, CLINIC_READ),
    # A handover gives a child's diary to the child: only a parent who keeps a child's profile asks for it (a teen's
    # own diary is hers already; tests/test_handover.py has the keeping parent).
    ("POST", f"patients/{P}/handover/"): ((403, 403, 404, 403, 404, 404, 401), CLINIC_REFUSED),
    # Reminders: the diary's owner (the teen, or a parent who keeps a child's profile) only.
    ("GET", f"patients/{P}/reminders/"): (OWNER_ONLY, CLINIC_REFUSED),
    ("PUT", f"patients/{P}/reminders/"): (OWNER_ONLY, CLINIC_REFUSED),
    # Treatment plan (docs/API.md, version 1.2): whoever sees core reads it; clinicians on the care team (directly or
    # through a clinic) write it, and the teen and a parent get 403.
    ("GET", f"patients/{P}/plan/"): (READ, CLINIC_READ),
    ("POST", f"patients/{P}/plan/items/"): (PLAN_WRITE(201), PLAN_CLINIC_WRITE(201)),
    ("PATCH", f"patients/{P}/plan/items/{{plan_item}}/"): (PLAN_WRITE(200), PLAN_CLINIC_WRITE(200)),
    ("DELETE", f"patients/{P}/plan/items/{{plan_item}}/"): (PLAN_WRITE(204), PLAN_CLINIC_WRITE(204)),
    ("GET", f"patients/{P}/plan/day/{D}/"): (READ, CLINIC_READ),
    ("GET", f"patients/{P}/plan/adherence/"): (READ, CLINIC_READ),
    # Clinic teams (docs/API.md, version 1.2), around the Pain Team. Knowing a clinic is no patient's data, so a member
    # without two-step sign-in sees the clinic and its members, but none of its patients.
    ("GET", "clinics/"): ((200, 200, 200, 200, 200, 200, 401), (200, 200, 200, 200, 200)),
    ("POST", "clinics/"): ((403, 403, 403, 201, 201, 403, 401), (201, 201, 201, 201, 201)),
    # A fresh code for the Pain Team: its members are on it already; a removed member may come back.
    ("POST", "clinics/join/"): ((403, 403, 403, 201, 201, 403, 401), (400, 400, 201, 201, 400)),
    ("GET", f"clinics/{C}/"): (NOT_MEMBERS, (200, 200, 404, 404, 200)),
    ("PATCH", f"clinics/{C}/"): (NOT_MEMBERS, (403, 200, 404, 404, 403)),
    ("POST", f"clinics/{C}/invitations/"): (NOT_MEMBERS, (403, 201, 404, 404, 403)),
    ("GET", f"clinics/{C}/members/"): (NOT_MEMBERS, (200, 200, 404, 404, 200)),
    ("PATCH", f"clinics/{C}/members/{{member}}/"): (NOT_MEMBERS, (403, 200, 404, 404, 403)),
    # The clinic member's own membership: an admin removes anyone, and a member may leave.
    ("DELETE", f"clinics/{C}/members/{{member}}/"): (NOT_MEMBERS, (204, 204, 404, 404, 403)),
    ("GET", f"clinics/{C}/patients/"): (NOT_MEMBERS, (200, 200, 404, 404, 403)),
    ("PATCH", f"clinics/{C}/patients/{P}/"): (NOT_MEMBERS, (200, 200, 404, 404, 403)),
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
    ("POST", "clinics/"): {"name": "Rehab"},
    ("POST", "clinics/join/"): {"code": "JOINPAINTM"},
    ("PATCH", f"clinics/{C}/"): {"name": "Pain and Rehab"},
    ("POST", f"clinics/{C}/invitations/"): {"role": "clinician"},
    ("PATCH", f"clinics/{C}/members/{{member}}/"): {"role": "admin"},
    ("PATCH", f"clinics/{C}/patients/{P}/"): {"record_number": "MRN-1"},
    ("POST", f"patients/{P}/plan/items/"): {"kind": "session", "title": "Physical therapy", "weekdays": [2, 4]},
    ("PATCH", f"patients/{P}/plan/items/{{plan_item}}/"): {"amount": 20},
}
ENDPOINTS = [
    pytest.param(
        method, path, dict(zip([*PERSONAS, *CLINIC_PERSONAS], [*circle, *clinic], strict=True)), id=f"{method} {path}"
    )
    for (method, path), (circle, clinic) in MATRIX.items()
]


def _url(circle, path, *, clinician_link=None):
    return "/api/v1/" + path.format(
        patient=circle.patient.pk,
        invitation=circle.invitation.pk,
        clinician_link=(clinician_link or circle.clinician_link).pk,
        goal=circle.goal.pk,
        clinic=circle.clinic.pk if hasattr(circle, "clinic") else None,
        member=circle.clinic_membership.pk if hasattr(circle, "clinic") else None,
        plan_item=circle.plan_item.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method, path, expected", ENDPOINTS)
def test_persona_matrix(method, path, expected):
    """Each persona's request runs on the same circle, in a transaction rolled back after it (as if it were the only
    request of a test of its own: its writes, access-log lines and token gone), with the throttles' counts cleared."""
    circle = Circle(clinic=True)
    url, body = _url(circle, path), _json(BODIES.get((method, path)))
    answered = {}
    for persona in expected:
        with transaction.atomic():
            client = client_for(circle.person(persona))
            response = client.generic(method, url, data=body, content_type="application/json")
            answered[persona] = (response.status_code, response.content[:200])
            transaction.set_rollback(True)
        cache.clear()
    wrong = {persona: answered[persona] for persona, status in expected.items() if answered[persona][0] != status}
    assert not wrong, {persona: (f"expected {expected[persona]}", *got) for persona, got in wrong.items()}


def _json(body):
    return json.dumps(body) if body is not None else ""


@pytest.mark.django_db
@pytest.mark.parametrize("method, path", [key for key in MATRIX if key[1].startswith("patients/")])
def test_a_linked_clinician_without_two_step_sign_in_gets_mfa_required_everywhere(method, path):
    """STRIDE_CLINICIAN_MFA=required (the default with DJANGO_DEBUG off): the clinician's own link, every method."""
    circle = Circle()
    newcomer = UserFactory(role=Role.CLINICIAN, mfa=False)
    link = CareTeamMember.objects.create(patient=circle.patient, member=newcomer, relation="clinician", sees=["core"])
    body = _json(BODIES.get((method, path)))
    url = _url(circle, path, clinician_link=link)
    response = client_for(newcomer).generic(method, url, data=body, content_type="application/json")
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": MFA_REQUIRED_MESSAGE, "code": "mfa_required"}


def _patient_scoped_routes():
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/").url_patterns
    routes = set()
    for pattern in api:
        route = str(pattern.pattern)
        if route.startswith(("patients/<id:patient_id>/", "clinics/")):
            routes.add(route)
    return routes


def _as_route(path):
    return (
        path.replace(P, "<id:patient_id>")
        .replace(D, "<isodate:day>")
        .replace("{invitation}", "<id:invitation_id>")
        .replace("{clinician_link}", "<id:member_id>")
        .replace("{goal}", "<id:goal_id>")
        .replace(C, "<id:clinic_id>")
        .replace("{member}", "<id:member_id>")
        .replace("{plan_item}", "<id:item_id>")
    )


def test_every_patient_endpoint_is_in_the_matrix():
    in_matrix = {_as_route(path) for _, path in MATRIX}
    missing = _patient_scoped_routes() - in_matrix
    assert not missing, f"Add these endpoints to MATRIX in {__name__}: {sorted(missing)}"


def test_every_method_of_every_patient_endpoint_is_in_the_matrix():
    circle_free = {
        "patient": 1,
        "invitation": 1,
        "clinician_link": 1,
        "goal": 1,
        "clinic": 1,
        "member": 1,
        "plan_item": 1,
    }
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
