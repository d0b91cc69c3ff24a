import datetime
import re

import pytest
from django.db.models import F
from django.utils.timezone import now
from playwright.sync_api import expect

from accounts.access_log import record_reads
from accounts.models import INVITATION_LIFETIME, AccessLogEntry, Invitation, Reading, Role, User
from accounts.models.care import hash_code
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check, check_as_it_is
from tests.factories import PASSWORD, EntryFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORE = "function, pain, sleep, activity, school, symptoms and check-ins"  # Share.CORE's words


@pytest.fixture
def second_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def test_teen_invites_a_parent_who_reads_then_is_removed(page, second_page, live_server, screenshot):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    yesterday = patient.today() - datetime.timedelta(days=1)
    EntryFactory(patient=patient, date=yesterday, function=7, pain=5, mood=4, note="Movie night", note_private=False)
    EntryFactory(patient=patient, date=patient.today(), function=6, pain=4, note="Only for me", note_private=True)
    UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)
    teen_errors, parent_errors = js_errors(page), js_errors(second_page)

    sign_in(page, live_server, "maya@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Sharing").click()
    expect(page.get_by_text("No one yet.")).to_be_visible()
    page.get_by_label("Notes that are not private").check()
    page.get_by_role("button", name="Create an invitation code").click()
    made = page.locator("#invitation-list li.just-made")
    expect(made).to_be_focused()
    expect(made.locator(".code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$"))
    code = made.locator(".code").inner_text()
    expect(made.locator(".message-to-send")).to_contain_text(code)
    screenshot(page, "care-team-invite-360")

    parent = second_page
    sign_in(parent, live_server, "dana@example.com")
    expect(parent.get_by_text("No one has shared a diary with you yet.")).to_be_visible()
    parent.get_by_role("link", name="Join with a code").click()
    parent.get_by_label("Invitation code").fill(code.lower())
    parent.get_by_role("button", name="Join").click()
    expect(parent.get_by_role("heading", name="Maya's diary")).to_be_visible()
    expect(parent.locator("#entry-list li")).to_have_count(2)
    expect(parent.locator("#entry-list")).to_contain_text("Movie night")
    expect(parent.locator("#entry-list")).not_to_contain_text("Only for me")
    expect(parent.locator("#entry-list")).not_to_contain_text("Mood")  # mood was not shared
    screenshot(parent, "shared-diary-parent-360")
    parent.get_by_role("navigation").get_by_role("link", name="Your family").click()
    # A two-day-old diary counts its own days: never "2 of the last 14".
    expect(parent.locator("#patient-list")).to_contain_text("2 of its first 2 days logged")
    screenshot(parent, "patients-parent-360")

    page.reload()
    member = page.locator(".member-card", has_text="Dana")
    expect(member).to_contain_text("Parent or guardian")
    page.get_by_role("link", name="See who has looked at the diary").click()
    # Her Days and then her Patients list, a minute apart: one line.
    expect(page.locator("#log-list li")).to_have_count(1)
    expect(page.locator("#log-list")).to_contain_text("Dana (parent) looked at Days and the Patients list, 2 times")
    screenshot(page, "access-log-360")
    page.go_back()
    page.get_by_role("button", name="Remove Dana").click()
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.locator("#member-status")).to_contain_text("Dana was removed.")

    parent.reload()
    expect(parent.get_by_text("No one has shared a diary with you yet.")).to_be_visible()
    expect(parent.locator("#patient-list li")).to_have_count(0)
    assert AccessLogEntry.objects.filter(actor_name="Dana").exists()
    assert not teen_errors and not parent_errors


