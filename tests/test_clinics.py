"""Clinic teams (docs/API.md, version 1.2): a clinic, its codes and members, a teen sharing with it, and its list."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from accounts import sharing
from accounts.access import own_access
from accounts.models import AccessLogEntry, CareTeamMember, ClinicMember, Invitation, Role
from accounts.models.care import hash_code
from accounts.services import update_profile
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def clinician(name="Dr Lee", **kwargs):
    return UserFactory(role=Role.CLINICIAN, display_name=name, **kwargs)


def make_clinic(admin, name="Pain Team"):
    response = client_for(admin).post(f"{API}/clinics/", {"name": name})
    assert response.status_code == 201, response.content
    return response.json()


def join(user, clinic_id, admin, role="clinician"):
    code = client_for(admin).post(f"{API}/clinics/{clinic_id}/invitations/", {"role": role}).json()["code"]
    response = client_for(user).post(f"{API}/clinics/join/", {"code": code})
    assert response.status_code == 201, response.content
    return response.json()


def teen_code(patient, sees=("core",), role="clinician"):
    """A code the teen made on the Sharing page (the service the page's API calls)."""
    _, code = sharing.create_invitation(own_access(patient.account), patient.account, role=role, sees=list(sees))
    return code


def share_with_clinic(patient, clinic_id, member, sees=("core",)):
    response = client_for(member).post(
        f"{API}/invitations/accept/", {"code": teen_code(patient, sees), "clinic": clinic_id}
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def team():
    """Dr Lee (admin) and Sam (clinician) in the Pain Team, with Maya sharing core and mood with it."""
    lee, sam = clinician("Dr Lee"), clinician("Sam")
    clinic = make_clinic(lee)
    join(sam, clinic["id"], lee)
    maya = PatientFactory(account__display_name="Maya")
    EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=1), mood=2)
    share_with_clinic(maya, clinic["id"], sam, sees=("core", "mood"))
    return {"lee": lee, "sam": sam, "clinic": clinic, "maya": maya}


def test_a_clinician_creates_a_clinic_and_is_its_admin():
    lee = clinician()
    clinic = make_clinic(lee)
    assert clinic == {"id": clinic["id"], "name": "Pain Team", "role": "admin"}
    assert client_for(lee).get(f"{API}/clinics/").json() == [clinic]
    detail = client_for(lee).get(f"{API}/clinics/{clinic['id']}/").json()
    assert detail["mfa_required"] is True  # two-step sign-in for its members unless an admin says otherwise


@pytest.mark.parametrize("role", [Role.TEEN, Role.PARENT])
def test_only_clinicians_create_clinics(role):
    response = client_for(UserFactory(role=role)).post(f"{API}/clinics/", {"name": "Ours"})
    assert response.status_code == 403


def test_a_blank_name_is_refused_and_nothing_is_made():
    response = client_for(clinician()).post(f"{API}/clinics/", {"name": "   "})
    assert response.status_code == 400 and "name" in response.json()
    assert not ClinicMember.objects.exists()


def test_members_read_the_clinic_admins_change_it_others_see_nothing(team):
    url = f"{API}/clinics/{team['clinic']['id']}/"
    assert client_for(team["sam"]).get(url).json()["role"] == "clinician"
    assert client_for(team["sam"]).patch(url, {"name": "Ours"}).status_code == 403
    assert client_for(team["lee"]).patch(url, {"name": "Pain and Rehab"}).json()["name"] == "Pain and Rehab"
    assert client_for(clinician("Stranger")).get(url).status_code == 404


def test_a_code_joins_once_and_a_bad_code_gets_one_answer(team):
    lee, clinic_id = team["lee"], team["clinic"]["id"]
    code = client_for(lee).post(f"{API}/clinics/{clinic_id}/invitations/", {"role": "admin"}).json()["code"]
    ana = clinician("Ana")
    assert client_for(ana).post(f"{API}/clinics/join/", {"code": code}).json() == {
        "clinic": {"id": clinic_id, "name": "Pain Team"},
        "role": "admin",
    }
    used = client_for(clinician("Bo")).post(f"{API}/clinics/join/", {"code": code})
    unknown = client_for(clinician("Cy")).post(f"{API}/clinics/join/", {"code": "ACDEFGHJKM"})
    assert used.status_code == unknown.status_code == 400 and used.json() == unknown.json()
    old = client_for(lee).post(f"{API}/clinics/{clinic_id}/invitations/", {"role": "clinician"}).json()["code"]
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=8), tick=False):
        assert client_for(clinician("Ed")).post(f"{API}/clinics/join/", {"code": old}).json() == unknown.json()


