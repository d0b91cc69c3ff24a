"""Keeping an account in a real browser at 360 px: a forgotten password by email, account care in Settings, and
two-step sign-in set up and used with real TOTP codes. Emails go through a real SMTP server on loopback.
"""

import re
import shutil
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from accounts.models import ApiToken, CareTeamMember, Role, User
from diary.models import DailyEntry
from tests.browser.helpers import js_errors, sign_in
from tests.conftest import client_for
from tests.factories import PASSWORD, PatientFactory, UserFactory
from tests.mailbox import html_of, link_in
from tests.otp import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "purple kites fly high"
SHOTS = Path("/tmp/shots")  # noqa: S108 (where the reviewer looks for the screenshots)


@pytest.fixture(autouse=True)
def links_to_the_live_server(settings, live_server):
    settings.STRIDE_SITE_URL = live_server.url
    settings.DEFAULT_FROM_EMAIL = "Stride <no-reply@stride.example.org>"


@pytest.fixture
def shot(screenshot):
    """A screenshot in test-artifacts/, copied to /tmp/shots/ for review."""

    def take(page, name):
        path = screenshot(page, name)
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)
        return path

    return take


def local(link, live_server):
    assert link.startswith(live_server.url), link
    return link


def test_a_forgotten_password_is_reset_by_email(page, live_server, mailbox, shot):
    errors = js_errors(page)
    PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url(re.compile("/forgot-password/$"))  # loaded: its script handles the form
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email").fill("maya@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.locator("#sent-to")).to_have_text("maya@example.com")
    shot(page, "forgot-password-360")

    (message,) = mailbox.wait_for("maya@example.com")
    link = local(link_in(message, "/reset/"), live_server)
    # The email as received, its HTML part drawn by Chromium at 360 px.
    email_page = page.context.new_page()
    email_page.set_content(html_of(message))
    expect(email_page.get_by_role("link", name="Choose a new password")).to_have_attribute("href", link)
    shot(email_page, "reset-email-360")
    email_page.close()

    page.goto(link)
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.locator('[data-error-for="password"]')).to_contain_text("too short")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Sign in").click()
    page.wait_for_url(re.compile("/login/$"))

    # The old password doesn't work any more; the new one does.
    page.get_by_label("Email").fill("maya@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#form-error")).to_contain_text("don't match")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()

    # The link worked once: opened again, it says so calmly and offers a new one.
    response = page.goto(link)
    assert response.status == 400
    expect(page.get_by_role("heading", name="This link doesn't work any more")).to_be_visible()
    expect(page.get_by_role("link", name="Send me a new link")).to_have_attribute("href", "/forgot-password/")
    shot(page, "reset-link-used-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not errors


def test_a_link_that_expired_while_the_page_was_open_offers_a_new_one(page, live_server, mailbox):
    maya = UserFactory(email="maya@example.com")
    page.goto(f"{live_server.url}/forgot-password/")
    page.get_by_label("Email").fill(maya.email)
    page.get_by_role("button", name="Send me a link").click()
    page.goto(local(link_in(mailbox.wait_for(maya.email)[0], "/reset/"), live_server))
    maya.set_password("changed elsewhere meanwhile")
    maya.save()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="This link doesn't work any more")).to_be_visible()
    expect(page.locator("#link-expired")).to_be_focused()
    expect(page.get_by_role("link", name="Send me a new link")).to_be_visible()


