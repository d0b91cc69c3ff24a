"""A child's diary becomes her own (docs/API.md, Growing up with Stride): the handover link, through a real SMTP server
on loopback, read as it arrives. Transactional: emails leave as the request's transaction commits.
"""

import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.access_log import record_reads
from accounts.handover import EMAIL_HAS_ACCOUNT
from accounts.models import AccessLogEntry, ApiToken, CareTeamMember, Handover, Patient, Reading, Role, User
from accounts.services import LINK_NOT_VALID
from diary.models import DailyEntry, FunctionCheckin, Goal
from reminders import services as reminder_services
from reminders.models import ReminderSettings
from tests.conftest import client_for
from tests.factories import PASSWORD, CheckinFactory, EntryFactory, GoalFactory, UserFactory
from tests.mailbox import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://stride.example.org"
# Noon in New York on 10 June 2026: Samira, born 1 March 2013, is 13.
NOW = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=datetime.UTC)
ZONE = "America/New_York"
TEEN_PASSWORD = "my own long sentence"
JSON = "application/json"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.STRIDE_SITE_URL = SITE


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def dana(db):
    return UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT, timezone=ZONE)


def add_child(parent, *, name="Samira", born="2013-03-01"):
    answer = client_for(parent).post(
        "/api/v1/patients/", {"display_name": name, "birth_date": born, "consent": True}, format="json"
    )
    assert answer.status_code == 201, answer.content
    return Patient.objects.get(pk=answer.json()["id"])


@pytest.fixture
def samira(clock, dana):
    """Kept by Dana since she was 12: days, a check-in, a goal, a reminder, and a clinician who read it."""
    clock.move_to(NOW - datetime.timedelta(days=200), tick=False)
    child = add_child(dana)
    for back in range(3):
        day = child.today() - datetime.timedelta(days=back)
        EntryFactory(patient=child, date=day, entered_by=dana, mood=2, note="Tired after school", note_private=False)
    CheckinFactory(patient=child, date=child.today(), entered_by=dana)
    GoalFactory(patient=child, created_by=dana)
    reminder_services.save_reminder_settings(
        patient=child, user=dana, enabled=True, time=datetime.time(19), days=[1, 2, 3, 4, 5], channels=["email"]
    )
    lee = UserFactory(display_name="Dr Lee", role=Role.CLINICIAN)
    CareTeamMember.objects.create(patient=child, member=lee, relation="clinician", sees=["core"])
    record_reads(actor=lee, patient_ids=[child.pk], reading=Reading.TRENDS)
    clock.move_to(NOW, tick=False)
    return child


def ask(who, patient, email="samira@example.com"):
    """Asks for a handover as `who`: an account (a new token of its own) or a client already signed in."""
    client = who if isinstance(who, APIClient) else client_for(who)
    return client.post(f"/api/v1/patients/{patient.pk}/handover/", {"email": email}, format="json")


def token_from(mailbox, address="samira@example.com", count=1):
    message = mailbox.wait_for(address, count=count)[count - 1]
    match = re.fullmatch(rf"{SITE}/handover/([^/]+)/", link_in(message, "/handover/"))
    assert match
    return match.group(1)


def accept(token, *, password=TEEN_PASSWORD, name="Sam"):
    body = {"token": token, "password": password, "display_name": name}
    return Client().post("/api/v1/handover/accept/", body, content_type=JSON)


