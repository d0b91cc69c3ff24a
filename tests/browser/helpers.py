import datetime
import re
import time

import pyotp
from playwright.sync_api import expect

from accounts import clinics
from accounts.models import CareTeamMember, User
from tests.factories import PASSWORD, EntryFactory, PatientFactory
from tests.otp import code_for


def sign_in(page, live_server, email, password=PASSWORD, *, app_key=None):
    """Signs in as a person would; with an authenticator app set up, types its code when the page asks for it:
    made from `app_key` (base32) where given, else from the account's app in this test's database. The fields are
    found by their ids, so it works whatever language the sign-in page speaks."""
    page.goto(f"{live_server.url}/login/")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#login-form [type=submit]").click()
    # Signed in, or asked for a code (the account lives in this test's database then: a production copy's
    # accounts have no app, and the page never asks).
    code = page.locator("#otp-field:not([hidden])")
    expect(code.or_(page.locator("body:not(:has(#login-form))"))).to_be_visible()
    if code.is_visible():
        otp = pyotp.TOTP(app_key).now() if app_key else code_for(User.objects.get(email=email))
        page.locator("#otp").fill(otp)
        page.locator("#login-form [type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


QUIET = 0.15  # seconds without an open request: the pages' scripts fetch at once, never after a delay


def track_requests(page):
    """Keeps the set of the page's requests still open on the page, for settle(); the browser tests' `page` fixture
    calls it (tests/browser/conftest.py)."""
    open_requests = page.open_requests = set()
    page.on("request", lambda request: open_requests.add(request))
    page.on("requestfinished", lambda request: open_requests.discard(request))
    page.on("requestfailed", lambda request: open_requests.discard(request))
    return page


def settle(page, within=10):
    """Waits until the page has loaded and none of its requests has been open for QUIET. Playwright's "networkidle"
    waits for 500 ms of quiet, and the walks over every page (accessibility, width, static files) paid that on each
    of several hundred pages; a page tracked by track_requests() waits only as long as its requests take."""
    if not hasattr(page, "open_requests"):
        page.wait_for_load_state("networkidle")
        return
    page.wait_for_load_state("load")
    deadline = time.monotonic() + within
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET:
        page.wait_for_timeout(25)  # lets Playwright deliver the page's request events meanwhile
        if page.open_requests:
            quiet_since = time.monotonic()
            if quiet_since > deadline:
                raise AssertionError(f"still open after {within} s: {[r.url for r in page.open_requests]}")


def js_errors(page):
    """Collects script errors; a 4xx answer logged by the browser as a failed resource is not one."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text)
        ),
    )
    return errors


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF from Chromium's page.pdf() has."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def pain_team(*members, name="Pain Team"):
    """The Pain Team, its first member its admin and the others clinicians (the services the pages call)."""
    admin = clinics.create_clinic(user=members[0], name=name)
    for member in members[1:]:
        _, code = clinics.create_invitation(member=admin, role="clinician")
        clinics.join(user=member, code=code)
    return admin.clinic


def diary(name, clinic, by, *, days=(), function=7, mood=None, sees=("core",)):
    """A teen sharing with the clinic, with an entry on each of `days` (days before today)."""
    patient = PatientFactory(account__display_name=name)
    for days_ago in days:
        day = patient.today() - datetime.timedelta(days=days_ago)
        value = function(days_ago) if callable(function) else function
        EntryFactory(patient=patient, date=day, function=value, pain=5, mood=mood(days_ago) if mood else None)
    CareTeamMember.objects.create(patient=patient, clinic=clinic, accepted_by=by, relation="clinic", sees=list(sees))
    return patient
