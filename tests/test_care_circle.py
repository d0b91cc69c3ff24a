import datetime

import pytest
from django.utils.timezone import now

from accounts.birthdays import latest_birth_date
from accounts.models import CODE_ALPHABET, AccessLogEntry, CareTeamMember, Invitation, Patient, Role
from accounts.sharing import CODE_DOES_NOT_WORK
from accounts.timezones import today_in
from diary.models import DailyEntry
from tests.conftest import client_for
from tests.factories import EntryFactory, UserFactory
from tests.personas import ENTRY_DAY, Circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    return Circle()


def entries_url(circle, day=None):
    base = f"/api/v1/patients/{circle.patient.pk}/entries/"
    return f"{base}{day}/" if day else base


def invite(circle, role="parent", sees=("core",)):
    response = client_for(circle.teen).post(
        f"/api/v1/patients/{circle.patient.pk}/invitations/", {"role": role, "sees": list(sees)}
    )
    assert response.status_code == 201
    return response.json()


def accept(user, code):
    return client_for(user).post("/api/v1/invitations/accept/", {"code": code})


def test_an_invitation_code_is_long_unambiguous_and_stored_hashed(circle):
    body = invite(circle, sees=["mood"])
    assert set(body) == {"id", "code", "role", "sees", "expires_at", "created_at"}
    assert len(body["code"]) >= 8 and set(body["code"]) <= set(CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(CODE_ALPHABET)
    assert body["sees"] == ["core", "mood"]
    assert not Invitation.objects.filter(code_hash=body["code"]).exists()
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert datetime.timedelta(days=6, hours=23) < expires - now() <= datetime.timedelta(days=7)


def test_a_parent_joins_with_the_code_and_sees_the_diary(circle):
    parent = UserFactory(role=Role.PARENT)
    code = invite(circle, sees=["core"])["code"]
    response = accept(parent, code.lower()[:4] + "-" + code[4:])  # forgiving of case and dashes
    assert response.status_code == 201
    assert response.json() == {"patient_id": circle.patient.pk, "relation": "parent"}
    listed = client_for(parent).get("/api/v1/patients/").json()
    assert [(p["id"], p["relation"], p["can_write"], p["sees"]) for p in listed] == [
        (circle.patient.pk, "parent", False, ["core"])
    ]
    assert listed[0]["last_entry"] == "2026-03-02"


def test_role_must_match(circle):
    code = invite(circle, role="clinician")["code"]
    response = accept(UserFactory(role=Role.PARENT), code)
    assert response.status_code == 400 and "for a clinician" in response.json()["code"][0]
    assert accept(UserFactory(role=Role.CLINICIAN), code).status_code == 201


def test_unknown_used_and_expired_codes_get_one_and_the_same_answer(circle):
    used = invite(circle)["code"]
    assert accept(UserFactory(role=Role.PARENT), used).status_code == 201
    expired = invite(circle)["code"]
    Invitation.objects.filter(used_at__isnull=True).update(expires_at=now() - datetime.timedelta(seconds=1))
    parent = UserFactory(role=Role.PARENT)
    answers = [accept(parent, code) for code in ("ACDEFGHJKM", used, expired)]
    assert {a.status_code for a in answers} == {400}
    assert all(a.json() == {"code": [CODE_DOES_NOT_WORK]} for a in answers)


def test_cancelled_invitations_stop_working(circle):
    body = invite(circle)
    teen = client_for(circle.teen)
    assert [i["id"] for i in teen.get(f"/api/v1/patients/{circle.patient.pk}/invitations/").json()] == [
        body["id"],
        circle.invitation.pk,
    ]
    assert teen.delete(f"/api/v1/patients/{circle.patient.pk}/invitations/{body['id']}/").status_code == 204
    assert accept(UserFactory(role=Role.PARENT), body["code"]).status_code == 400


def test_guessing_codes_is_throttled(circle):
    guesser = client_for(UserFactory(role=Role.PARENT))
    answers = [guesser.post("/api/v1/invitations/accept/", {"code": f"ACDEFGHJK{c}"}) for c in "ACDEFGHJKMN"]
    assert [a.status_code for a in answers[:10]] == [400] * 10
    assert answers[10].status_code == 429


def test_creating_invitations_is_throttled(circle):
    teen = client_for(circle.teen)
    url = f"/api/v1/patients/{circle.patient.pk}/invitations/"
    statuses = [teen.post(url, {"role": "parent"}).status_code for _ in range(21)]
    assert statuses[:20] == [201] * 20 and statuses[20] == 429


@pytest.mark.parametrize("sees", [["core"], ["core", "mood"], ["core", "notes"]])
def test_a_member_receives_only_what_they_were_given(circle, sees):
    circle.parent_link.sees = sees
    circle.parent_link.save()
    parent = client_for(circle.linked_parent)
    for body in (
        parent.get(entries_url(circle)).json()["results"][0],
        parent.get(entries_url(circle, ENTRY_DAY)).json(),
    ):
        assert ("mood" in body) == ("mood" in sees)
        assert ("note" in body) == ("notes" in sees) == ("note_private" in body)
        assert body["function"] == 5


def test_a_private_note_reaches_nobody_but_its_writer(circle):
    circle.entry.note, circle.entry.note_private = "only mine", True
    circle.entry.save()
    circle.parent_link.sees = ["core", "mood", "notes"]
    circle.parent_link.save()
    assert "note" not in client_for(circle.linked_parent).get(entries_url(circle, ENTRY_DAY)).json()
    assert client_for(circle.teen).get(entries_url(circle, ENTRY_DAY)).json()["note"] == "only mine"


def test_reads_by_the_care_team_are_logged_and_the_teens_are_not(circle):
    client_for(circle.teen).get(entries_url(circle))
    client_for(circle.teen).get(entries_url(circle, ENTRY_DAY))
    assert not AccessLogEntry.objects.exists()
    client_for(circle.linked_parent).get(entries_url(circle))
    client_for(circle.linked_clinician).get(entries_url(circle, ENTRY_DAY))
    log = client_for(circle.teen).get(f"/api/v1/patients/{circle.patient.pk}/access-log/").json()
    assert log["count"] == 2
    newest, oldest = log["results"]
    assert newest["actor"] == {"id": circle.linked_clinician.pk, "display_name": "Dr Lee", "role": "clinician"}
    assert (newest["action"], newest["detail"]) == ("read", "entry 2026-03-02")
    assert (oldest["actor"]["display_name"], oldest["detail"]) == ("Dana", "entries")
    assert "5" not in newest["detail"] + oldest["detail"]  # never a health value


def test_removing_a_member_takes_effect_on_the_next_request(circle):
    parent = client_for(circle.linked_parent)
    assert parent.get(entries_url(circle)).status_code == 200
    url = f"/api/v1/patients/{circle.patient.pk}/care-team/{circle.parent_link.pk}/"
    assert client_for(circle.teen).delete(url).status_code == 204
    assert parent.get(entries_url(circle)).status_code == 404
    assert parent.get("/api/v1/patients/").json() == []


def test_the_teen_changes_what_a_member_sees(circle):
    url = f"/api/v1/patients/{circle.patient.pk}/care-team/{circle.clinician_link.pk}/"
    teen = client_for(circle.teen)
    assert teen.patch(url, {"sees": ["mood"]}).json()["sees"] == ["core", "mood"]
    assert "mood" in client_for(circle.linked_clinician).get(entries_url(circle, ENTRY_DAY)).json()
    assert teen.patch(url, {"sees": ["everything"]}).status_code == 400
    team = teen.get(f"/api/v1/patients/{circle.patient.pk}/care-team/").json()
    assert [(m["user"]["display_name"], m["relation"], m["sees"]) for m in team] == [
        ("Dana", "parent", ["core", "mood"]),
        ("Dr Lee", "clinician", ["core", "mood"]),
    ]


def test_a_member_may_leave_but_not_remove_others(circle):
    clinician = client_for(circle.linked_clinician)
    base = f"/api/v1/patients/{circle.patient.pk}/care-team/"
    assert clinician.delete(f"{base}{circle.parent_link.pk}/").status_code == 403
    assert clinician.delete(f"{base}{circle.clinician_link.pk}/").status_code == 204
    assert clinician.get(entries_url(circle)).status_code == 404


def test_a_removed_member_can_be_invited_again(circle):
    client_for(circle.teen).delete(f"/api/v1/patients/{circle.patient.pk}/care-team/{circle.parent_link.pk}/")
    assert accept(circle.linked_parent, invite(circle)["code"]).status_code == 201
    assert CareTeamMember.objects.filter(member=circle.linked_parent).count() == 2


def test_a_parent_creates_a_child_profile_and_keeps_the_diary(circle):
    parent = client_for(circle.unlinked_parent)
    ten = latest_birth_date(today_in(circle.unlinked_parent.timezone), 10)
    response = parent.post("/api/v1/patients/", {"display_name": "Ben", "birth_date": ten.isoformat(), "consent": True})
    assert response.status_code == 201
    child = response.json()
    assert (child["relation"], child["can_write"], child["sees"]) == ("parent", True, ["core", "mood", "notes"])
    day = Patient.objects.get(pk=child["id"]).today().isoformat()
    saved = parent.put(f"/api/v1/patients/{child['id']}/entries/{day}/", {"function": 4, "pain": 6})
    assert saved.status_code == 201
    assert saved.json()["entered_by"] == {"id": circle.unlinked_parent.pk, "role": "parent"}
    code = parent.post(f"/api/v1/patients/{child['id']}/invitations/", {"role": "clinician"}).json()["code"]
    assert accept(circle.linked_clinician, code).status_code == 201
    clinician_view = client_for(circle.linked_clinician).get(f"/api/v1/patients/{child['id']}/entries/{day}/")
    assert clinician_view.status_code == 200
    log = parent.get(f"/api/v1/patients/{child['id']}/access-log/").json()
    assert [row["actor"]["display_name"] for row in log["results"]] == ["Dr Lee"]


@pytest.mark.parametrize(
    "who, body, status",
    [
        ("teen", {"display_name": "Ben", "birth_date": "2018-01-01", "consent": True}, 403),
        ("linked_clinician", {"display_name": "Ben", "birth_date": "2018-01-01", "consent": True}, 403),
        ("unlinked_parent", {"display_name": "Ben", "birth_date": "2005-01-01", "consent": True}, 400),
        ("unlinked_parent", {"display_name": "", "birth_date": "2018-01-01", "consent": True}, 400),
        ("unlinked_parent", {"display_name": "Ben", "birth_date": "2099-01-01", "consent": True}, 400),
    ],
)
def test_only_parents_create_profiles_and_only_for_children_under_13(circle, who, body, status):
    assert client_for(circle.person(who)).post("/api/v1/patients/", body).status_code == status


def test_treatment_start_is_checked(circle):
    teen = client_for(circle.teen)
    url = f"/api/v1/patients/{circle.patient.pk}/"
    assert teen.patch(url, {"treatment_start": "2099-01-01"}).status_code == 400
    assert teen.patch(url, {"treatment_start": "2026-02-01"}).json()["treatment_start"] == "2026-02-01"


def test_the_patients_list_is_scoped_in_few_queries(circle, django_assert_max_num_queries):
    for _ in range(20):
        patient = EntryFactory().patient
        CareTeamMember.objects.create(
            patient=patient, member=circle.linked_clinician, relation="clinician", sees=["core"]
        )
    clinician = client_for(circle.linked_clinician)
    clinician.get("/api/v1/patients/")  # works out each patient's attention status, kept from then on
    # token, the clinician's authenticator app, own patients, links, the access log's lock, open visits and one
    # INSERT of the new ones, stale statuses (none), the statuses, plus SAVEPOINT and RELEASE.
    with django_assert_max_num_queries(11):
        listed = clinician.get("/api/v1/patients/").json()
    assert len(listed) == 21
    assert DailyEntry.objects.count() == 21


def test_a_parent_deleting_the_account_erases_the_childs_diary_too(circle):
    parent = client_for(circle.unlinked_parent)
    child = parent.post(
        "/api/v1/patients/", {"display_name": "Ben", "birth_date": "2018-01-01", "consent": True}
    ).json()
    EntryFactory(patient_id=child["id"], entered_by=circle.unlinked_parent)
    assert parent.delete("/api/v1/me/", {"password": "correct horse battery"}).status_code == 204
    assert not Patient.objects.filter(pk=child["id"]).exists()
    assert Patient.objects.filter(pk=circle.patient.pk).exists()
