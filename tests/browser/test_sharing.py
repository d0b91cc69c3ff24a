"""Sharing at 360 px: a pending code is shown again until it is used, with its message, a share button (the Web
Share API where the browser has it, else the clipboard) and a link that fills the code in on the join page, through
sign-up for someone new; changing what someone sees says it was saved, beside the boxes; and the invitation says
what each choice shows in the care team's words (accounts.models.Share)."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from accounts.models import Invitation, Role
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check_as_it_is
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORE = "function, pain, sleep, activity, school, symptoms and check-ins"
# The browser's share sheet, as a page sees it: navigator.share, recording what it was given. Headless Chromium on
# Linux has no Web Share API, so without this the page offers the clipboard instead (the second test).
SHARE_SHEET = "navigator.share = async (data) => { window.sharedWithSheet = data; };"


@pytest.fixture
def second_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def invite(page, live_server, role_label="A parent or guardian", mood=True):
    page.goto(f"{live_server.url}/care-team/")
    page.get_by_label(role_label).check()
    if mood:
        page.get_by_label("Mood", exact=True).check()
    page.get_by_role("button", name="Create an invitation code").click()
    card = page.locator("#invitation-list li.just-made")
    expect(card).to_be_focused()
    return card


def test_a_pending_code_is_shown_again_and_shared_through_the_share_sheet(page, live_server):
    PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    errors = js_errors(page)
    page.add_init_script(SHARE_SHEET)
    sign_in(page, live_server, "maya@example.com")
    code = invite(page, live_server).locator(".code").inner_text()

    page.reload()  # shown again: not only right after it was made
    card = page.locator("#invitation-list li", has_text="code waiting to be used")
    expect(card.locator(".code")).to_have_text(code)
    expect(card).to_contain_text(f"Will see {CORE}, mood.")
    message = card.locator(".message-to-send").inner_text()
    link = card.get_by_role("link", name="The link that fills the code in").get_attribute("href")
    assert link in message and code in message and "sign up as a parent" in message
    assert parse_qs(urlparse(link).query) == {"code": [code.replace("-", "")], "role": ["parent"]}
    card.get_by_role("button", name="Share the code").click()
    expect(card.locator(".status")).to_have_text("")
    assert page.evaluate("window.sharedWithSheet") == {"text": message}
    check_as_it_is(page, live_server, "sharing: a pending code")
    page.emulate_media(color_scheme="light")
    card.scroll_into_view_if_needed()
    shot(page, "sharing-pending-code-en-360")
    assert not errors


def test_without_a_share_sheet_the_message_is_copied(page, live_server):
    PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server, "maya@example.com")
    card = invite(page, live_server, mood=False)
    card.get_by_role("button", name="Copy the message").click()
    expect(card.locator(".status")).to_have_text("Copied. Paste it into a message.")
    assert page.evaluate("navigator.clipboard.readText()") == card.locator(".message-to-send").inner_text()


def test_the_link_fills_the_code_in_through_sign_up_for_someone_new(page, second_page, live_server):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    errors = js_errors(second_page)
    sign_in(page, live_server, "maya@example.com")
    link = invite(page, live_server, role_label="A clinician").get_by_role("link").get_attribute("href")

    newcomer = second_page
    newcomer.goto(link)
    expect(newcomer.locator("main")).to_contain_text("To use the code, sign in first")
    newcomer.locator("main").get_by_role("link", name="Create an account").click()
    expect(newcomer.get_by_label("Clinician", exact=True)).to_be_checked()  # the link said who the code is for
    newcomer.get_by_label("What should we call you?").fill("Dr Lee")
    newcomer.get_by_label("Email").fill("lee@example.com")
    newcomer.get_by_label("Password").fill(PASSWORD)
    newcomer.get_by_role("button", name="Create account").click()
    code_box = newcomer.get_by_label("Invitation code")
    expect(code_box).to_have_value(parse_qs(urlparse(link).query)["code"][0])
    expect(newcomer.get_by_role("button", name="Join")).to_be_focused()
    shot(newcomer, "join-filled-in-360")
    newcomer.get_by_role("button", name="Join").click()
    # Joined; a new clinician then sets up two-step sign-in before reading any diary (accounts.mfa).
    newcomer.wait_for_url(re.compile(r"/settings/two-step/$"))
    invitation = Invitation.objects.get(patient=patient)
    assert invitation.used_by.email == "lee@example.com" and invitation.code_sealed == ""
    assert not errors


def test_signing_in_from_the_link_comes_back_to_the_code(page, live_server):
    patient = PatientFactory(account__email="maya@example.com")
    dana = UserFactory(email="dana@example.com", role=Role.PARENT)
    sign_in(page, live_server, "maya@example.com")
    link = invite(page, live_server).get_by_role("link").get_attribute("href")
    page.context.clear_cookies()
    page.goto(link)
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(dana.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Invitation code")).not_to_have_value("")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name=re.compile("diary$"))).to_be_visible()
    assert patient.care_team.get(member=dana).sees == ["core", "mood"]


def test_changing_what_someone_sees_says_it_was_saved_beside_the_boxes(page, live_server):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    dana = UserFactory(display_name="Dana", role=Role.PARENT)
    patient.care_team.create(member=dana, relation="parent", sees=["core"])
    sign_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server.url}/care-team/")
    invite_hint = page.get_by_role("group", name="What can they see?").locator(".hint").inner_text()
    card = page.locator(".member-card", has_text="Dana")
    assert card.locator(".hint").inner_text() == invite_hint == f"Always: {CORE}."  # one list, the same words
    card.get_by_label("Mood").check()
    expect(card.get_by_role("status")).to_have_text(f"Saved: Dana now sees {CORE}, mood.")
    patient.care_team.get(member=dana).refresh_from_db()
    assert patient.care_team.get(member=dana).sees == ["core", "mood"]
    card.get_by_label("Notes that are not private").check()
    expect(card.get_by_role("status")).to_have_text(f"Saved: Dana now sees {CORE}, mood, notes that are not private.")


def test_the_sharing_page_in_spanish(page, live_server):
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya", account__language="es")
    dana = UserFactory(display_name="Dana", role=Role.PARENT)
    patient.care_team.create(member=dana, relation="parent", sees=["core"])
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server.url}/care-team/")
    page.get_by_role("button", name="Crear un código de invitación").click()
    card = page.locator("#invitation-list li.just-made")
    expect(card.locator(".code")).to_be_visible()
    expect(card).to_contain_text("función, dolor, sueño")
    check_as_it_is(page, live_server, "sharing in Spanish")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        shot(page, f"sharing-pending-code-es-{scheme}-360")
    assert not errors