def test_the_teen_reads_one_plain_line_per_visit(page, live_server, screenshot):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    dana = UserFactory(display_name="Dana", role=Role.PARENT)
    lee = UserFactory(display_name="Dr Lee", role=Role.CLINICIAN)
    for member in (dana, lee):
        patient.care_team.create(member=member, relation=member.role, sees=["core"])
    for reading in (Reading.TRENDS, Reading.ENTRIES, Reading.TRENDS, Reading.ENTRIES, Reading.TRENDS):
        record_reads(actor=dana, patient_ids=[patient.pk], reading=reading)
    AccessLogEntry.objects.filter(actor=dana).update(first_at=F("at") - datetime.timedelta(minutes=8))
    record_reads(actor=lee, patient_ids=[patient.pk], reading=Reading.CSV, action=AccessLogEntry.Action.EXPORT)
    record_reads(actor=lee, patient_ids=[patient.pk], reading=Reading.ENTRY.on(datetime.date(2026, 3, 2)))
    errors = js_errors(page)

    sign_in(page, live_server, "maya@example.com")
    rows = page.locator("#log-list li")
    check(page, live_server, "/access-log/", lambda p: expect(rows).to_have_count(3))
    expect(rows.locator("span")).to_have_text(
        [
            "Dr Lee (clinician) looked at the day Mon, Mar 2",
            "Dr Lee (clinician) downloaded the diary (CSV)",
            "Dana (parent) looked at Trends and Days, 5 times",
        ]
    )
    expect(rows.nth(2).locator("time")).to_contain_text("–")  # from the first read to the last
    screenshot(page, "access-log-visits-360")
    assert not errors