def test_the_child_takes_over_the_diary_with_everything_in_it(samira, dana, mailbox):
    parent = client_for(dana)  # one token, used before and after: it must go on working
    parent_tokens = set(ApiToken.objects.filter(user=dana).values_list("pk", "key_hash"))
    browser = Client()
    assert (
        browser.post(
            "/api/v1/auth/session/", {"email": dana.email, "password": PASSWORD}, content_type=JSON
        ).status_code
        == 200
    )
    generation = dana.session_generation
    before = {
        "entries": set(DailyEntry.objects.filter(patient=samira).values_list("pk", "date", "entered_by")),
        "checkins": set(FunctionCheckin.objects.filter(patient=samira).values_list("pk", "date")),
        "goals": set(Goal.objects.filter(patient=samira).values_list("pk", "title")),
        "log": list(AccessLogEntry.objects.filter(patient=samira).values_list("pk", "actor_name", "detail", "at")),
    }

    sent = ask(parent, samira)
    assert sent.status_code == 202, sent.content
    assert sent.json()["email"] == "samira@example.com"
    message = mailbox.wait_for("samira@example.com")[0]
    assert message["Subject"] == "Dana is giving you your Stride diary"
    assert "works once, for 14 days" in text_of(message) and "works once, for 14 days" in html_of(message)
    assert "Tired after school" not in text_of(message) + html_of(message)
    token = token_from(mailbox)
    assert not Handover.objects.filter(token_hash=token).exists()  # only its hash is kept

    taken = accept(token)
    assert taken.status_code == 201, taken.content
    teen = User.objects.get(email="samira@example.com")
    assert taken.json() == {
        "id": teen.pk,
        "email": "samira@example.com",
        "display_name": "Sam",
        "role": "teen",
        "patient_id": samira.pk,
    }
    assert (teen.role, teen.email_verified, teen.timezone) == (Role.TEEN, True, ZONE)

    # She signs in with her own address and password, and the diary is hers with everything in it.
    signed_in = Client()
    assert (
        signed_in.post(
            "/api/v1/auth/session/", {"email": teen.email, "password": TEEN_PASSWORD}, content_type=JSON
        ).status_code
        == 200
    )
    assert signed_in.get("/api/v1/me/").json()["patient_id"] == samira.pk
    assert signed_in.get(f"/api/v1/patients/{samira.pk}/entries/").json()["count"] == 3
    assert set(DailyEntry.objects.filter(patient=samira).values_list("pk", "date", "entered_by")) == before["entries"]
    assert set(FunctionCheckin.objects.filter(patient=samira).values_list("pk", "date")) == before["checkins"]
    assert set(Goal.objects.filter(patient=samira).values_list("pk", "title")) == before["goals"]
    log = signed_in.get(f"/api/v1/patients/{samira.pk}/access-log/").json()
    assert [row["actor"]["display_name"] for row in log["results"]] == ["Dr Lee"]
    kept_log = AccessLogEntry.objects.filter(patient=samira).values_list("pk", "actor_name", "detail", "at")
    assert list(kept_log) == before["log"]
    reminder = ReminderSettings.objects.get(patient=samira)
    assert (reminder.user, reminder.enabled) == (teen, True)
    team = {
        member["user"]["display_name"]: member
        for member in signed_in.get(f"/api/v1/patients/{samira.pk}/care-team/").json()
    }
    assert set(team) == {"Dana", "Dr Lee"}
    assert (team["Dana"]["relation"], team["Dana"]["sees"], team["Dana"]["manages"]) == ("parent", ["core"], False)
    assert team["Dr Lee"]["sees"] == ["core"]

    # The parent's sign-ins are as they were; she now reads the basics, and no longer writes.
    dana.refresh_from_db()
    assert dana.session_generation == generation
    assert set(ApiToken.objects.filter(user=dana).values_list("pk", "key_hash")) == parent_tokens
    assert browser.get("/api/v1/me/").status_code == 200
    listed = [p for p in parent.get("/api/v1/patients/").json() if p["id"] == samira.pk]
    assert [(p["relation"], p["can_write"], p["sees"]) for p in listed] == [("parent", False, ["core"])]
    entries = parent.get(f"/api/v1/patients/{samira.pk}/entries/").json()["results"]
    assert len(entries) == 3 and all("mood" not in e and "note" not in e for e in entries)
    assert "mood" not in parent.get(f"/api/v1/patients/{samira.pk}/trends/").json()
    day = samira.today().isoformat()
    assert parent.put(f"/api/v1/patients/{samira.pk}/entries/{day}/", {"function": 5, "pain": 5}).status_code == 403
    assert parent.get(f"/api/v1/patients/{samira.pk}/care-team/").status_code == 403
    assert AccessLogEntry.objects.filter(patient=samira, actor=dana).exists()  # her reads are logged now

    done = mailbox.wait_for("dana@example.com")[0]
    assert done["Subject"] == "Sam has their own Stride diary now"
    assert f"{SITE}/patients/{samira.pk}/" in text_of(done)


def test_the_link_works_once_and_a_used_expired_or_altered_one_gets_the_same_answer(samira, dana, mailbox, clock):
    ask(dana, samira)
    token = token_from(mailbox)
    expected = {"detail": str(LINK_NOT_VALID)}
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert accept(altered).status_code == 400
    assert accept(altered).json() == expected
    assert accept(token).status_code == 201
    used = accept(token, name="Someone else")
    assert (used.status_code, used.json()) == (400, expected)
    assert User.objects.filter(role=Role.TEEN).count() == 1
    Patient.objects.filter(pk=samira.pk).update(account=None)  # even were the diary a child's again
    assert accept(token).json() == expected


