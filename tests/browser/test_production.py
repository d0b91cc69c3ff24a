"""Offline use and static files in a production build, not only under the test server.

The test server serves static files by their plain names, one request at a time, with DEBUG's shortcuts. A
real deployment differs in every way that matters to the service worker: gunicorn with several workers,
`DJANGO_DEBUG=false`, and `collectstatic` with hashed, compressed names served by WhiteNoise. So these tests
start exactly that (scripts/production_copy.py: a temporary database and static folder, gunicorn on a free
loopback port) and drive it with the same Chromium. They read the server's data through its API, as any
client would: the server runs in other processes with a database of its own.

The two production switches that need TLS are off: the HTTPS redirect and secure-only cookies (this server
speaks plain HTTP on loopback). Everything else is as deployed.
"""

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from accounts.birthdays import latest_birth_date
from accounts.timezones import today_in
from scripts.production_copy import served_demo
from tests.browser.helpers import js_errors, settle, sign_in, track_requests
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser]

ZONE = "America/New_York"
CONTROLLED_WITHIN = 5  # seconds from signing in until the service worker controls the page
SHELLS = {"/today/": "How was today?", "/history/": "Your days", "/trends/": "How things are going"}
CONTROLLED_AND_KEPT = """async (pages) => {
  if (!navigator.serviceWorker.controller) return false;
  const name = (await caches.keys()).find((key) => key.startsWith("stride-pages-"));
  if (!name) return false;
  const cache = await caches.open(name);
  for (const url of pages) if (!(await cache.match(url))) return false;
  return true;
}"""
WORKER_STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const name = (await caches.keys()).find((key) => key.startsWith("stride-pages-"));
  const kept = name ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname) : [];
  const state = (worker) => worker?.state ?? "none";
  return `controller: ${Boolean(navigator.serviceWorker.controller)}, installing: ${state(registration?.installing)}, `
    + `waiting: ${state(registration?.waiting)}, active: ${state(registration?.active)}, pages kept: ${kept}`;
}"""
STATIC_LOADED = "() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)"


@pytest.fixture(scope="module")
def production():
    tls_off = {"DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_COOKIES": "false"}
    with served_demo(workers=2, extra_env=tls_off) as served:
        yield served


def call(production, method, path, body=None, token=None):
    request = urllib.request.Request(
        f"{production.url}/api/v1/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": f"Token {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or "null")


@pytest.fixture
def new_teen(production):
    """A teen who has just signed up on the production copy: (email, API token, patient id)."""
    email = f"teen-{time.monotonic_ns()}@example.com"
    birth = latest_birth_date(today_in(ZONE), 15)
    call(
        production,
        "POST",
        "auth/register/",
        {
            "email": email,
            "password": PASSWORD,
            "display_name": "Maya",
            "role": "teen",
            "birth_date": birth.isoformat(),
            "timezone": ZONE,
        },
    )
    token = call(production, "POST", "auth/token/", {"email": email, "password": PASSWORD})["token"]
    return email, token, call(production, "GET", "me/", token=token)["patient_id"]


def worker_config(production):
    with urllib.request.urlopen(f"{production.url}/sw.js", timeout=10) as response:
        return json.loads(re.search(r"^const CONFIG = (.*);$", response.read().decode(), re.MULTILINE).group(1))


def wait_until_controlled(page, within):
    deadline = time.monotonic() + within
    while not page.evaluate(CONTROLLED_AND_KEPT, list(SHELLS)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no control within {within} s: {page.evaluate(WORKER_STATE)}")
        page.wait_for_timeout(50)


def test_the_worker_controls_the_page_within_seconds_and_the_shells_open_offline(page, context, production, new_teen):
    errors = js_errors(page)
    page.goto(f"{production.url}/login/")  # the worker installs here, signed out: the teen's shells redirect
    page.wait_for_load_state("load")
    sign_in(page, production, new_teen[0])
    started = time.monotonic()
    wait_until_controlled(page, CONTROLLED_WITHIN)
    print(f"controlled and kept the shells {time.monotonic() - started:.2f} s after signing in")

    context.set_offline(True)
    for path, heading in SHELLS.items():
        page.goto(f"{production.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    context.set_offline(False)
    assert not errors


def test_an_entry_saved_offline_reaches_the_server_exactly_once(page, context, production, new_teen):
    errors = js_errors(page)
    email, token, patient = new_teen
    sign_in(page, production, email)
    wait_until_controlled(page, CONTROLLED_WITHIN)

    context.set_offline(True)
    page.reload()
    page.locator("#function-field").get_by_label("6", exact=True).check()
    page.locator("#pain-field").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    assert call(production, "GET", f"patients/{patient}/entries/", token=token)["count"] == 0

    context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    page.reload()
    expect(page.locator("#sync-status")).to_be_empty()
    entries = call(production, "GET", f"patients/{patient}/entries/", token=token)
    # Offline, the Today page dates the entry by the phone's clock, which need not agree with the server's.
    today = page.evaluate("(zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())", ZONE)
    assert [(e["date"], e["function"], e["pain"], e["version"]) for e in entries["results"]] == [(today, 6, 4, 1)]
    assert not errors


def static_files_loaded(page, production, paths):
    loaded, clinic = set(), None
    for path in paths:
        if "{clinic}" in path and clinic is None:  # the first clinic on the Clinics page, where the clinician is
            hrefs = page.locator("main a").evaluate_all("links => links.map((link) => link.getAttribute('href'))")
            clinic = next(href.split("/")[2] for href in hrefs if re.fullmatch(r"/clinics/\d+/", href or ""))
        page.goto(f"{production.url}{path.format(clinic=clinic)}")
        settle(page)
        loaded |= {url for url in page.evaluate(STATIC_LOADED) if url.startswith("/static/")}
    return loaded


def test_pages_load_hashed_files_only_and_the_worker_keeps_exactly_those(browser, production):
    """After a deploy, a page module must never run against an older shared module: every import is hashed."""
    maya = call(
        production, "POST", "auth/token/", dict(zip(("email", "password"), production.logins["teen"], strict=True))
    )
    maya_id = call(production, "GET", "me/", token=maya["token"])["patient_id"]
    visits = {
        None: ["/login/", "/signup/", "/offline/", "/forgot-password/", "/handover/not-a-token/"],
        "teen": [
            *SHELLS,
            "/checkin/",
            "/goals/",
            "/plan/",
            "/care-team/",
            "/access-log/",
            "/settings/",
            "/settings/two-step/",
            "/join/",
        ],
        "clinician": [
            "/patients/",
            f"/patients/{maya_id}/",
            f"/patients/{maya_id}/trends/",
            f"/patients/{maya_id}/summary/",
            f"/patients/{maya_id}/plan/",
            "/outcomes/",
            "/clinics/",
            "/clinics/{clinic}/",  # Dr Lee's clinic team (seed_demo), found on the Clinics page
            "/clinics/{clinic}/patients/",
        ],
        "parent": ["/patients/new/"],
    }
    loaded = set()
    for role, paths in visits.items():
        with browser.new_context(viewport={"width": 360, "height": 740}) as context:
            page = track_requests(context.new_page())
            if role:
                sign_in(page, production, *production.logins[role], app_key=production.clinician_key)
            loaded |= static_files_loaded(page, production, paths)
    hashed = re.compile(r"\.[0-9a-f]{12}\.\w+$")
    assert loaded and all(hashed.search(url) for url in loaded), sorted(loaded)
    assert set(worker_config(production)["precache"]) == loaded
