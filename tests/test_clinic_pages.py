"""The clinic pages (frontend/clinic_views.py) and what the other pages gain from clinics: each page answers its
members, hides the clinic from everyone else (404, as the API does), and sends someone signed out to sign in."""

import pytest
from django.test import override_settings
from django.utils.timezone import now

from accounts.models import CareTeamMember, ClinicMember, Role
from diary.rules import attention
from diary.vocabularies import Flag
from tests.conftest import client_for
from tests.factories import PatientFactory, UserFactory
from tests.personas import Circle

pytestmark = pytest.mark.django_db
PAGES = ("/clinics/{clinic}/", "/clinics/{clinic}/patients/")
MEMBERS = ("clinic_member", "clinic_admin")
NOT_MEMBERS = ("removed_member", "other_clinic_member", "teen", "linked_parent", "linked_clinician")


def page(client, circle, path, person):
    client.force_login(circle.person(person))
    return client.get(path.format(clinic=circle.clinic.pk))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("person", MEMBERS)
def test_a_member_opens_the_clinics_pages(client, path, person):
    circle = Circle(clinic=True)
    response = page(client, circle, path, person)
    assert response.status_code == 200
    assert "Pain Team" in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("person", NOT_MEMBERS)
def test_anyone_else_finds_no_such_clinic(client, path, person):
    circle = Circle(clinic=True)
    response = page(client, circle, path, person)
    assert response.status_code == 404
    assert "Pain Team" not in response.content.decode()


@pytest.mark.parametrize("path", ("/clinics/", *PAGES))
def test_someone_signed_out_is_sent_to_sign_in(client, path):
    circle = Circle(clinic=True)
    url = path.format(clinic=circle.clinic.pk)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"


def test_the_clinics_page_lists_the_callers_clinics_with_their_role(client):
    circle = Circle(clinic=True)
    client.force_login(circle.clinic_admin)
    body = client.get("/clinics/").content.decode()
    assert "Pain Team" in body and "You're an admin" in body and "Elsewhere" not in body
    assert f'href="/clinics/{circle.clinic.pk}/patients/"' in body
    client.force_login(circle.removed_member)
    assert "Pain Team" not in client.get("/clinics/").content.decode()
    assert "You're not on a clinic's team yet" in client.get("/clinics/").content.decode()


