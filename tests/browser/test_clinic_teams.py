"""Clinic teams in a real browser at 360x740: a clinician makes a clinic and a colleague joins it, then is removed and
loses the clinic's patient at once; a teen shares with the clinic, sees its team on Sharing and removes it; the clinic's
list pages, searches, filters by flag and takes record numbers, with nothing moving when it arrives. Screenshots of
every clinic page at 360 and 1280 px, in English and Spanish (test-artifacts/clinic-*.png)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts import sharing
from accounts.access import own_access
from accounts.models import CareTeamMember, Role
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import diary, js_errors, pain_team, sign_in
from tests.browser.test_spanish import spanish_and_clean
from tests.factories import EntryFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 800}
CITED = frozenset({"and", "pain"})  # Outcomes cites other programmes' papers as published: "Hechler T and others. Pain"
PHONE = {"width": 360, "height": 740}
# Every layout shift the page makes, added up as the browser reports them (Cumulative Layout Shift, without the
# shifts that follow a person's own input). Registered before the page's first byte.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
"""
TOTAL_SHIFT = "() => window.__shifts.reduce((sum, value) => sum + value, 0)"


@pytest.fixture
def second_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def both_widths(page, screenshot, name):
    """Screenshots at 360 px and 1280 px, neither wider than the window; back at 360 px after."""
    no_sideways_scroll(page)
    screenshot(page, f"{name}-360")
    page.set_viewport_size(DESKTOP)
    no_sideways_scroll(page)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)


def first_screen(page, name):
    """What the window shows without scrolling (a long list's full-page screenshot is too tall to read)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def clinician(email, name):
    return UserFactory(email=email, display_name=name, role=Role.CLINICIAN)


def teen_shares_with(patient, member, clinic_id, sees=("core",)):
    """The teen's code, accepted for the clinic by one of its members (the services the pages call)."""
    _, code = sharing.create_invitation(own_access(patient.account), patient.account, role="clinician", sees=list(sees))
    return sharing.accept_invitation(member, code, clinic_id=clinic_id)