def test_only_admins_make_codes_and_only_clinicians_join(team):
    clinic_id = team["clinic"]["id"]
    assert (
        client_for(team["sam"]).post(f"{API}/clinics/{clinic_id}/invitations/", {"role": "clinician"}).status_code
        == 403
    )
    code = client_for(team["lee"]).post(f"{API}/clinics/{clinic_id}/invitations/", {"role": "clinician"}).json()["code"]
    assert client_for(UserFactory(role=Role.PARENT)).post(f"{API}/clinics/join/", {"code": code}).status_code == 403


def test_the_last_admin_can_be_neither_removed_nor_demoted(team):
    clinic_id = team["clinic"]["id"]
    members = client_for(team["lee"]).get(f"{API}/clinics/{clinic_id}/members/").json()
    assert [(m["user"]["display_name"], m["role"]) for m in members] == [("Dr Lee", "admin"), ("Sam", "clinician")]
    lee_id = members[0]["id"]
    lee = client_for(team["lee"])
    assert lee.patch(f"{API}/clinics/{clinic_id}/members/{lee_id}/", {"role": "clinician"}).status_code == 400
    assert lee.delete(f"{API}/clinics/{clinic_id}/members/{lee_id}/").status_code == 400
    # Once Sam is an admin too, Dr Lee may step down.
    sam_id = members[1]["id"]
    assert lee.patch(f"{API}/clinics/{clinic_id}/members/{sam_id}/", {"role": "admin"}).json()["role"] == "admin"
    assert lee.delete(f"{API}/clinics/{clinic_id}/members/{lee_id}/").status_code == 204


def test_a_removed_member_loses_every_patient_of_the_clinic_at_once(team):
    sam, maya = team["sam"], team["maya"]
    assert client_for(sam).get(f"{API}/patients/{maya.pk}/trends/").status_code == 200
    sam_id = ClinicMember.objects.get(user=sam).pk
    assert client_for(team["lee"]).delete(f"{API}/clinics/{team['clinic']['id']}/members/{sam_id}/").status_code == 204
    assert client_for(sam).get(f"{API}/patients/{maya.pk}/trends/").status_code == 404
    assert client_for(sam).get(f"{API}/patients/").json() == []
    assert client_for(sam).get(f"{API}/clinics/{team['clinic']['id']}/patients/").status_code == 404


def test_a_member_may_leave_but_not_remove_others(team):
    clinic_id = team["clinic"]["id"]
    lee_id = ClinicMember.objects.get(user=team["lee"]).pk
    sam_id = ClinicMember.objects.get(user=team["sam"]).pk
    sam = client_for(team["sam"])
    assert sam.delete(f"{API}/clinics/{clinic_id}/members/{lee_id}/").status_code == 403
    assert sam.delete(f"{API}/clinics/{clinic_id}/members/{sam_id}/").status_code == 204


def test_every_member_reads_what_the_clinic_was_given_and_the_log_names_reader_and_clinic(team):
    maya, lee = team["maya"], team["lee"]
    entries = client_for(lee).get(f"{API}/patients/{maya.pk}/entries/").json()["results"]
    assert entries and "mood" in entries[0] and "note" not in entries[0]  # core and mood, not notes
    log = client_for(maya.account).get(f"{API}/patients/{maya.pk}/access-log/").json()["results"]
    assert (log[0]["actor"]["display_name"], log[0]["clinic"]["name"]) == ("Dr Lee", "Pain Team")


def test_the_care_team_shows_the_clinic_with_its_members_and_removing_it_ends_everyones_access(team):
    maya = team["maya"]
    teen = client_for(maya.account)
    (link,) = teen.get(f"{API}/patients/{maya.pk}/care-team/").json()
    assert (link["relation"], link["user"], link["sees"]) == ("clinic", None, ["core", "mood"])
    assert link["clinic"]["name"] == "Pain Team"
    assert [m["display_name"] for m in link["clinic"]["members"]] == ["Dr Lee", "Sam"]
    assert teen.delete(f"{API}/patients/{maya.pk}/care-team/{link['id']}/").status_code == 204
    for member in (team["lee"], team["sam"]):
        assert client_for(member).get(f"{API}/patients/{maya.pk}/").status_code == 404