def test_a_parent_adds_a_child_logs_a_day_and_invites_a_clinician(page, second_page, live_server, screenshot):
    UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)
    UserFactory(email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN)
    errors = js_errors(page)
    sign_in(page, live_server, "dana@example.com")
    page.get_by_role("link", name="Add a child under 13").click()
    page.get_by_label("Child's first name").fill("Ben")
    page.get_by_label("Birth date").fill("2016-06-01")
    page.get_by_role("button", name="Add").click()
    # The terms come first: agreeing to them is part of making a child's profile.
    expect(page.locator('[data-error-for="consent"]')).to_contain_text("tick the box to agree")
    page.get_by_label("I agree to these terms for my child's diary.").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Ben's diary")).to_be_visible()
    page.locator("#function-field").get_by_label("5", exact=True).click()
    page.locator("#pain-field").get_by_label("6", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")

    page.get_by_role("navigation").get_by_role("link", name="Your family").click()
    expect(page.get_by_role("heading", name="Your family")).to_be_visible()
    expect(page.locator("#patient-list")).to_contain_text("You keep this diary")
    # The child's card opens on the day to log, and says it was logged on its first day, not "1 of its first 1".
    expect(page.locator("#patient-list")).to_contain_text("a new diary, its first day logged")
    page.get_by_role("link", name="Log today for Ben").click()
    page.wait_for_url(re.compile(r"/patients/\d+/today/$"))
    expect(page.locator("#save-status")).to_contain_text("You already logged this day.")
    page.go_back()
    page.get_by_role("link", name=re.compile("^Ben")).click()
    page.get_by_role("link", name="Care team").click()
    page.get_by_label("A clinician").check()
    page.get_by_role("button", name="Create an invitation code").click()
    expect(page.locator("#invitation-list .code")).not_to_be_empty()
    code = page.locator("#invitation-list .code").inner_text()

    clinician = second_page
    sign_in(clinician, live_server, "lee@example.com")
    clinician.get_by_role("link", name="Join with a code").click()
    clinician.get_by_label("Invitation code").fill(code)
    clinician.get_by_role("button", name="Join").click()
    expect(clinician.get_by_role("heading", name="Ben's diary")).to_be_visible()
    expect(clinician.locator("#entry-list")).to_contain_text("Did 5/10 of usual day")
    expect(clinician.get_by_role("link", name="Log today")).to_have_count(0)
    clinician.get_by_role("button", name="Leave Ben's care team").click()
    clinician.get_by_role("button", name="Yes, leave").click()
    expect(clinician.get_by_text("You've left that care team.")).to_be_visible()
    assert not errors


def test_a_wrong_code_gets_a_clear_message(page, live_server):
    UserFactory(email="lee@example.com", role=Role.CLINICIAN)
    sign_in(page, live_server, "lee@example.com")
    page.goto(f"{live_server.url}/join/")
    page.get_by_label("Invitation code").fill("NOPE-NOPE")
    page.get_by_role("button", name="Join").click()
    expect(page.locator('[data-error-for="code"]')).to_contain_text("This code doesn't work")
    expect(page.locator('[data-error-for="code"]')).to_contain_text("Ask the person who invited you for a new code.")


def test_leaving_while_offline_says_so_and_keeps_the_link(page, live_server):
    patient = PatientFactory(account__display_name="Maya")
    clinician = UserFactory(email="lee@example.com", role=Role.CLINICIAN)
    link = patient.care_team.create(member=clinician, relation="clinician", sees=["core"])
    sign_in(page, live_server, "lee@example.com")
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    page.get_by_role("button", name="Leave Maya's care team").click()
    page.context.set_offline(True)
    page.get_by_role("button", name="Yes, leave").click()
    expect(page.locator("#leave-error")).to_contain_text("We couldn't reach Stride")
    page.context.set_offline(False)
    link.refresh_from_db()
    assert link.ended_at is None


def test_an_expired_code_stays_listed_and_a_new_one_is_one_tap_away(page, second_page, live_server, screenshot):
    """The teen sees the code that ran out, with who it was for and what they'd see; the clinician who tries it
    is told to ask for a new one; one tap makes a new code with the same role and the same choices."""
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    lee = UserFactory(email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN)
    ran_out = now() - datetime.timedelta(days=2)
    Invitation.objects.create(
        patient=patient,
        created_by=patient.account,
        role="clinician",
        sees=["core", "notes"],
        code_hash=hash_code("MYOLDCODE3"),
        created_at=ran_out - INVITATION_LIFETIME,
        expires_at=ran_out,
    )
    teen_errors, clinician_errors = js_errors(page), js_errors(second_page)

    clinician = second_page
    sign_in(clinician, live_server, lee.email)
    clinician.goto(f"{live_server.url}/join/")
    clinician.get_by_label("Invitation code").fill("myol-dcod-e3")
    clinician.get_by_role("button", name="Join").click()
    error = clinician.locator("#code-error")
    expect(error).to_contain_text("Ask the person who invited you for a new code.")
    expect(clinician.get_by_label("Invitation code")).to_be_focused()
    check_as_it_is(clinician, live_server, "join: a code that ran out")
    clinician.emulate_media(color_scheme="light")
    screenshot(clinician, "join-expired-360")

    sign_in(page, live_server, "maya@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Sharing").click()
    card = page.locator("#invitation-list .expired")
    expect(card).to_contain_text("Clinician: this code expired")
    expect(card).to_contain_text(f"Would see {CORE}, notes that are not private.")
    card.scroll_into_view_if_needed()
    screenshot(page, "sharing-expired-360")

    card.get_by_role("button", name="New code").click()
    waiting = page.locator("#invitation-list li")
    expect(waiting).to_be_focused()
    expect(waiting.locator(".code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$"))
    expect(waiting.locator(".message-to-send")).to_contain_text("sign up as a clinician")
    expect(page.locator("#invitation-list .expired")).to_have_count(0)
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Clinician: code waiting to be used")
    expect(waiting).to_contain_text(f"Will see {CORE}, notes that are not private.")
    code = waiting.locator(".code").inner_text()

    clinician.get_by_label("Invitation code").fill(code)
    clinician.get_by_role("button", name="Join").click()
    expect(clinician.get_by_role("heading", name="Maya's diary")).to_be_visible()
    assert patient.care_team.get(member=lee).sees == ["core", "notes"]
    assert list(Invitation.objects.filter(patient=patient).values_list("used_by", flat=True)) == [lee.pk]
    assert not teen_errors and not clinician_errors


def test_someone_signed_out_is_told_to_sign_in_before_using_a_code(page, live_server):
    dana = UserFactory(email="dana@example.com", role=Role.PARENT)
    page.goto(f"{live_server.url}/join/")
    expect(page.locator("main")).to_contain_text("To use the code, sign in first")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(dana.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Invitation code")).to_be_visible()
    assert page.url.endswith("/join/")


def test_someone_new_creates_an_account_from_the_join_page_and_comes_back_to_it(page, live_server, screenshot):
    errors = js_errors(page)
    page.goto(f"{live_server.url}/join/")
    page.locator("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_label("Parent")).to_be_checked()  # the join page's own advice: a parent or a clinician
    screenshot(page, "join-signup-as-parent-360")
    page.get_by_label("What should we call you?").fill("Dana")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_label("Invitation code")).to_be_visible()
    assert page.url.endswith("/join/")
    screenshot(page, "join-after-signup-360")
    assert User.objects.get(email="dana@example.com").role == Role.PARENT
    assert not errors
