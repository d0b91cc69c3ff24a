"""Every page, checked by axe-core in a real browser, in the light and in the dark palette: no violations.

Each page is loaded once and checked twice, switching `prefers-color-scheme` in between (the palettes are CSS
custom properties, so the page changes at once; the Trends charts take their colours when drawn, and the
teen's Trends page is loaded in the dark palette for its screenshot).

axe-core is vendored in frontend/static/vendor/axe-core/ and served by the app's own static files, so it is
added to each page as `<script src="/static/...">`, which the page's strict Content-Security-Policy
(`script-src 'self'`) allows. Playwright's `add_script_tag(path=...)` or `(content=...)` would add an
*inline* script, which that same policy blocks; bypassing the CSP (`bypass_csp=True`) would work too, but then
the pages would be checked under other rules than the ones they really run with. `axe.run()` is then called
through `page.evaluate`, which the CSP does not govern. The rules are axe's defaults (WCAG 2 A and AA and
axe's best practices), none switched off.
"""

import datetime
import hashlib
import io
from pathlib import Path

import pyotp
import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from accounts.links import confirm_email_path, password_reset_path
from accounts.models import Role, User
from tests.browser.helpers import js_errors, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "static" / "vendor" / "axe-core"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


def test_axe_is_the_pinned_release_and_no_page_loads_it():
    assert hashlib.sha256((AXE / "axe.min.js").read_bytes()).hexdigest() == AXE_SHA256
    assert "Mozilla Public License" in (AXE / "LICENSE").read_text()
    readme = (AXE / "README.md").read_text()
    assert "4.14.1" in readme and AXE_SHA256 in readme
    templates = (ROOT / "frontend" / "templates").rglob("*.html")
    assert not [t for t in templates if "axe" in t.read_text()]


def seed_demo():
    """The demo diaries, and the first demo person of each role as (email, password)."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    logins = {}
    for line in out.getvalue().splitlines():
        if line.startswith("  "):
            role, email, password = line.split()
            logins.setdefault(role, (email, password))
    return logins


def check(page, live_server, path, ready=None, scheme="light"):
    """Opens `path`, waits until its script has filled it in, and asserts axe finds nothing in either palette."""
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}{path}")
    if ready is not None:
        ready(page)
    check_as_it_is(page, live_server, path, scheme)


def check_as_it_is(page, live_server, label, scheme="light"):
    """Runs axe on the page as it is now (after a person did something on it), in both palettes."""
    page.wait_for_load_state("networkidle")
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    for palette in (scheme, "dark" if scheme == "light" else "light"):
        page.emulate_media(color_scheme=palette)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (palette == "dark")
        violations = page.evaluate(RUN_AXE)
        assert violations == [], f"{label} ({palette}): {violations}"


def loaded(selector):
    return lambda page: expect(page.locator(selector)).to_be_hidden()


def trends_drawn(page):
    expect(page.locator("#insight")).not_to_have_text("Loading the trends…")
    expect(page.locator("#function-pain-summary")).not_to_be_empty()


def test_pages_signed_out(page, live_server):
    errors = js_errors(page)
    for path in ("/signup/", "/login/", "/offline/", "/forgot-password/"):
        check(page, live_server, path)
    assert not errors


def test_the_account_care_pages(page, live_server):
    """Forgotten password, the pages behind emailed links (working and not), the email banner, two-step sign-in."""
    errors = js_errors(page)
    maya = UserFactory(email="maya@example.com", display_name="Maya", email_verified=False)
    check(page, live_server, password_reset_path(maya))
    check(page, live_server, "/reset/MQ/not-a-token/")
    check(page, live_server, confirm_email_path(maya, maya.email))
    check(page, live_server, "/confirm-email/not-a-token/")
    sign_in(page, live_server, maya.email)
    check(page, live_server, "/settings/", lambda p: expect(p.locator("#email-banner")).to_be_visible())
    check(page, live_server, "/confirm-email/not-a-token/")
    check(page, live_server, "/settings/two-step/")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#qr-code")).to_be_visible()
    check_as_it_is(page, live_server, "two-step sign-in: scan the QR code")
    app = pyotp.TOTP(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("The 6-digit code the app shows now").fill(app.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_as_it_is(page, live_server, "two-step sign-in: recovery codes")
    check(page, live_server, "/settings/two-step/")  # set up: move it, or turn it off

    lee = UserFactory(email="lee@example.com", role=Role.CLINICIAN, mfa=False, email_verified=False)
    page.context.clear_cookies()
    sign_in(page, live_server, lee.email)
    check(page, live_server, "/settings/two-step/")  # the walk-through before a clinician reads patients
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    UserFactory(email="kim@example.com", role=Role.CLINICIAN)
    page.get_by_label("Email").fill("kim@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Code from your authenticator app")).to_be_focused()
    check_as_it_is(page, live_server, "sign-in asking for the code")
    assert not errors


def test_the_teens_pages(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["teen"])
    yesterday = User.objects.get(email=logins["teen"][0]).own_patient.today() - datetime.timedelta(days=1)
    check(page, live_server, "/today/", lambda p: expect(p.locator("#save-status")).not_to_be_empty())
    check(
        page,
        live_server,
        f"/entries/{yesterday.isoformat()}/",
        lambda p: expect(p.locator("#save-status")).not_to_be_empty(),
    )
    check(page, live_server, "/history/", loaded("#history-loading"))
    check(page, live_server, "/trends/", trends_drawn, scheme="dark")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "trends-dark-360")
    check(page, live_server, "/checkin/")
    check(page, live_server, "/goals/", loaded("#goals-loading"))
    check(page, live_server, "/care-team/", lambda p: expect(p.locator("#member-list li").first).to_be_visible())
    check(page, live_server, "/access-log/")
    check(page, live_server, "/settings/")
    assert not errors


def test_the_parents_pages(page, live_server):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["parent"])
    check(page, live_server, "/patients/", loaded("#patients-loading"))
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    check(page, live_server, f"/patients/{maya.pk}/", loaded("#history-loading"))
    check(page, live_server, f"/patients/{maya.pk}/trends/", trends_drawn)
    assert not errors


def summary_route(patient_id):
    try:
        resolve(f"/patients/{patient_id}/summary/")
    except Resolver404:
        return None
    return f"/patients/{patient_id}/summary/"


def test_the_clinicians_pages(page, live_server):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])
    check(page, live_server, "/patients/", loaded("#patients-loading"))
    # Clinic outcomes, drawn (chart, tables, the published results) in both palettes.
    check(page, live_server, "/outcomes/", lambda p: expect(p.locator("#status-rows tr")).not_to_have_count(0))
    assert not errors


def test_the_clinical_summary(page, live_server):
    """Checked as soon as the page exists: until /patients/<id>/summary/ resolves, this one test is skipped."""
    errors = js_errors(page)
    logins = seed_demo()
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    summary = summary_route(maya.pk)
    if summary is None:
        pytest.skip("no clinician summary page yet: /patients/<id>/summary/ does not resolve")
    sign_in(page, live_server, *logins["clinician"])
    check(page, live_server, summary, lambda p: expect(p.locator("#summary")).to_be_visible())
    # Priya's, with the flags at the top.
    priya = User.objects.get(email__startswith="priya@").own_patient
    check(
        page,
        live_server,
        f"/patients/{priya.pk}/summary/",
        lambda p: expect(p.locator("#summary-flags")).to_be_visible(),
    )
    assert not errors