def test_only_a_member_accepts_a_code_for_a_clinic_and_a_wrong_clinic_gets_the_one_answer(team):
    maya = team["maya"]
    outsider = clinician("Outsider")
    code = teen_code(maya)
    wrong_clinic = client_for(outsider).post(
        f"{API}/invitations/accept/", {"code": code, "clinic": team["clinic"]["id"]}
    )
    unknown = client_for(outsider).post(f"{API}/invitations/accept/", {"code": "ACDEFGHJKM"})
    assert wrong_clinic.status_code == 400 and wrong_clinic.json() == unknown.json()
    assert Invitation.objects.get(code_hash=hash_code(code)).used_at is None


def test_a_parents_code_cannot_be_accepted_for_a_clinic(team):
    code = teen_code(team["maya"], role="parent")
    response = client_for(team["sam"]).post(
        f"{API}/invitations/accept/", {"code": code, "clinic": team["clinic"]["id"]}
    )
    assert response.status_code == 400


def test_a_clinician_in_several_clinics_and_a_direct_share_sees_each_patient_once(team):
    lee, maya = team["lee"], team["maya"]
    other = make_clinic(lee, "Rehab")
    share_with_clinic(maya, other["id"], lee)
    CareTeamMember.objects.create(patient=maya, member=lee, relation="clinician", sees=["core", "notes"])
    (row,) = client_for(lee).get(f"{API}/patients/").json()
    assert row["id"] == maya.pk and row["relation"] == "clinician"
    assert row["sees"] == ["core", "mood", "notes"]  # what any of the three doors shows


@override_settings(STRIDE_CLINICIAN_MFA="optional")
def test_a_clinic_requires_two_step_sign_in_of_its_members_whatever_the_setting(team):
    newcomer = clinician("New", mfa=False)
    join(newcomer, team["clinic"]["id"], team["lee"])
    maya = team["maya"]
    response = client_for(newcomer).get(f"{API}/patients/{maya.pk}/trends/")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    assert client_for(newcomer).get(f"{API}/clinics/{team['clinic']['id']}/patients/").status_code == 403
    client_for(team["lee"]).patch(f"{API}/clinics/{team['clinic']['id']}/", {"mfa_required": False})
    assert client_for(newcomer).get(f"{API}/patients/{maya.pk}/trends/").status_code == 200


def test_turning_the_clinic_rule_off_never_lifts_the_sites(team):
    """STRIDE_CLINICIAN_MFA=required (the default with DJANGO_DEBUG off): a clinic cannot lift it."""
    newcomer = clinician("New", mfa=False)
    join(newcomer, team["clinic"]["id"], team["lee"])
    client_for(team["lee"]).patch(f"{API}/clinics/{team['clinic']['id']}/", {"mfa_required": False})
    response = client_for(newcomer).get(f"{API}/patients/{team['maya'].pk}/trends/")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


def test_a_clinic_accepts_many_right_codes_without_being_throttled_while_wrong_ones_are(team):
    sam, clinic_id = team["sam"], team["clinic"]["id"]
    for _ in range(25):  # more than STRIDE_ACCEPT_RATE (10 an hour) would let through if successes counted
        share_with_clinic(PatientFactory(), clinic_id, sam)
    wrong = [
        client_for(sam).post(f"{API}/invitations/accept/", {"code": f"ACDEFGHJK{n}"}).status_code for n in "3467934679"
    ]
    assert wrong == [400] * 10
    assert client_for(sam).post(f"{API}/invitations/accept/", {"code": "ACDEFGHJKM"}).status_code == 429


def test_outcomes_count_one_clinics_patients_and_only_a_members(team):
    lee = team["lee"]
    other = make_clinic(clinician("Elsewhere"), "Elsewhere")
    assert client_for(lee).get(f"{API}/outcomes/?clinic={team['clinic']['id']}").status_code == 200
    assert client_for(lee).get(f"{API}/outcomes/?clinic={other['id']}").status_code == 404
    assert AccessLogEntry.objects.filter(clinic_name="Pain Team", detail="outcomes").exists()


