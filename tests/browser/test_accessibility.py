"""Every page, checked by axe-core in a real browser, in the light and in the dark palette: no violations; and
measured at 360x740: every tap target at least 44x44 px, and no text smaller than the rules below.

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

Tap targets (WCAG 2.5.5, Target Size, 44x44 CSS px), measured on every visible link, button, input, select,
text area and `<summary>` of the page as it stands, below the fold too. WCAG's exceptions, as applied here:
- "Equivalent": a checkbox or radio button is measured by its `<label>`, which toggles it just the same (the
  chips and scales hide the real input under their label).
- "Inline" (a link inside a sentence) is *not* taken: issue 14 asks links in sentences and lists to be 44 px
  tall too (the 988 link in the footer, "Forgot your password?"), so every link is held to 44x44.
- "User agent control": none; the browser's own parts of a date or time input are inside its 44-px box.
Text: every visible text node's computed size is at least 14 px, and at least 16 px unless it is small print in
the dense parts listed in SMALL_PRINT (the header's links, which fit one row on a 360-px phone; chart tables and
keys, calendar labels, citations; the face and check-in answer labels that must fit five to a 360-px row; the
clinical term under a plain chip label, `.chip-hint`; `.small` captions).
"""

import datetime
import hashlib
from pathlib import Path

import pyotp
import pytest
from django.utils.timezone import now
from playwright.sync_api import expect

from accounts import clinics, sharing
from accounts.access_log import record_reads
from accounts.links import CANCEL, CONFIRM, email_change_path
from accounts.models import EMAIL_CHANGE_LIFETIME, EmailChange, Reading, Role, User
from tests.browser.helpers import diary, js_errors, pain_team, settle, sign_in
from tests.browser.pages import (
    clinician_pages,
    day_loaded,
    expired_code,
    link_pages,
    loaded,
    parent_pages,
    seed_demo,
    signed_out_pages,
    teen_pages,
    trends_drawn,
)
from tests.factories import PASSWORD, EntryFactory, UserFactory

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


MIN_TARGET = 44
MIN_TEXT, MIN_BODY_TEXT = 14, 16
SMALL_PRINT = (
    ".site-header nav, .data-table, .month-label, .face-label, .fdi-button, .chart-key, .chip-hint, .small, cite"
)
MEASURE = """([minTarget, minText, minBody, smallPrint]) => {
  const shown = (rect) => rect.width > 1 && rect.height > 1 && rect.right > 0 && rect.bottom > 0;
  const visible = (node) => {
    const style = getComputedStyle(node);
    return style.visibility !== "hidden" && style.display !== "none" && shown(node.getBoundingClientRect());
  };
  const name = (node) => {
    const id = node.id ? `#${node.id}` : "";
    const classes = typeof node.className === "string" ? node.className.trim().split(/\\s+/).filter(Boolean) : [];
    const cls = classes.map((c) => `.${c}`).join("");
    const text = (node.innerText || node.value || node.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
    return `${node.tagName.toLowerCase()}${id}${cls} "${text.slice(0, 40)}"`;
  };
  const small = [];
  const seen = new Set();
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const control of document.querySelectorAll(controls)) {
    const toggle = control.matches("input[type=checkbox], input[type=radio]");
    const target = toggle ? control.closest("label") || control.labels?.[0] || control : control;
    if (seen.has(target) || !visible(target) || (toggle && !visible(target))) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) {
      small.push(`${name(target)} ${Math.round(box.width * 10) / 10}x${Math.round(box.height * 10) / 10}`);
    }
  }
  const tiny = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.data.trim() || !parent || parent.closest("script, style, template, noscript, select, title")) continue;
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(shown) || getComputedStyle(parent).visibility === "hidden") continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    const least = parent.closest(smallPrint) ? minText : minBody;
    if (size < least) tiny.push(`${name(parent)}: ${size}px "${node.data.trim().slice(0, 40)}"`);
  }
  return { small, tiny };
}"""


def assert_targets_and_text(page, label):
    """Every tap target at least 44x44 px and every text at least its size (see the module's docstring)."""
    found = page.evaluate(MEASURE, [MIN_TARGET, MIN_TEXT, MIN_BODY_TEXT, SMALL_PRINT])
    assert found["small"] == [], f"{label}: tap targets under {MIN_TARGET}x{MIN_TARGET} px: {found['small']}"
    assert found["tiny"] == [], f"{label}: text too small: {found['tiny']}"