def test_the_link_lasts_14_days(samira, dana, mailbox, clock):
    ask(dana, samira)
    token = token_from(mailbox)
    clock.move_to(NOW + datetime.timedelta(days=14), tick=False)
    expired = accept(token)
    assert (expired.status_code, expired.json()) == (400, {"detail": str(LINK_NOT_VALID)})
    assert not User.objects.filter(email="samira@example.com").exists()
    clock.move_to(NOW + datetime.timedelta(days=14, seconds=-1), tick=False)
    assert accept(token).status_code == 201


def test_a_new_link_replaces_the_older_one(samira, dana, mailbox):
    ask(dana, samira)
    first = token_from(mailbox)
    ask(dana, samira, email="sam.new@example.com")
    second = token_from(mailbox, "sam.new@example.com")
    assert accept(first).json() == {"detail": str(LINK_NOT_VALID)}
    assert accept(second).status_code == 201
    assert Patient.objects.get(pk=samira.pk).account.email == "sam.new@example.com"


def test_a_bad_password_changes_nothing_and_the_link_still_works(samira, dana, mailbox):
    ask(dana, samira)
    token = token_from(mailbox)
    weak = accept(token, password="123")
    assert weak.status_code == 400 and "password" in weak.json()
    assert accept(token, name="  ").json().keys() == {"display_name"}
    assert Patient.objects.get(pk=samira.pk).account is None
    assert CareTeamMember.objects.get(patient=samira, member=dana).manages
    assert accept(token).status_code == 201


def test_an_address_with_an_account_gets_a_clear_answer_and_no_email(samira, dana, mailbox):
    UserFactory(email="taken@example.com", role=Role.PARENT)
    answer = ask(dana, samira, email="Taken@Example.com ")
    assert (answer.status_code, answer.json()) == (400, {"email": [str(EMAIL_HAS_ACCOUNT)]})
    # The same answer whatever the account is: no more than sign-up says of an address.
    UserFactory(email="teen-taken@example.com", role=Role.TEEN)
    assert ask(dana, samira, email="teen-taken@example.com").json() == answer.json()
    assert ask(dana, samira, email="not an address").json().keys() == {"email"}
    assert not Handover.objects.exists()
    assert mailbox.to("taken@example.com") == []


def test_an_address_that_got_an_account_after_the_link_was_sent(samira, dana, mailbox):
    ask(dana, samira)
    token = token_from(mailbox)
    UserFactory(email="samira@example.com", role=Role.TEEN)
    answer = accept(token)
    assert answer.status_code == 400 and "Ask for a link to another address" in answer.json()["detail"][0]
    assert Patient.objects.get(pk=samira.pk).account is None


@pytest.mark.parametrize(
    "who, status", [("invited_parent", 403), ("clinician", 403), ("stranger", 404), ("anonymous", 401)]
)
def test_only_the_parent_who_keeps_the_profile_hands_it_over(samira, dana, mailbox, who, status):
    invited = UserFactory(role=Role.PARENT)
    CareTeamMember.objects.create(patient=samira, member=invited, relation="parent", sees=["core", "mood"])
    people = {
        "invited_parent": invited,
        "clinician": CareTeamMember.objects.get(patient=samira, relation="clinician").member,
        "stranger": UserFactory(role=Role.PARENT),
        "anonymous": None,
    }
    answer = ask(people[who], samira)
    assert answer.status_code == status, answer.content
    assert not Handover.objects.exists()


def test_a_teens_own_diary_is_hers_already(teen_patient, mailbox):
    answer = ask(teen_patient.account, teen_patient, email="someone@example.com")
    assert answer.status_code == 403
    assert not Handover.objects.exists()


@pytest.mark.parametrize(
    "born, day_before, birthday",
    [
        # 13 from 1 March 2027 in New York: 23:59 on 28 February there is 04:59 UTC on 1 March.
        ("2014-03-01", datetime.datetime(2027, 3, 1, 4, 59), datetime.datetime(2027, 3, 1, 5, 0)),
        # Born on 29 February: 13 on 1 March of a year without one (2029).
        ("2016-02-29", datetime.datetime(2029, 3, 1, 4, 59), datetime.datetime(2029, 3, 1, 5, 0)),
    ],
)
def test_not_before_the_13th_birthday_in_the_childs_own_calendar(dana, clock, mailbox, born, day_before, birthday):
    child = add_child(dana, born=born)
    clock.move_to(day_before.replace(tzinfo=datetime.UTC), tick=False)
    early = ask(dana, child)
    assert early.status_code == 400
    assert early.json() == {
        "detail": [f"Samira can have the diary as their own from their 13th birthday, on March 1, {birthday.year}."]
    }
    clock.move_to(birthday.replace(tzinfo=datetime.UTC), tick=False)
    assert ask(dana, child).status_code == 202