def test_a_new_teen_confirms_her_email_and_cares_for_her_account_in_settings(page, live_server, mailbox, shot):
    errors = js_errors(page)
    page.goto(f"{live_server.url}/signup/")
    page.get_by_label("What should we call you?").fill("Ella")
    page.get_by_label("Birth date").fill("2011-04-02")
    page.get_by_label("Email").fill("ella@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # She can log her day before confirming; a calm banner asks her to.
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    expect(page.locator("#email-banner")).to_contain_text("Please confirm your email")
    page.locator("#function-field").get_by_label("7", exact=True).click()
    page.locator("#pain-field").get_by_label("5", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert DailyEntry.objects.count() == 1
    shot(page, "today-email-banner-360")

    page.get_by_role("navigation").get_by_role("link", name="Settings").click()
    page.wait_for_url(re.compile("/settings/$"))
    expect(page.get_by_role("heading", name="Sign out everywhere")).to_be_visible()
    shot(page, "settings-account-care-360")

    # About you: name, time zone, language.
    page.get_by_label("What should we call you?").fill("Ella B")
    page.get_by_label("Time zone").select_option("Europe/Madrid")
    page.get_by_label("Language").select_option("es")
    page.locator("#profile-form").get_by_role("button", name="Save").click()
    # A new language: the page comes again, in Spanish.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Idioma")).to_have_value("es")
    ella = User.objects.get(email="ella@example.com")
    assert (ella.display_name, ella.timezone, ella.language) == ("Ella B", "Europe/Madrid", "es")
    assert ella.own_patient.timezone == "Europe/Madrid"
    # And back to English; the name and time zone stay, and the same language again saves in place.
    page.get_by_label("Idioma").select_option("en")
    page.locator("#profile-form").get_by_role("button", name="Guardar").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#profile-form").get_by_role("button", name="Save").click()
    expect(page.locator("#profile-status")).to_have_text("Saved.")
    ella.refresh_from_db()
    assert (ella.display_name, ella.timezone, ella.language) == ("Ella B", "Europe/Madrid", "en")

    # A new confirmation link, opened from the email.
    page.get_by_role("button", name="Send me a new link").click()
    expect(page.locator("#resend-status")).to_contain_text("We sent a new link")
    message = mailbox.wait_for("ella@example.com", count=2)[-1]
    page.goto(local(link_in(message, "/confirm-email/"), live_server))
    page.get_by_role("button", name="Yes, confirm my email").click()
    expect(page.get_by_role("heading", name="Your email is confirmed")).to_be_visible()
    expect(page.locator("#email-banner")).to_have_count(0)
    ella.refresh_from_db()
    assert ella.email_verified

    # A new password: this browser stays signed in, the phone's token ends.
    phone = client_for(ella)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_text("Change your password").click()
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator('[data-error-for="current_password"]')).to_contain_text("isn't your current password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator("#password-status")).to_contain_text("Your password is changed")
    assert phone.get("/api/v1/me/").status_code == 401
    page.reload()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()

    # A new email, confirmed from the new address.
    page.get_by_text("Change your email").click()
    page.get_by_label("New email").fill("ella.b@example.com")
    page.get_by_label("Your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#email-status")).to_contain_text("We sent a link to ella.b@example.com")
    page.goto(local(link_in(mailbox.wait_for("ella.b@example.com")[0], "/confirm-email/"), live_server))
    page.get_by_role("button", name="Yes, confirm my email").click()
    expect(page.get_by_role("heading", name="Your email is confirmed")).to_be_visible()
    assert User.objects.filter(email="ella.b@example.com").exists()

    # Signing out everywhere ends this browser's session and every token.
    tablet = client_for(User.objects.get(email="ella.b@example.com"))
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    assert tablet.get("/api/v1/me/").status_code == 401 and not ApiToken.objects.exists()
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    assert not errors


def test_a_clinician_sets_up_two_step_sign_in_and_signs_in_with_a_code(page, live_server, mailbox, shot):
    errors = js_errors(page)
    maya = PatientFactory(account__display_name="Maya")
    lee = UserFactory(
        email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN, mfa=False, email_verified=False
    )
    CareTeamMember.objects.create(patient=maya, member=lee, relation="clinician", sees=["core"])

    # Until it is set up, the Patients page walks the clinician through it instead.
    sign_in(page, live_server, "lee@example.com")
    expect(page).to_have_url(re.compile("/settings/two-step/$"))
    expect(page.get_by_role("heading", name="Step 1: Confirm your email")).to_be_visible()
    page.get_by_role("button", name="Send me a new link").click()
    expect(page.locator("#resend-status")).to_contain_text("We sent a new link")
    page.goto(local(link_in(mailbox.wait_for("lee@example.com")[0], "/confirm-email/"), live_server))
    page.get_by_role("button", name="Yes, confirm my email").click()
    expect(page.get_by_role("heading", name="Your email is confirmed")).to_be_visible()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(re.compile("/settings/two-step/$"))
    expect(page.locator("#step-app")).to_be_visible()
    expect(page.get_by_text("is confirmed.")).to_be_visible()

    page.get_by_role("button", name="Start").click()
    qr = page.get_by_role("img", name="QR code that adds Stride to your authenticator app")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 0  # drawn, under the strict CSP
    page.get_by_label("The 6-digit code the app shows now").scroll_into_view_if_needed()
    shot(page, "mfa-setup-360")
    app = pyotp.TOTP(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("The 6-digit code the app shows now").fill("000000" if app.now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator('[data-error-for="code"]')).to_contain_text("That code didn't work")
    page.get_by_label("The 6-digit code the app shows now").fill(app.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    shot(page, "mfa-recovery-codes-360")
    page.get_by_role("link", name="I've saved them").click()
    expect(page.get_by_role("link", name="Maya").first).to_be_visible()

    # Signing in again asks for the code.
    page.get_by_role("navigation").get_by_role("link", name="Settings").click()
    page.wait_for_url(re.compile("/settings/$"))
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.get_by_label("Email").fill("lee@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    code_field = page.get_by_label("Code from your authenticator app")
    expect(code_field).to_be_focused()
    expect(page.locator('[data-error-for="otp"]')).to_be_empty()
    shot(page, "clinician-sign-in-code-360")
    code_field.fill("12345678")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('[data-error-for="otp"]')).to_contain_text("That code didn't work")
    code_field.fill(code_for(User.objects.get(email="lee@example.com")))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Maya").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not errors


def test_the_old_address_cancels_a_change_of_email_signed_out(page, live_server, mailbox, shot):
    """The notice to the old address has a link that cancels the change; its page, and the new address's link,
    then say plainly what happened."""
    errors = js_errors(page)
    maya = PatientFactory(account__email="maya@example.com", account__display_name="Maya").account
    body = {"password": PASSWORD, "email": "someone.else@example.net"}
    assert client_for(maya).post("/api/v1/auth/email/", body, format="json").status_code == 202
    (notice,) = mailbox.wait_for("maya@example.com")
    (confirmation,) = mailbox.wait_for("someone.else@example.net")
    cancel_link = local(link_in(notice, "/cancel-email-change/"), live_server)
    email_page = page.context.new_page()
    email_page.set_content(html_of(notice))
    expect(email_page.get_by_role("link", name="Cancel this change")).to_have_attribute("href", cancel_link)
    shot(email_page, "email-change-notice-360")
    email_page.close()

    page.goto(cancel_link)
    expect(page.get_by_role("heading", name="Cancel this change of email?")).to_be_visible()
    expect(page.locator("#cancel-panel")).to_contain_text("someone.else@example.net")
    shot(page, "cancel-email-change-360")
    page.get_by_role("button", name="Cancel this change").click()
    expect(page.get_by_role("heading", name="The change is cancelled")).to_be_visible()
    expect(page.locator("#cancel-done")).to_be_focused()
    shot(page, "cancel-email-change-done-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    assert page.goto(cancel_link).status == 400
    expect(page.get_by_role("heading", name="This change was already cancelled")).to_be_visible()
    assert page.goto(local(link_in(confirmation, "/confirm-email/"), live_server)).status == 400
    expect(page.get_by_role("heading", name="This change of email was stopped")).to_be_visible()
    expect(page.locator("#change-stopped")).to_contain_text("It was cancelled")
    shot(page, "confirm-email-change-stopped-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    maya.refresh_from_db()
    assert maya.email == "maya@example.com"
    assert not errors


def test_a_change_of_email_cancelled_in_spanish(browser, live_server, mailbox, shot):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-ES")
    page = context.new_page()
    errors = js_errors(page)
    ana = UserFactory(email="ana@example.com", display_name="Ana", language="es")
    body = {"password": PASSWORD, "email": "ana.nueva@example.net"}
    assert client_for(ana).post("/api/v1/auth/email/", body, format="json").status_code == 202
    (notice,) = mailbox.wait_for("ana@example.com")
    assert notice["Content-Language"] == "es"
    page.goto(local(link_in(notice, "/cancel-email-change/"), live_server))
    expect(page.get_by_role("heading", name="¿Cancelar este cambio de correo electrónico?")).to_be_visible()
    shot(page, "cancel-email-change-es-360")
    page.get_by_role("button", name="Cancelar este cambio").click()
    expect(page.get_by_role("heading", name="El cambio está cancelado")).to_be_visible()
    shot(page, "cancel-email-change-done-es-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A second change, then a new password: the confirmation link of the second says why it stopped.
    assert client_for(ana).post("/api/v1/auth/email/", body, format="json").status_code == 202
    confirmation = mailbox.wait_for("ana.nueva@example.net", count=2)[1]
    password = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client_for(ana).post("/api/v1/auth/password/", password, format="json").status_code == 204
    assert page.goto(local(link_in(confirmation, "/confirm-email/"), live_server)).status == 400
    expect(page.get_by_role("heading", name="Este cambio de correo electrónico se detuvo")).to_be_visible()
    expect(page.locator("#change-stopped")).to_contain_text("se cambió la contraseña")
    shot(page, "confirm-email-change-stopped-es-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not errors
    context.close()