def _seed_clinic(clinic_id, member, patients):
    """`patients` teens sharing core with the clinic: every third quiet for 9 days, the rest logging daily."""
    links = []
    for number in range(patients):
        patient = PatientFactory(account__display_name=f"Teen {number:04}", timezone="UTC")
        links.append(
            CareTeamMember(patient=patient, clinic_id=clinic_id, accepted_by=member, relation="clinic", sees=["core"])
        )
        quiet = 9 if number % 3 == 0 else 0
        EntryFactory(patient=patient, date=patient.today() - datetime.timedelta(days=quiet))
    CareTeamMember.objects.bulk_create(links)


def test_the_clinics_list_is_paginated_attention_first_and_searchable(team):
    lee, clinic_id = team["lee"], team["clinic"]["id"]
    _seed_clinic(clinic_id, lee, 60)
    client = client_for(lee)
    first = client.get(f"{API}/clinics/{clinic_id}/patients/").json()
    assert first["count"] == 61 and len(first["results"]) == 50 and first["next"]
    flagged = [row for row in first["results"] if row["flags"]]
    assert first["results"][: len(flagged)] == flagged  # those who need attention first
    assert flagged[0]["flags"] == ["no_recent_entry"] and flagged[0]["last_entry"]
    quiet = client.get(f"{API}/clinics/{clinic_id}/patients/?flag=no_recent_entry&page_size=200").json()
    assert quiet["count"] == 20 and all(row["flags"] == ["no_recent_entry"] for row in quiet["results"])
    assert client.get(f"{API}/clinics/{clinic_id}/patients/?q=teen 001").json()["count"] == 10
    assert client.get(f"{API}/clinics/{clinic_id}/patients/?flag=sad").status_code == 400


def test_members_set_the_record_number_and_search_by_it(team):
    sam, maya, clinic_id = team["sam"], team["maya"], team["clinic"]["id"]
    url = f"{API}/clinics/{clinic_id}/patients/{maya.pk}/"
    row = client_for(sam).patch(url, {"record_number": "MRN-0042"}).json()
    assert (row["patient_id"], row["display_name"], row["record_number"]) == (maya.pk, "Maya", "MRN-0042")
    found = client_for(team["lee"]).get(f"{API}/clinics/{clinic_id}/patients/?q=0042").json()["results"]
    assert [row["patient_id"] for row in found] == [maya.pk]
    too_long = client_for(sam).patch(url, {"record_number": "x" * 41})
    assert too_long.status_code == 400 and "record_number" in too_long.json()
    assert client_for(clinician("Out")).patch(url, {"record_number": "1"}).status_code == 404
    stranger = PatientFactory()
    assert (
        client_for(sam).patch(f"{API}/clinics/{clinic_id}/patients/{stranger.pk}/", {"record_number": "1"}).status_code
        == 404
    )


def test_the_low_mood_flag_shows_only_where_the_clinic_sees_mood(team):
    maya = team["maya"]
    for day in range(1, 13):
        EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=day + 1), mood=1)
    rows = client_for(team["lee"]).get(f"{API}/clinics/{team['clinic']['id']}/patients/").json()["results"]
    assert "low_mood" in rows[0]["flags"]
    link = CareTeamMember.objects.get(patient=maya, clinic_id=team["clinic"]["id"])
    sharing.change_sees(own_access(maya.account), link.pk, ["core"])
    rows = client_for(team["lee"]).get(f"{API}/clinics/{team['clinic']['id']}/patients/").json()["results"]
    assert "low_mood" not in rows[0]["flags"]


