"""At 18 (docs/API.md, Growing up with Stride): the notice 30 days before, the pause on the birthday in the teen's own
calendar, resuming one parent with one tap, under a moved clock (time-machine); emails through a real SMTP server.
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from accounts import birthdays, growing_up
from accounts.models import CareTeamMember, Invitation, Patient, Role
from accounts.models.care import hash_code
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory, UserFactory
from tests.mailbox import html_of, text_of
from tests.personas import Circle
from tests.test_persona_matrix import BODIES, MATRIX, PERSONAS

pytestmark = pytest.mark.django_db(transaction=True)

ZONE = "America/Los_Angeles"  # UTC-7 in summer: her day starts at 07:00 UTC
BORN = datetime.date(2008, 7, 15)  # 18 on 15 July 2026


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(utc(2026, 5, 1, 12), tick=False)
    return time_machine


@pytest.fixture
def maya(clock):
    patient = PatientFactory(
        account__email="maya@example.com",
        account__display_name="Maya",
        account__timezone=ZONE,
        timezone=ZONE,
        birth_date=BORN,
    )
    EntryFactory(patient=patient, date=datetime.date(2026, 4, 30))
    return patient


@pytest.fixture
def dana(maya):
    parent = UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)
    CareTeamMember.objects.create(patient=maya, member=parent, relation="parent", sees=["core", "mood"])
    return parent


@pytest.fixture
def lee(maya):
    clinician = UserFactory(email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN)
    CareTeamMember.objects.create(patient=maya, member=clinician, relation="clinician", sees=["core"])
    return clinician


def run_at(clock, moment):
    clock.move_to(moment, tick=False)
    return growing_up.step()


def team(patient):
    answer = client_for(patient.account).get(f"/api/v1/patients/{patient.pk}/care-team/").json()
    return {member["user"]["display_name"]: member for member in answer}


def test_the_rule_of_the_day_she_turns_18_and_of_the_30_days_before():
    assert birthdays.turns(BORN, 18) == datetime.date(2026, 7, 15)
    leap = datetime.date(2008, 2, 29)
    assert birthdays.turns(leap, 18) == datetime.date(2026, 3, 1)  # 2026 has no 29 February
    assert birthdays.turns(leap, 20) == datetime.date(2028, 2, 29)
    assert not birthdays.adult_notice_due(BORN, datetime.date(2026, 6, 14))
    assert birthdays.adult_notice_due(BORN, datetime.date(2026, 6, 15))
    assert birthdays.adult_notice_due(BORN, datetime.date(2026, 7, 14))
    assert not birthdays.adult_notice_due(BORN, datetime.date(2026, 7, 15))
    assert birthdays.adult_notice_due(leap, datetime.date(2026, 1, 30))
    assert not birthdays.adult_notice_due(leap, datetime.date(2026, 1, 29))


def test_thirty_days_before_she_is_told_once_by_email_and_on_her_sharing_page(maya, dana, lee, clock, mailbox):
    # 23:59 on 14 June in Los Angeles: 31 days before, in her calendar.
    assert run_at(clock, utc(2026, 6, 15, 6, 59)) == growing_up.Report(notices=0, paused=0)
    assert run_at(clock, utc(2026, 6, 15, 7, 0)) == growing_up.Report(notices=1, paused=0)
    message = mailbox.wait_for("maya@example.com")[0]
    assert message["Subject"] == "You turn 18 soon: what changes in Stride"
    assert "You turn 18 on July 15, 2026." in text_of(message)
    assert "https://" in text_of(message) or "http://" in text_of(message)
    assert "/care-team/" in html_of(message)
    assert run_at(clock, utc(2026, 6, 20, 12)) == growing_up.Report(notices=0, paused=0)  # once
    assert len(mailbox.to("maya@example.com")) == 1
    assert mailbox.to("dana@example.com") == [] and mailbox.to("lee@example.com") == []

    browser = Client()
    browser.force_login(maya.account)
    page = browser.get("/care-team/").content.decode()
    assert "You turn 18 on July 15, 2026." in page and "Pausing then: Dana." in page
    assert client_for(dana).get(f"/api/v1/patients/{maya.pk}/").status_code == 200  # nothing paused yet


def test_on_her_birthday_in_her_own_calendar_every_parent_pauses(maya, dana, lee, clock, mailbox):
    # 23:59 on 14 July in Los Angeles: still 17.
    assert run_at(clock, utc(2026, 7, 15, 6, 59)).paused == 0
    parent = client_for(dana)
    assert parent.get(f"/api/v1/patients/{maya.pk}/").status_code == 200

    assert run_at(clock, utc(2026, 7, 15, 7, 0)).paused == 1
    assert run_at(clock, utc(2026, 7, 15, 8, 0)).paused == 0  # once
    members = team(maya)
    assert (members["Dana"]["relation"], members["Dana"]["paused"]) == ("parent", True)
    assert members["Dana"]["sees"] == ["core", "mood"]  # kept for when she resumes
    assert members["Dr Lee"]["paused"] is False
    assert parent.get(f"/api/v1/patients/{maya.pk}/").status_code == 404
    assert parent.get(f"/api/v1/patients/{maya.pk}/entries/").status_code == 404
    assert [p["id"] for p in parent.get("/api/v1/patients/").json()] == []
    assert client_for(lee).get(f"/api/v1/patients/{maya.pk}/").status_code == 200
    notice = mailbox.wait_for("dana@example.com")[0]
    assert notice["Subject"] == "Maya has turned 18"
    assert "paused from today" in text_of(notice)

    # One tap: she resumes Dana, who reads again, and no later run pauses her again.
    url = f"/api/v1/patients/{maya.pk}/care-team/{members['Dana']['id']}/"
    resumed = client_for(maya.account).patch(url, {"paused": False}, format="json")
    assert resumed.status_code == 200 and resumed.json()["paused"] is False
    assert parent.get(f"/api/v1/patients/{maya.pk}/").status_code == 200
    assert run_at(clock, utc(2026, 7, 16, 7, 0)).paused == 0
    assert parent.get(f"/api/v1/patients/{maya.pk}/entries/").status_code == 200


def test_a_29_february_birthday_counts_on_1_march_in_other_years(clock, mailbox):
    leap = PatientFactory(account__email="leap@example.com", birth_date=datetime.date(2008, 2, 29), timezone="UTC")
    parent = UserFactory(role=Role.PARENT)
    CareTeamMember.objects.create(patient=leap, member=parent, relation="parent", sees=["core"], since=utc(2025, 1, 1))
    assert run_at(clock, utc(2026, 1, 29, 12)).notices == 0
    assert run_at(clock, utc(2026, 1, 30, 0, 0)).notices == 1
    assert run_at(clock, utc(2026, 2, 28, 23, 59)).paused == 0
    assert run_at(clock, utc(2026, 3, 1, 0, 0)).paused == 1


def test_a_parent_she_invites_after_18_is_not_paused(maya, clock, mailbox):
    clock.move_to(utc(2026, 8, 1, 12), tick=False)
    later = UserFactory(role=Role.PARENT, display_name="Alex")
    CareTeamMember.objects.create(patient=maya, member=later, relation="parent", sees=["core"])
    assert growing_up.step().paused == 0
    assert client_for(later).get(f"/api/v1/patients/{maya.pk}/").status_code == 200


def test_a_profile_a_parent_still_keeps_never_pauses_its_parent(clock, mailbox):
    keeper = UserFactory(role=Role.PARENT)
    child = PatientFactory(account=None, display_name="Kim", birth_date=BORN, timezone=ZONE)
    CareTeamMember.objects.create(patient=child, member=keeper, relation="parent", sees=["core"], manages=True)
    assert run_at(clock, utc(2026, 7, 20, 12)) == growing_up.Report(notices=0, paused=0)
    assert client_for(keeper).get(f"/api/v1/patients/{child.pk}/").status_code == 200


def test_the_command_does_the_same_once(maya, dana, clock, mailbox):
    clock.move_to(utc(2026, 7, 15, 12), tick=False)
    out = io.StringIO()
    call_command("growing_up", stdout=out)
    call_command("growing_up", stdout=out)
    assert out.getvalue().splitlines() == [
        "18th-birthday notices sent: 0, parents' access paused: 1",
        "18th-birthday notices sent: 0, parents' access paused: 0",
    ]


# A paused parent, as an attacker would try: every endpoint a linked parent may read answers as to a stranger.

PARENT_COLUMN = PERSONAS.index("linked_parent")
PARENT_CAN = [(method, path) for (method, path), row in MATRIX.items() if row[PARENT_COLUMN] in (200, 201, 204)]


@pytest.mark.parametrize("method, path", PARENT_CAN, ids=[f"{m} {p}" for m, p in PARENT_CAN])
def test_a_paused_parent_gets_404_everywhere_a_linked_parent_reads(method, path):
    circle = Circle()
    CareTeamMember.objects.filter(pk=circle.parent_link.pk).update(paused_at=utc(2026, 3, 1))
    url = "/api/v1/" + path.format(
        patient=circle.patient.pk,
        invitation=circle.invitation.pk,
        clinician_link=circle.clinician_link.pk,
        goal=circle.goal.pk,
    )
    body = BODIES.get((method, path))
    answer = client_for(circle.linked_parent).generic(
        method, url, data=json.dumps(body) if body is not None else "", content_type="application/json"
    )
    assert answer.status_code == 404, answer.content


def test_a_paused_parent_is_off_the_list_and_the_pages(clock):
    circle = Circle()
    CareTeamMember.objects.filter(pk=circle.parent_link.pk).update(paused_at=utc(2026, 3, 1))
    assert client_for(circle.linked_parent).get("/api/v1/patients/").json() == []
    browser = Client()
    browser.force_login(circle.linked_parent)
    assert browser.get(f"/patients/{circle.patient.pk}/").status_code == 404


def test_the_owner_alone_pauses_or_resumes_and_a_keeper_is_never_paused(clock):
    circle = Circle()
    teen, url = client_for(circle.teen), f"/api/v1/patients/{circle.patient.pk}/care-team/{circle.parent_link.pk}/"
    assert teen.patch(url, {"paused": True}, format="json").json()["paused"] is True
    assert client_for(circle.linked_parent).get(f"/api/v1/patients/{circle.patient.pk}/").status_code == 404
    assert client_for(circle.linked_clinician).patch(url, {"paused": False}, format="json").status_code == 403
    assert teen.patch(url, {}, format="json").status_code == 400
    assert teen.patch(url, {"paused": "maybe"}, format="json").status_code == 400
    both = teen.patch(url, {"paused": False, "sees": ["core"]}, format="json").json()
    assert (both["paused"], both["sees"]) == (False, ["core"])

    keeper = UserFactory(role=Role.PARENT)
    child = PatientFactory(account=None, birth_date=datetime.date(2016, 1, 1))
    link = CareTeamMember.objects.create(patient=child, member=keeper, relation="parent", sees=["core"], manages=True)
    refused = client_for(keeper).patch(
        f"/api/v1/patients/{child.pk}/care-team/{link.pk}/", {"paused": True}, format="json"
    )
    assert refused.status_code == 400 and "paused" in refused.json()


def test_a_paused_parent_invited_again_joins_afresh(maya, dana, clock, mailbox):
    run_at(clock, utc(2026, 7, 15, 12))
    Invitation.objects.create(
        patient=maya,
        created_by=maya.account,
        role="parent",
        sees=["core"],
        code_hash=hash_code("AGAINCODE7"),
        expires_at=utc(2026, 7, 20),
    )
    joined = client_for(dana).post("/api/v1/invitations/accept/", {"code": "AGAINCODE7"}, format="json")
    assert joined.status_code == 201
    (active,) = CareTeamMember.objects.active().filter(patient=maya, member=dana)
    assert (active.paused, active.sees) == (False, ["core"])
    assert run_at(clock, utc(2026, 7, 16, 12)).paused == 0
    assert Patient.objects.get(pk=maya.pk).account.role == Role.TEEN


def test_the_notice_and_the_pause_in_spanish(maya, dana, clock, mailbox):
    User = type(maya.account)
    User.objects.filter(pk__in=[maya.account.pk, dana.pk]).update(language="es")
    assert run_at(clock, utc(2026, 6, 20, 12)).notices == 1
    notice = mailbox.wait_for("maya@example.com")[0]
    assert notice["Subject"] == "Pronto cumples 18: lo que cambia en Stride"
    assert "Cumples 18 el 15 de julio de 2026." in text_of(notice)
    assert run_at(clock, utc(2026, 7, 15, 12)).paused == 1
    assert mailbox.wait_for("dana@example.com")[0]["Subject"] == "Maya ha cumplido 18 años"
    browser = Client()
    browser.force_login(Patient.objects.get(pk=maya.pk).account)
    page = browser.get("/care-team/").content.decode()
    assert "Ya tienes 18, así que lo que ven tu madre o tu padre está en pausa." in page