# The pages: the child's (behind the link) and the parent's (before and after)


def page(client, path):
    answer = client.get(path)
    return answer.status_code, answer.content.decode()


def test_the_childs_page_opens_with_the_link_and_says_plainly_when_it_does_not_work(samira, dana, mailbox):
    ask(dana, samira)
    token = token_from(mailbox)
    status, text = page(Client(), f"/handover/{token}/")
    assert status == 200
    assert "Your diary, Samira" in text and "Dana has kept this diary for you." in text
    assert "samira@example.com" in text and 'id="handover-form"' in text
    status, text = page(Client(), f"/handover/{token}x/")
    assert status == 400 and 'id="handover-form"' not in text
    assert "Ask the parent who sent it for a new one." in text
    accept(token)
    assert page(Client(), f"/handover/{token}/")[0] == 400


def test_the_parents_page_before_and_after(samira, dana, mailbox):
    browser = Client()
    browser.force_login(dana)
    url = f"/patients/{samira.pk}/handover/"
    status, text = page(browser, url)
    assert status == 200
    assert "Who will see what" in text and 'id="send-handover"' in text
    assert "Not mood or notes, unless Samira shares them." in text
    ask(dana, samira)
    status, text = page(browser, url)
    assert "A link went to <strong" in text and "samira@example.com" in text and "Send a new link" in text
    accept(token_from(mailbox))
    status, text = page(browser, url)
    assert status == 200 and "Sam's diary is theirs now" in text and 'id="send-handover"' not in text
    assert "Function, pain, sleep, activity, school, symptoms and check-ins" in text
    listed = client_for(dana).get("/api/v1/patients/").json()
    assert [(p["can_hand_over"], p["handed_over_at"] is not None) for p in listed] == [(False, True)]


def test_a_child_under_13_gets_a_date_not_a_form(dana, clock):
    child = add_child(dana, name="Ben", born="2016-06-01")
    browser = Client()
    browser.force_login(dana)
    status, text = page(browser, f"/patients/{child.pk}/handover/")
    assert status == 200 and 'id="send-handover"' not in text
    assert "from their 13th birthday, on June 1, 2029" in text
    assert [p["can_hand_over"] for p in client_for(dana).get("/api/v1/patients/").json()] == [False]


def test_the_parents_page_is_for_the_keeping_parent_alone(samira):
    clinician = CareTeamMember.objects.get(patient=samira, relation="clinician").member
    for user, status in ((clinician, 403), (UserFactory(role=Role.PARENT), 404)):
        browser = Client()
        browser.force_login(user)
        assert browser.get(f"/patients/{samira.pk}/handover/").status_code == status


def test_in_spanish_the_link_and_the_page_speak_the_parents_language(samira, dana, mailbox):
    dana.language = "es"
    dana.save()
    sent = ask(dana, samira)
    assert sent.json()["detail"].startswith("Enviamos un enlace a samira@example.com.")
    message = mailbox.wait_for("samira@example.com")[0]
    assert message["Subject"] == "Dana te da tu diario de Stride"
    assert "El enlace funciona una vez, durante 14 días." in text_of(message)
    assert message["Content-Language"] == "es"
    token = token_from(mailbox)
    spanish = Client(headers={"accept-language": "es"})
    status, text = page(spanish, f"/handover/{token}/")
    assert status == 200 and "Tu diario, Samira" in text and "Hacer mío el diario" in text
    taken = spanish.post(
        "/api/v1/handover/accept/",
        {"token": token, "password": TEEN_PASSWORD, "display_name": "Sam"},
        content_type=JSON,
    )
    assert taken.status_code == 201
    assert User.objects.get(email="samira@example.com").language == "es"
    assert mailbox.wait_for("dana@example.com")[0]["Subject"] == "Sam ya tiene su propio diario de Stride"


def test_ten_tries_at_once_with_one_link_make_one_account(samira, dana, mailbox):
    """On PostgreSQL (CI runs the suite there too) this tries the claim's row lock; on SQLite, the write queue."""
    ask(dana, samira)
    token = token_from(mailbox)
    start_together = threading.Barrier(10)

    def take(n):
        start_together.wait()
        try:
            answer = accept(token, name=f"Sam {n}")
            return answer.status_code, answer.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(take, range(10)))
    assert sorted(status for status, _ in answers) == [201] + [400] * 9
    assert {str(body) for status, body in answers if status == 400} == {str({"detail": str(LINK_NOT_VALID)})}
    assert User.objects.filter(email="samira@example.com").count() == 1
    assert Patient.objects.get(pk=samira.pk).account.email == "samira@example.com"
