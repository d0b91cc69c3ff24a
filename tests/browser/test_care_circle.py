import datetime
import re

import pytest
from django.db.models import F
from playwright.sync_api import expect

from accounts.access_log import record_reads
from accounts.models import AccessLogEntry, Reading, Role
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check
from tests.factories import EntryFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.get_by_label("Notes (never the private ones)").check()
    page.get_by_role("button", name="Create an invitation code").click()
    expect(page.locator("#code-text")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$"))
    code = page.locator("#code-text").inner_text()
    expect(page.locator("#code-message")).to_contain_text(code)
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
    parent.get_by_role("navigation").get_by_role("link", name="Patients").click()
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
    expect(page.get_by_text("Ben's diary")).to_be_visible()
    page.locator("#function-field").get_by_label("5", exact=True).click()
    page.locator("#pain-field").get_by_label("6", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")

    page.get_by_role("navigation").get_by_role("link", name="Patients").click()
    expect(page.locator("#patient-list")).to_contain_text("You keep this diary")
    page.get_by_role("link", name=re.compile("^Ben")).click()
    page.get_by_role("link", name="Care team").click()
    page.get_by_label("A clinician").check()
    page.get_by_role("button", name="Create an invitation code").click()
    expect(page.locator("#code-text")).not_to_be_empty()
    code = page.locator("#code-text").inner_text()

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