def test_the_clinics_order_follows_new_entries_a_change_of_sharing_and_a_new_name(team):
    lee, maya, clinic_id = team["lee"], team["maya"], team["clinic"]["id"]
    for name in ("Zoe", "Ada"):
        teen = PatientFactory(account__display_name=name)
        EntryFactory(patient=teen, date=teen.today() - datetime.timedelta(days=1))
        share_with_clinic(teen, clinic_id, lee)

    def listed():
        rows = client_for(lee).get(f"{API}/clinics/{clinic_id}/patients/").json()["results"]
        return [row["display_name"] for row in rows]

    assert listed() == ["Ada", "Maya", "Zoe"]  # no flags, all logged yesterday: by name
    for day in range(2, 14):  # Maya's mood low for most of a fortnight
        EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=day), mood=1)
    assert listed() == ["Maya", "Ada", "Zoe"]
    link = CareTeamMember.objects.get(patient=maya, clinic_id=clinic_id)
    sharing.change_sees(own_access(maya.account), link.pk, ["core"])  # the clinic no longer sees her mood
    assert listed() == ["Ada", "Maya", "Zoe"]
    zoe = CareTeamMember.objects.get(patient__display_name="Zoe").patient
    update_profile(zoe.account, display_name="Aaron")
    assert listed() == ["Aaron", "Ada", "Maya"]


def test_a_clinic_row_is_shaped_exactly_as_its_declared_fields_would_shape_it(team):
    from rest_framework import serializers

    from api.serializers.clinics import ClinicPatientSerializer
    from diary.reading import dashboard

    clinic_id, maya = team["clinic"]["id"], team["maya"]
    for day in range(2, 14):  # a flag, with its words
        EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=day), mood=1)
    CareTeamMember.objects.filter(patient=maya).update(record_number="MRN-7")
    dashboard.refresh_clinic(clinic_id)
    link = dashboard.clinic_rows(dashboard.clinic_links(clinic_id)).get()
    seen = {link["patient_id"]: dashboard.viewer_status(link, sees_mood=link["mood_shared"])}
    row = ClinicPatientSerializer(context={"status": seen})
    assert row.to_representation(link) == serializers.Serializer.to_representation(row, link)
    assert list(row.to_representation(link)) == list(row.fields)
    assert row.to_representation(link)["flag_messages"]


@pytest.mark.django_db(transaction=True)
def test_a_clinics_page_opened_many_times_at_once_starts_one_visit_per_patient_and_counts_every_read(team):
    """The page takes the access log's turn in its membership query (one query fewer): on PostgreSQL (CI runs the
    suite there too) six first reads at once still start one visit for each patient and lose no count."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from diary.reading import dashboard

    lee, clinic_id = team["lee"], team["clinic"]["id"]
    _seed_clinic(clinic_id, lee, 5)
    dashboard.refresh_clinic(clinic_id)
    readers = 6
    start_together = threading.Barrier(readers)

    def read(_):
        client = client_for(lee)
        start_together.wait()
        try:
            return client.get(f"{API}/clinics/{clinic_id}/patients/").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(readers) as pool:
        assert list(pool.map(read, range(readers))) == [200] * readers
    visits = AccessLogEntry.objects.filter(actor=lee, detail="list")
    assert sorted(visits.values_list("count", flat=True)) == [readers] * 6  # Maya and the five


@pytest.mark.parametrize("patients", [50, 300])
def test_a_page_of_the_clinics_list_costs_the_same_queries_whatever_the_clinics_size(
    team, patients, django_assert_num_queries
):
    lee, clinic_id = team["lee"], team["clinic"]["id"]
    _seed_clinic(clinic_id, lee, patients)
    client = client_for(lee)
    client.get(f"{API}/clinics/{clinic_id}/patients/")  # works out the new patients' statuses once
    # token, membership (with whether there is an app for two-step sign-in, and the access log's lock on the
    # reader), stale statuses (none), count, page, the open visits and one INSERT for the page's patients, plus the
    # request's SAVEPOINT and RELEASE.
    with django_assert_num_queries(9):
        page = client.get(f"{API}/clinics/{clinic_id}/patients/").json()
    assert len(page["results"]) == 50
    read = AccessLogEntry.objects.filter(detail="list", actor=lee).values_list("patient_id", flat=True)
    assert len(set(read)) == 50  # only the patients on the page are recorded as read


def test_the_summary_names_the_readers_clinics_record_number(team):
    maya, clinic_id = team["maya"], team["clinic"]["id"]
    client_for(team["sam"]).patch(f"{API}/clinics/{clinic_id}/patients/{maya.pk}/", {"record_number": "MRN-7"})
    assert (
        client_for(team["lee"]).get(f"{API}/patients/{maya.pk}/summary/").json()["patient"]["record_number"] == "MRN-7"
    )
    assert client_for(maya.account).get(f"{API}/patients/{maya.pk}/summary/").json()["patient"]["record_number"] is None