def test_axe_is_the_pinned_release_and_no_page_loads_it():
    assert hashlib.sha256((AXE / "axe.min.js").read_bytes()).hexdigest() == AXE_SHA256
    assert "Mozilla Public License" in (AXE / "LICENSE").read_text()
    readme = (AXE / "README.md").read_text()
    assert "4.14.1" in readme and AXE_SHA256 in readme
    templates = (ROOT / "frontend" / "templates").rglob("*.html")
    assert not [t for t in templates if "axe" in t.read_text()]


def check(page, live_server, path, ready=None, scheme="light"):
    """Opens `path`, waits until its script has filled it in, and asserts axe finds nothing in either palette."""
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}{path}")
    if ready is not None:
        ready(page)
    check_as_it_is(page, live_server, path, scheme)


def check_as_it_is(page, live_server, label, scheme="light"):
    """Runs axe on the page as it is now (after a person did something on it), in both palettes, and measures
    its tap targets and text."""
    settle(page)
    assert page.viewport_size == {"width": 360, "height": 740}
    assert_targets_and_text(page, label)
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    for palette in (scheme, "dark" if scheme == "light" else "light"):
        page.emulate_media(color_scheme=palette)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (palette == "dark")
        violations = page.evaluate(RUN_AXE)
        assert violations == [], f"{label} ({palette}): {violations}"


def check_all(page, live_server, pages, dark=()):
    """Checks each (path, ready) of a list from tests/browser/pages.py; the paths in `dark` load in the dark
    palette first."""
    for path, ready in pages:
        check(page, live_server, path, ready, scheme="dark" if path in dark else "light")


def test_pages_signed_out(page, live_server):
    errors = js_errors(page)
    check_all(page, live_server, signed_out_pages())
    expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    assert not errors


def test_the_account_care_pages(page, live_server):
    """Forgotten password, the pages behind emailed links (working and not), the email banner, two-step sign-in."""
    errors = js_errors(page)
    maya = UserFactory(email="maya@example.com", display_name="Maya", email_verified=False)
    check_all(page, live_server, link_pages(maya))
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


def test_the_pages_of_a_change_of_email(page, live_server):
    """The links of a change of email in each state it can be in: the cancel page (before and after the tap) and the
    confirmation page saying plainly why a change stopped."""
    errors = js_errors(page)
    maya = UserFactory(email="maya@example.com", display_name="Maya")
    closed = {"closed_at": now()}
    states = {
        "cancelled": EmailChange.objects.create(user=maya, new_email="a@example.net", state="cancelled", **closed),
        "ended": EmailChange.objects.create(user=maya, new_email="b@example.net", state="ended", **closed),
        "replaced": EmailChange.objects.create(user=maya, new_email="c@example.net", state="replaced", **closed),
        "confirmed": EmailChange.objects.create(user=maya, new_email="d@example.net", state="confirmed", **closed),
        "expired": EmailChange.objects.create(
            user=maya, new_email="e@example.net", asked_at=now() - EMAIL_CHANGE_LIFETIME - datetime.timedelta(1)
        ),
    }
    for change in states.values():
        check(page, live_server, email_change_path(change.pk, CANCEL))
    for state in ("cancelled", "ended", "replaced"):
        check(page, live_server, email_change_path(states[state].pk, CONFIRM))
    check(page, live_server, "/cancel-email-change/not-a-token/")
    states["expired"].delete()
    pending = EmailChange.objects.create(user=maya, new_email="f@example.net")
    check(page, live_server, email_change_path(pending.pk, CANCEL))
    page.get_by_role("button", name="Cancel this change").click()
    expect(page.get_by_role("heading", name="The change is cancelled")).to_be_visible()
    check_as_it_is(page, live_server, "a change of email, cancelled")
    assert not errors