def test_a_clinic_is_made_a_colleague_joins_and_once_removed_loses_the_patient_at_once(
    page, second_page, live_server, screenshot
):
    lee, sam = clinician("lee@example.com", "Dr Lee"), clinician("sam@example.com", "Sam")
    maya = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=1), function=6, pain=4)
    errors, sam_errors = js_errors(page), js_errors(second_page)
    page.add_init_script(RECORD_SHIFTS)

    sign_in(page, live_server, lee.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clinics").click()
    expect(page.get_by_text("You're not on a clinic's team yet.")).to_be_visible()
    page.get_by_role("button", name="Create the clinic").click()
    expect(page.locator("#clinic-name-error")).not_to_be_empty()  # a clinic needs a name
    page.get_by_label("Name of the clinic").fill("Pain Team")
    page.get_by_role("button", name="Create the clinic").click()
    expect(page.get_by_role("heading", name="Pain Team", exact=True)).to_be_visible()
    team = page.locator("#member-list > li")
    expect(team).to_have_count(1)
    expect(team.first).to_contain_text("Dr Lee (you)")
    expect(team.first).to_contain_text("Admin · since")

    # A code for a colleague, with how long it works and a message to send.
    page.get_by_role("button", name="Make a code").click()
    expect(page.locator("#code-text")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$"))
    expect(page.locator("#code-for")).to_contain_text("A code to join as a clinician. It works once, until")
    code = page.locator("#code-text").inner_text()
    expect(page.locator("#code-message")).to_contain_text(code)
    page.get_by_role("button", name="Share the message").click()
    expect(page.locator("#share-status")).not_to_be_empty()
    both_widths(page, screenshot, "clinic-team-code")

    sign_in(second_page, live_server, sam.email)
    second_page.goto(f"{live_server.url}/clinics/")
    second_page.get_by_label("Code from an admin of the clinic").fill("WRONG-CODE-00")
    second_page.get_by_role("button", name="Join the clinic").click()
    expect(second_page.locator("#join-code-error")).to_contain_text(
        "This code doesn't work. It may have a typo, be used already, or be more than 7 days old."
    )
    expect(second_page.get_by_label("Code from an admin of the clinic")).to_be_focused()
    second_page.get_by_label("Code from an admin of the clinic").fill(code.lower())
    second_page.get_by_role("button", name="Join the clinic").click()
    expect(second_page.locator("#joined-notice")).to_contain_text("You've joined Pain Team.")
    expect(second_page.locator("#member-list > li")).to_have_count(2)
    expect(second_page.locator("#invite-form")).to_have_count(0)  # a clinician makes no codes

    # The same code again: used.
    other = clinician("kim@example.com", "Kim")
    second_page.context.clear_cookies()
    sign_in(second_page, live_server, other.email)
    second_page.goto(f"{live_server.url}/clinics/")
    second_page.get_by_label("Code from an admin of the clinic").fill(code)
    second_page.get_by_role("button", name="Join the clinic").click()
    expect(second_page.locator("#join-code-error")).to_contain_text("be used already")
    second_page.context.clear_cookies()
    sign_in(second_page, live_server, sam.email)

    # Maya shares with the clinic; Sam reads her diary through it, and so does Dr Lee.
    clinic_id = lee.clinic_memberships.get().clinic_id
    teen_shares_with(maya, sam, clinic_id)
    second_page.goto(f"{live_server.url}/patients/")
    expect(second_page.locator("#patient-list")).to_contain_text("Through Pain Team.")
    second_page.get_by_role("link", name="Maya", exact=True).click()
    expect(second_page.get_by_role("heading", name="Maya's diary")).to_be_visible()
    expect(second_page.locator("#entry-list li")).to_have_count(1)

    page.reload()
    sam_card = page.locator("#member-list > li", has_text="Sam")
    expect(sam_card).to_contain_text("Clinician · since")
    shift = page.evaluate(TOTAL_SHIFT)
    assert shift < 0.01, f"the team moved the page: layout shift {shift:.4f}"
    sam_card.get_by_role("button", name="Make Sam an admin").click()
    expect(page.locator("#member-status")).to_have_text("Sam is now an admin.")
    sam_card = page.locator("#member-list > li", has_text="Sam")
    sam_card.get_by_role("button", name="Make Sam a clinician").click()
    expect(page.locator("#member-status")).to_have_text("Sam is now a clinician.")
    sam_card = page.locator("#member-list > li", has_text="Sam")
    sam_card.get_by_role("button", name="Remove Sam").click()
    expect(sam_card).to_contain_text("Sam will lose every patient of Pain Team at once")
    both_widths(page, screenshot, "clinic-team-remove")
    sam_card.get_by_role("button", name="Yes, remove").click()
    expect(page.locator("#member-status")).to_have_text("Sam was removed and no longer sees any patient of Pain Team.")
    expect(page.locator("#member-list > li")).to_have_count(1)

    # At once: Sam's next look at Maya's diary finds nothing, and his Patients page is empty.
    second_page.reload()
    expect(second_page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    second_page.goto(f"{live_server.url}/patients/")
    expect(second_page.get_by_text("No one has shared a diary with you yet.")).to_be_visible()

    # The last admin cannot leave, and is told why.
    me = page.locator("#member-list > li", has_text="Dr Lee (you)")
    me.get_by_role("button", name="Leave Pain Team").click()
    expect(me).to_contain_text("You'll lose every patient of Pain Team at once.")
    me.get_by_role("button", name="Yes, leave").click()
    expect(page.locator("#member-error")).to_have_text("A clinic needs an admin. Make someone else an admin first.")

    # Two-step sign-in: on, said plainly; off only after a warning; on again in one tap.
    expect(page.locator("#mfa-on")).to_be_visible()
    page.get_by_role("button", name="Turn it off…").click()
    expect(page.locator("#mfa-warning")).to_contain_text("sees every patient of the clinic")
    both_widths(page, screenshot, "clinic-team-mfa-warning")
    page.get_by_role("button", name="Turn it off anyway").click()
    expect(page.locator("#mfa-off")).to_be_visible()
    expect(page.locator("#mfa-status")).to_have_text("Two-step sign-in is off for the clinic.")
    page.get_by_role("button", name="Turn it on").click()
    expect(page.locator("#mfa-on")).to_be_visible()

    page.get_by_label("Name of the clinic").fill("Pain and Rehab")
    page.get_by_role("button", name="Save the name").click()
    expect(page.locator("#name-status")).to_have_text("Saved.")
    expect(page.get_by_role("heading", name="Pain and Rehab", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/clinics/")
    expect(page.locator(".clinic-list")).to_contain_text("Pain and Rehab")
    expect(page.locator(".clinic-list")).to_contain_text("You're an admin")
    both_widths(page, screenshot, "clinic-list")
    assert not errors and not sam_errors


def test_a_teen_shares_with_a_clinic_sees_its_team_and_removes_it(page, second_page, live_server, screenshot):
    lee, sam = clinician("lee@example.com", "Dr Lee"), clinician("sam@example.com", "Sam")
    clinic = pain_team(lee, sam)
    maya = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    EntryFactory(patient=maya, date=maya.today() - datetime.timedelta(days=1), function=6, pain=4, mood=4)
    errors, lee_errors = js_errors(page), js_errors(second_page)

    # Maya makes a code for a clinician; Dr Lee takes it for the whole clinic.
    sign_in(page, live_server, maya.account.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    page.get_by_label("A clinician").check()
    page.get_by_role("button", name="Create an invitation code").click()
    made = page.locator("#invitation-list li.just-made .code")
    expect(made).not_to_be_empty()
    code = made.inner_text()
    sign_in(second_page, live_server, lee.email)
    second_page.goto(f"{live_server.url}/join/")
    second_page.get_by_label("Invitation code").fill(code)
    second_page.get_by_label("For Pain Team").check()
    both_widths(second_page, screenshot, "clinic-join-for-clinic")
    second_page.get_by_role("button", name="Join", exact=True).click()
    expect(second_page.get_by_role("heading", name="Maya's diary")).to_be_visible()
    assert CareTeamMember.objects.get(patient=maya, ended_at=None).clinic == clinic

    # Her Sharing page: the clinic, everyone on its team by name, and what it sees, changeable like a person's.
    page.reload()
    card = page.locator(".member-card", has_text="Pain Team")
    expect(card.locator("h3")).to_have_text("Pain Team")
    expect(card).to_contain_text("Clinic · since")
    expect(card).to_contain_text("On its team: Dr Lee and Sam. Each of them reads what the clinic sees.")
    card.get_by_label("Mood").check()
    expect(card.get_by_role("status")).to_have_text(  # said beside the boxes, in Share's own words
        "Saved: Pain Team now sees function, pain, sleep, activity, school, symptoms and check-ins, mood."
    )
    assert CareTeamMember.objects.get(patient=maya, clinic=clinic).sees == ["core", "mood"]
    both_widths(page, screenshot, "clinic-sharing")

    # Her access log names who read, and through which clinic.
    page.get_by_role("link", name="See who has looked at the diary").click()
    expect(page.locator("#log-list")).to_contain_text("Dr Lee (Pain Team) looked at")
    both_widths(page, screenshot, "clinic-access-log")

    page.go_back()
    card = page.locator(".member-card", has_text="Pain Team")
    card.get_by_role("button", name="Remove Pain Team").click()
    expect(card).to_contain_text(
        "Everyone on the team of Pain Team will stop seeing the diary at once: Dr Lee and Sam."
    )
    card.get_by_role("button", name="Yes, remove").click()
    expect(page.locator("#member-status")).to_have_text("Pain Team was removed: no one on its team sees the diary now.")
    expect(page.get_by_text("No one yet.")).to_be_visible()

    second_page.reload()
    expect(second_page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    assert not errors and not lee_errors


def a_clinic_of_55(lee):
    """Quinn and Riley (function down, low mood, both shared), Skye (function down; mood not shared), Noor (no entry
    yet), Jordan (quiet for 9 days), and 50 more doing well: 55 patients, two pages."""
    clinic = pain_team(lee)
    falling = {"days": range(21), "function": lambda ago: 3 if ago < 7 else 8, "mood": lambda ago: 1}
    people = {
        "Quinn": diary("Quinn", clinic, lee, sees=("core", "mood"), **falling),
        "Riley": diary("Riley", clinic, lee, sees=("core", "mood"), **falling),
        "Skye": diary("Skye", clinic, lee, **falling),
        "Noor": diary("Noor", clinic, lee),
        "Jordan": diary("Jordan", clinic, lee, days=[9]),
    }
    for number in range(1, 51):
        diary(f"Teen {number:02d}", clinic, lee, days=[1])
    return clinic, people


def test_the_clinics_list_pages_searches_filters_and_takes_record_numbers(page, live_server, screenshot):
    lee = clinician("lee@example.com", "Dr Lee")
    clinic, people = a_clinic_of_55(lee)
    errors = js_errors(page)
    page.add_init_script(RECORD_SHIFTS)
    sign_in(page, live_server, lee.email)
    page.goto(f"{live_server.url}/clinics/{clinic.pk}/patients/")
    rows = page.locator("#patient-rows > li:not(.skeleton)")
    status = page.locator("#list-status")
    expect(status).to_have_text("55 patients share with the clinic. Showing 1 to 50.")
    expect(rows).to_have_count(50)
    # Whoever needs attention first, their flags in words; mood's flag only where mood is shared.
    expect(rows.locator(".patient-name").nth(0)).to_have_text("Quinn")
    expect(rows.locator(".patient-name").nth(1)).to_have_text("Riley")
    expect(rows.nth(0)).to_contain_text("Low mood on 14 of the last 14 days")
    expect(rows.nth(0)).to_contain_text(  # in the words of Share, as on the Sharing page
        "The clinic sees function, pain, sleep, activity, school, symptoms and check-ins, mood."
    )
    expect(rows.locator(".patient-name").nth(2)).to_have_text("Noor")
    expect(rows.nth(2)).to_contain_text("No entries yet")
    expect(rows.locator(".patient-name").nth(3)).to_have_text("Jordan")
    expect(rows.nth(3)).to_contain_text("No entry for 9 days")
    expect(rows.locator(".patient-name").nth(4)).to_have_text("Skye")
    expect(rows.nth(4)).not_to_contain_text("Low mood")
    expect(rows.nth(4)).to_contain_text("Function down")
    expect(rows.nth(5)).to_contain_text("Last entry")
    expect(rows.nth(0).get_by_role("link", name="Quinn")).to_have_attribute("href", f"/patients/{people['Quinn'].pk}/")
    shift = page.evaluate(TOTAL_SHIFT)
    assert shift < 0.01, f"the list moved the page: layout shift {shift:.4f}"
    no_sideways_scroll(page)
    screenshot(page, "clinic-patients-360")
    first_screen(page, "clinic-patients-360-first-screen")

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#page-number")).to_have_text("Page 2 of 2")
    expect(rows).to_have_count(5)
    expect(status).to_have_text("55 patients share with the clinic. Showing 51 to 55.")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    assert "page=2" in page.url
    page.get_by_role("button", name="Previous").click()
    expect(page.locator("#page-number")).to_have_text("Page 1 of 2")

    # A record number, set in the row: saved, said, and then found by the search.
    quinn = rows.filter(has=page.get_by_role("link", name="Quinn", exact=True))
    quinn.get_by_text("Add a record number").click()
    quinn.get_by_label("Record number for Quinn").fill("MRN-0042")
    quinn.get_by_role("button", name="Save").click()
    expect(quinn.locator(".row-status")).to_have_text("Saved: Quinn's record number is MRN-0042.")
    expect(quinn.locator("summary")).to_have_text("Record number MRN-0042")
    search = page.get_by_label("Name or record number")
    search.fill("0042")
    expect(status).to_have_text("1 patient found.")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Quinn")
    search.fill("riley")
    expect(rows.locator(".patient-name")).to_have_text(["Riley"])
    search.fill("nobody at all")
    expect(page.locator("#no-match")).to_be_visible()
    expect(rows).to_have_count(0)
    page.get_by_role("button", name="Show everyone").click()
    expect(rows).to_have_count(50)

    # Filters by flag.
    page.get_by_label("Show").select_option("low_mood")
    expect(rows.locator(".patient-name")).to_have_text(["Quinn", "Riley"])
    expect(status).to_have_text("2 patients found.")
    assert "flag=low_mood" in page.url
    page.get_by_label("Show").select_option("function_fell")
    expect(rows.locator(".patient-name")).to_have_text(["Quinn", "Riley", "Skye"])
    page.get_by_label("Show").select_option("no_recent_entry")
    expect(rows.locator(".patient-name")).to_have_text(["Noor", "Jordan"])
    no_sideways_scroll(page)
    screenshot(page, "clinic-patients-filtered-360")

    # A teen who stops sharing while the list is open: the record number is not saved, and the row says why.
    CareTeamMember.objects.filter(patient=people["Noor"]).update(ended_at=datetime.datetime.now(datetime.UTC))
    noor = rows.filter(has=page.get_by_role("link", name="Noor", exact=True))
    noor.get_by_text("Add a record number").click()
    noor.get_by_label("Record number for Noor").fill("MRN-7")
    noor.get_by_role("button", name="Save").click()
    expect(noor.locator(".form-error")).to_have_text(
        "Noor no longer shares their diary with the clinic, so nothing was saved."
    )
    screenshot(page, "clinic-patients-record-error-360")

    # On a desktop: each row reads across, and the list arrives without moving anything there either.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/clinics/{clinic.pk}/patients/")
    expect(rows).to_have_count(50)
    shift = page.evaluate(TOTAL_SHIFT)
    assert shift < 0.01, f"the list moved the page on a desktop: layout shift {shift:.4f}"
    no_sideways_scroll(page)
    screenshot(page, "clinic-patients-1280")
    first_screen(page, "clinic-patients-1280-first-screen")
    page.emulate_media(color_scheme="dark")
    first_screen(page, "clinic-patients-1280-dark")
    page.set_viewport_size(PHONE)
    first_screen(page, "clinic-patients-360-dark")
    assert not errors


def test_the_clinic_pages_in_spanish(page, live_server, screenshot):
    """Every clinic page and every page clinics changed, in Spanish: axe-clean, no English left, no wider than
    360 px; and a screenshot of each at 360 and 1280 px."""
    lee = UserFactory(email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN, language="es")
    sam = UserFactory(email="sam@example.com", display_name="Sam", role=Role.CLINICIAN, language="es")
    clinic = pain_team(lee, sam, name="Equipo del Dolor")
    falling = {"days": range(21), "function": lambda ago: 3 if ago < 7 else 8, "mood": lambda ago: 1}
    maya = diary("Maya", clinic, lee, sees=("core", "mood"), **falling)
    diary("Jordan", clinic, lee, days=[9])
    maya.account.email, maya.account.language = "maya@example.com", "es"
    maya.account.save()
    errors = js_errors(page)
    problems = []

    def look(name, typed=frozenset()):
        problems.extend(spanish_and_clean(page, live_server, f"clinic-es-{name}-360", typed))
        page.set_viewport_size(DESKTOP)
        no_sideways_scroll(page)
        screenshot(page, f"clinic-es-{name}-1280")
        page.set_viewport_size(PHONE)

    sign_in(page, live_server, lee.email)
    page.goto(f"{live_server.url}/clinics/")
    look("list")
    page.goto(f"{live_server.url}/clinics/{clinic.pk}/")
    expect(page.locator("#member-list > li h3")).to_have_count(2)
    page.locator("#invite-form button[type=submit]").click()
    expect(page.locator("#code-text")).not_to_be_empty()
    page.locator("#member-list > li", has_text="Sam").locator(".card-actions .button").last.click()
    page.locator("#mfa-ask-off").click()
    look("team")
    page.goto(f"{live_server.url}/clinics/{clinic.pk}/patients/")
    rows = page.locator("#patient-rows > li:not(.skeleton)")
    expect(rows).to_have_count(2)
    rows.first.locator("summary").click()
    look("patients")
    page.goto(f"{live_server.url}/join/")
    look("join")
    page.goto(f"{live_server.url}/patients/")
    expect(page.locator("#patient-list > li")).to_have_count(2)
    look("dashboard")
    page.goto(f"{live_server.url}/outcomes/?clinic={clinic.pk}")
    expect(page.locator("#outcomes-status")).not_to_be_empty()
    look("outcomes", typed=CITED)

    page.context.clear_cookies()
    sign_in(page, live_server, maya.account.email)
    page.goto(f"{live_server.url}/care-team/")
    expect(page.locator(".member-card", has_text="Equipo del Dolor")).to_be_visible()
    look("sharing")
    page.goto(f"{live_server.url}/access-log/")
    expect(page.locator("#log-list li").first).to_be_visible()
    look("access-log")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert not errors
