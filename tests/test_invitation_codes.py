"""A pending invitation's code can be shown again, to the diary's owner only, while it still works.

The code is kept encrypted (accounts/sealed.py) beside its hash (the hash is what a code is looked up by), and is
gone once the code is used or has expired. Parents and clinicians on the care team never receive it.
"""

import datetime
import gzip

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.utils.timezone import now

from accounts import sharing
from accounts.models import INVITATION_LIFETIME, Invitation, Role
from reminders import prune
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.personas import Circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    return Circle()


def invitations_url(patient):
    return f"/api/v1/patients/{patient.pk}/invitations/"


def invite(user, patient, role="parent"):
    response = client_for(user).post(invitations_url(patient), {"role": role, "sees": ["mood"]})
    assert response.status_code == 201
    return response.json()


def listed(user, patient, **query):
    response = client_for(user).get(invitations_url(patient), query)
    assert response.status_code == 200
    return {row["id"]: row for row in response.json()}


def test_the_teen_sees_a_pending_code_again(circle):
    made = invite(circle.teen, circle.patient)
    again = listed(circle.teen, circle.patient)[made["id"]]
    assert again["code"] == made["code"]
    assert again["expired"] is False
    assert (again["role"], again["sees"]) == ("parent", ["core", "mood"])


def test_a_parent_who_keeps_a_childs_diary_sees_its_codes_again(circle):
    child = sharing.create_child_profile(
        circle.unlinked_parent, display_name="Ben", birth_date=datetime.date(2017, 5, 1), consent=True
    )
    made = invite(circle.unlinked_parent, child, role="clinician")
    assert listed(circle.unlinked_parent, child)[made["id"]]["code"] == made["code"]


@pytest.mark.parametrize("member", ["linked_parent", "linked_clinician"])
def test_no_one_on_the_care_team_receives_a_code(circle, member):
    code = invite(circle.teen, circle.patient)["code"]
    reader = client_for(circle.person(member))
    refused = reader.get(invitations_url(circle.patient), {"include_expired": "true"})
    assert refused.status_code == 403
    for path in (
        "/api/v1/patients/",
        f"/api/v1/patients/{circle.patient.pk}/",
        f"/api/v1/patients/{circle.patient.pk}/entries/",
        f"/api/v1/patients/{circle.patient.pk}/care-team/",
    ):
        assert code.encode() not in reader.get(path).content, path


def test_the_code_is_stored_encrypted_not_in_plain(circle):
    code = invite(circle.teen, circle.patient)["code"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_invitation")
        rows = cursor.fetchall()
    assert rows and not any(code in str(value) for row in rows for value in row)


def test_a_used_code_is_gone_from_the_list_and_from_the_database(circle):
    made = invite(circle.teen, circle.patient)
    accepted = client_for(circle.unlinked_parent).post("/api/v1/invitations/accept/", {"code": made["code"]})
    assert accepted.status_code == 201
    assert made["id"] not in listed(circle.teen, circle.patient, include_expired="true")
    assert Invitation.objects.get(pk=made["id"]).code_sealed == ""


def test_an_expired_code_is_no_longer_shown_and_is_then_forgotten(circle):
    made = invite(circle.teen, circle.patient)
    with time_machine.travel(now() + INVITATION_LIFETIME + datetime.timedelta(minutes=1)):
        row = listed(circle.teen, circle.patient, include_expired="true")[made["id"]]
        assert (row["expired"], row["code"]) == (True, None)
        assert sharing.forget_expired_codes() == 1
    assert Invitation.objects.get(pk=made["id"]).code_sealed == ""
    assert sharing.forget_expired_codes() == 0


def test_a_new_secret_key_keeps_codes_readable_only_with_the_old_one_as_a_fallback(circle, settings):
    made = invite(circle.teen, circle.patient)
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="a-new-secret-key-" + "x" * 40, SECRET_KEY_FALLBACKS=[old]):
        assert listed(circle.teen, circle.patient)[made["id"]]["code"] == made["code"]
    with override_settings(SECRET_KEY="a-new-secret-key-" + "x" * 40, SECRET_KEY_FALLBACKS=[]):
        assert listed(circle.teen, circle.patient)[made["id"]]["code"] is None  # not shown; the code still works
    assert (
        client_for(circle.unlinked_parent).post("/api/v1/invitations/accept/", {"code": made["code"]}).status_code
        == 201
    )


def test_the_list_that_carries_codes_is_never_compressed(circle):
    for _ in range(3):
        invite(circle.teen, circle.patient)
    response = client_for(circle.teen).get(invitations_url(circle.patient), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "Content-Encoding" not in response
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(response.content)


def test_a_parent_on_the_team_cannot_see_codes_even_of_a_child_they_do_not_keep(circle):
    """A second parent on a child's team (not the one who keeps the diary) is a reader, like any member."""
    keeper = UserFactory(role=Role.PARENT)
    child = sharing.create_child_profile(keeper, display_name="Ben", birth_date=datetime.date(2017, 5, 1), consent=True)
    code = invite(keeper, child)["code"]
    accepted = client_for(circle.linked_parent).post("/api/v1/invitations/accept/", {"code": code})
    assert accepted.status_code == 201
    invite(keeper, child)
    assert client_for(circle.linked_parent).get(invitations_url(child)).status_code == 403


def test_the_daily_prune_forgets_expired_codes(circle):
    made = invite(circle.teen, circle.patient)
    later = now() + INVITATION_LIFETIME + datetime.timedelta(hours=2)
    with time_machine.travel(later):
        assert prune.prune()["codes kept to show again, once run out"] == 1
    assert Invitation.objects.get(pk=made["id"]).code_sealed == ""