@pytest.mark.parametrize("role", [Role.TEEN, Role.PARENT])
def test_only_clinicians_have_a_clinics_page(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/clinics/").status_code == 403


def test_the_navigation_offers_clinics_to_clinicians_alone(client):
    client.force_login(UserFactory(role=Role.CLINICIAN))
    assert 'href="/clinics/"' in client.get("/patients/").content.decode()
    client.force_login(UserFactory(role=Role.PARENT))
    assert 'href="/clinics/"' not in client.get("/patients/").content.decode()


def test_the_team_page_shows_an_admin_the_admins_tools_and_a_member_none(client):
    circle = Circle(clinic=True)
    admin = page(client, circle, "/clinics/{clinic}/", "clinic_admin").content.decode()
    member = page(client, circle, "/clinics/{clinic}/", "clinic_member").content.decode()
    for tool in ('id="invite-form"', 'id="mfa-ask-off"', 'id="name-form"'):
        assert tool in admin and tool not in member
    # Two-step sign-in is on by default, said plainly, and the page says a clinic never lifts Stride's own rule.
    assert "<strong>On.</strong>" in member
    assert "Stride asks every clinician for two-step sign-in" in member
    # Room for the team's three members (the member without an app is one of them) before the module draws them,
    # each card as tall as its buttons: the only admin may not step down, a clinician changes nobody's role.
    assert (admin.count("skeleton buttons-1"), admin.count("skeleton buttons-2")) == (1, 2)
    assert (member.count("skeleton buttons-0"), member.count("skeleton buttons-1")) == (2, 1)


def test_the_patients_page_keeps_a_row_of_room_for_each_patient_of_the_first_page(client):
    circle = Circle(clinic=True)
    for _ in range(2):
        CareTeamMember.objects.create(
            patient=PatientFactory(), clinic=circle.clinic, accepted_by=circle.clinic_admin, relation="clinic"
        )
    body = page(client, circle, "/clinics/{clinic}/patients/", "clinic_member").content.decode()
    assert body.count("clinic-patient skeleton") == 3
    assert 'id="no-patients" hidden' in body
    # Every flag a patient can have is one chip of the filter.
    assert all(f'<option value="{code}">' in body for code in attention.RULES)


def test_the_patients_page_keeps_a_card_of_room_for_each_patient_of_its_first_screen(client):
    circle = Circle(clinic=True)
    # The clinic's teen, shared with the member directly too, is one card.
    CareTeamMember.objects.create(patient=circle.patient, member=circle.clinic_member, relation="clinician")
    for _ in range(2):
        CareTeamMember.objects.create(
            patient=PatientFactory(), clinic=circle.clinic, accepted_by=circle.clinic_admin, relation="clinic"
        )
    body = page(client, circle, "/patients/", "clinic_member").content.decode()
    assert body.count("patient-card skeleton") == 3
    assert 'id="patients-loading" hidden' in body
    for _ in range(4):
        CareTeamMember.objects.create(
            patient=PatientFactory(), clinic=circle.clinic, accepted_by=circle.clinic_admin, relation="clinic"
        )
    body = page(client, circle, "/patients/", "clinic_member").content.decode()
    assert body.count("patient-card skeleton") == 5  # a phone's first screen, whatever the clinic's size


def test_the_patients_page_of_someone_with_no_patient_keeps_no_room(client):
    client.force_login(UserFactory(role=Role.CLINICIAN))
    body = client.get("/patients/").content.decode()
    assert "patient-card skeleton" not in body
    assert 'id="patients-loading">' in body


def test_a_clinic_with_no_patient_says_how_a_teen_shares_with_it(client):
    admin = UserFactory(role=Role.CLINICIAN)
    client_for(admin).post("/api/v1/clinics/", {"name": "Rehab"})
    clinic = ClinicMember.objects.get(user=admin).clinic
    client.force_login(admin)
    body = client.get(f"/clinics/{clinic.pk}/patients/").content.decode()
    assert "clinic-patient skeleton" not in body
    assert "No patient shares their diary with Rehab yet." in body and "opens Sharing" in body


def test_the_search_and_the_flag_asked_for_are_in_the_form(client):
    circle = Circle(clinic=True)
    client.force_login(circle.clinic_member)
    url = f"/clinics/{circle.clinic.pk}/patients/?q=MRN&flag=low_mood"
    body = client.get(url).content.decode()
    assert 'value="MRN"' in body and '<option value="low_mood" selected>' in body
    body = client.get(f"/clinics/{circle.clinic.pk}/patients/?flag=nonsense").content.decode()
    assert " selected>" not in body


@override_settings(STRIDE_CLINICIAN_MFA="optional")
def test_a_member_without_two_step_sign_in_is_asked_to_set_it_up_before_the_list(client):
    circle = Circle(clinic=True)
    body = page(client, circle, "/clinics/{clinic}/patients/", "member_without_mfa").content.decode()
    assert 'id="mfa-needed"' in body and "clinic-patients.js" not in body
    circle.clinic.mfa_required = False
    circle.clinic.save()
    body = page(client, circle, "/clinics/{clinic}/patients/", "member_without_mfa").content.decode()
    assert 'id="mfa-needed"' not in body and "clinic-patients.js" in body


def test_where_stride_requires_two_step_sign_in_the_list_page_walks_the_member_through_it_first(client):
    circle = Circle(clinic=True)
    response = page(client, circle, "/clinics/{clinic}/patients/", "member_without_mfa")
    assert response.status_code == 302 and response["Location"] == "/settings/two-step/"


def test_a_clinician_on_a_team_chooses_whom_a_teens_code_is_for(client):
    circle = Circle(clinic=True)
    client.force_login(circle.clinic_member)
    body = client.get("/join/").content.decode()
    assert 'name="clinic" value=""' in body and f'name="clinic" value="{circle.clinic.pk}"' in body
    assert "For Pain Team" in body and "Elsewhere" not in body
    client.force_login(circle.linked_clinician)  # on no clinic's team: the form as it was
    assert 'name="clinic"' not in client.get("/join/").content.decode()


def test_outcomes_offers_each_of_the_callers_clinics(client):
    circle = Circle(clinic=True)
    client.force_login(circle.clinic_member)
    body = client.get(f"/outcomes/?clinic={circle.clinic.pk}").content.decode()
    assert "All my patients" in body
    assert f'<option value="{circle.clinic.pk}" selected>Pain Team</option>' in body
    body = client.get(f"/outcomes/?clinic={circle.other_clinic.pk}").content.decode()
    assert "Elsewhere" not in body and " selected>" not in body


def test_the_patients_list_names_the_clinic_a_patient_comes_through():
    circle = Circle(clinic=True)
    rows = client_for(circle.clinic_member).get("/api/v1/patients/").json()
    assert [(row["relation"], row["clinics"]) for row in rows] == [
        ("clinic", [{"id": circle.clinic.pk, "name": "Pain Team"}])
    ]
    rows = client_for(circle.linked_clinician).get("/api/v1/patients/").json()
    assert [(row["relation"], row["clinics"]) for row in rows] == [("clinician", [])]
    ClinicMember.objects.filter(user=circle.clinic_member).update(ended_at=now())
    assert client_for(circle.clinic_member).get("/api/v1/patients/").json() == []


def test_the_filters_words_name_every_flag_there_is():
    assert sorted(Flag.values) == sorted(attention.RULES)


def test_outcomes_cite_other_programmes_in_the_readers_language(client):
    """The published results came from a copy of the words kept in English (diary.rules.outcomes): a Spanish reader saw
    English. They come from diary.reading.words now, the sources cited as published."""
    client.force_login(UserFactory(role=Role.CLINICIAN, language="es"))
    body = client.get("/outcomes/").content.decode()
    assert "An intensive 3-week outpatient programme" not in body
    assert "Hechler T et al. Pain 2014" in body  # cited as published