def test_the_teens_pages(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    expired_code(maya)
    sign_in(page, live_server, *logins["teen"])
    check_all(page, live_server, teen_pages(maya), dark={"/trends/"})
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/trends/")
    trends_drawn(page)
    screenshot(page, "trends-dark-360")
    page.goto(f"{live_server.url}/today/")
    day_loaded(page)
    screenshot(page, "today-dark-360")
    assert not errors


def test_a_parents_pages_for_a_teen_and_a_child_they_keep(page, live_server):
    """A parent on Maya's care team who also keeps Ben's diary (under 13): the Patients page, adding a child,
    Maya's pages read-only and every page of Ben's diary."""
    errors = js_errors(page)
    logins = seed_demo()
    dana = User.objects.get(email=logins["parent"][0])
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    ben = kept_child(dana)
    sign_in(page, live_server, *logins["parent"])
    check_all(page, live_server, parent_pages(maya, ben))
    assert not errors


def kept_child(parent, name="Ben"):
    """A child under 13 whose diary `parent` keeps: six days logged and an expired code."""
    child = sharing.create_child_profile(parent, display_name=name, birth_date=datetime.date(2016, 6, 1), consent=True)
    for days_ago in range(6):
        EntryFactory(patient=child, date=child.today() - datetime.timedelta(days=days_ago), entered_by=parent)
    expired_code(child)
    return child


def test_the_clinicians_pages(page, live_server):
    """The Patients page, Clinic outcomes (chart, tables, the published results), and the diaries shared with
    the clinician: Maya's, and Priya's summary with its flags at the top."""
    errors = js_errors(page)
    logins = seed_demo()
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    priya = User.objects.get(email__startswith="priya@").own_patient
    sign_in(page, live_server, *logins["clinician"])
    check_all(page, live_server, clinician_pages(maya, priya))
    page.goto(f"{live_server.url}/patients/{priya.pk}/summary/")  # checked above: with the flags at the top
    expect(page.locator("#summary-flags")).to_be_visible()
    # The treatment plan's editor (checked above), with an item's form to change it from tomorrow, open.
    page.goto(f"{live_server.url}/patients/{maya.pk}/plan/")
    loaded("#plan-loading")(page)
    page.locator("#plan-items > li").first.get_by_role("button", name="Change").click()
    page.locator("#add-item-form").get_by_label("Therapy session").check()
    check_as_it_is(page, live_server, "the plan's editor, changing an item")
    assert not errors


def test_the_clinic_pages(page, live_server):
    """A clinic's pages as its admin sees them (the code made, the record number open, the two-step warning shown),
    the code form with its choice of clinic, Outcomes for one clinic; and the teen's Sharing and access log with the
    clinic on them."""
    errors = js_errors(page)
    lee = UserFactory(email="lee@example.com", display_name="Dr Lee", role=Role.CLINICIAN)
    sam = UserFactory(email="sam@example.com", display_name="Sam", role=Role.CLINICIAN)
    clinic = pain_team(lee, sam)
    falling = {"days": range(21), "function": lambda ago: 3 if ago < 7 else 8, "mood": lambda ago: 1}
    maya = diary("Maya", clinic, lee, sees=("core", "mood"), **falling)
    diary("Jordan", clinic, lee, days=[9])
    record_reads(actor=sam, patient_ids=[maya.pk], reading=Reading.TRENDS, clinics={maya.pk: clinic})
    rows = "#patient-rows > li:not(.skeleton)"

    sign_in(page, live_server, lee.email)
    check(page, live_server, "/clinics/")
    check(
        page,
        live_server,
        f"/clinics/{clinic.pk}/",
        lambda p: expect(p.locator("#member-list > li h3")).to_have_count(2),
    )
    page.get_by_role("button", name="Make a code").click()
    expect(page.locator("#code-text")).not_to_be_empty()
    page.get_by_role("button", name="Remove Sam").click()
    page.get_by_role("button", name="Turn it off…").click()
    check_as_it_is(page, live_server, "the clinic's team: a code, a removal and the two-step warning open")
    check(page, live_server, f"/clinics/{clinic.pk}/patients/", lambda p: expect(p.locator(rows)).to_have_count(2))
    page.locator(rows).first.get_by_text("Add a record number").click()
    check_as_it_is(page, live_server, "the clinic's patients: a record number open")
    check(
        page,
        live_server,
        f"/clinics/{clinic.pk}/patients/?q=nobody",
        lambda p: expect(p.locator("#no-match")).to_be_visible(),
    )
    check(page, live_server, "/join/")
    check(page, live_server, "/patients/", loaded("#patients-loading"))
    expect(page.locator("#patient-list")).to_contain_text("Through Pain Team.")
    check(
        page,
        live_server,
        f"/outcomes/?clinic={clinic.pk}",
        lambda p: expect(p.locator("#outcomes-status")).not_to_be_empty(),
    )

    empty = clinics.create_clinic(user=lee, name="Rehab").clinic
    check(
        page, live_server, f"/clinics/{empty.pk}/patients/", lambda p: expect(p.locator("#no-patients")).to_be_visible()
    )

    page.context.clear_cookies()
    maya.account.email = "maya@example.com"
    maya.account.save()
    sign_in(page, live_server, maya.account.email)
    check(
        page,
        live_server,
        "/care-team/",
        lambda p: expect(p.locator(".member-card", has_text="Pain Team")).to_be_visible(),
    )
    check(page, live_server, "/access-log/", lambda p: expect(p.locator("#log-list")).to_contain_text("(Pain Team)"))
    assert not errors
