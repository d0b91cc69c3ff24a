"""Offline use: the service worker keeps the page shells, the queue keeps entries, sync sends them once.

Playwright's `context.set_offline(True)` cuts the network for the pages and for the service worker alike, so
a page that loads while offline came from the worker's cache.
"""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from accounts.access import own_access
from diary.models import DailyEntry
from diary.recording import services
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import RUN_AXE
from tests.factories import EntryFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  const pages = (await caches.keys()).find((name) => name.startsWith("stride-pages-"));
  if (!pages) return false;
  const cache = await caches.open(pages);
  for (const url of ["/today/", "/history/", "/trends/"]) if (!(await cache.match(url))) return false;
  return true;
}"""
QUEUED = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("stride-offline");
  open.onupgradeneeded = () => open.result.createObjectStore("entries", { keyPath: "key" });
  open.onsuccess = () => {
    const request = open.result.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
    request.onerror = () => reject(request.error);
  };
  open.onerror = () => reject(open.error);
})"""
KNOWN = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("stride-offline");
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("known")) { db.close(); resolve([]); return; }
    const request = db.transaction("known").objectStore("known").getAll();
    request.onsuccess = () => { db.close(); resolve(request.result); };
    request.onerror = () => reject(request.error);
  };
  open.onerror = () => reject(open.error);
})"""
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(`${name} ${new URL(request.url).pathname}`);
  }
  return urls;
}"""


def wait_until_offline_ready(page, timeout=10):
    """The service worker controls the page and has kept the page shells of Today, History and Trends."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(READY):
        assert time.monotonic() < deadline, "the service worker did not get ready"
        page.wait_for_timeout(100)


def no_axe_violations(page, live_server):
    """The states only scripts make (the choice, the warning) pass axe too, in both palettes."""
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate(RUN_AXE) == [], scheme
    page.emulate_media(color_scheme="light")


def choose(page, field, value):
    page.locator(f"#{field}-field").get_by_label(str(value), exact=True).check()


def save(page):
    page.get_by_role("button", name="Save", exact=True).click()


def sign_in_and_save_a_day_offline(page, context, live_server, function, pain):
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)
    context.set_offline(True)
    choose(page, "function", function)
    choose(page, "pain", pain)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")


@pytest.fixture
def teen(db):
    return PatientFactory(account__email="maya@example.com", account__display_name="Maya")


def test_three_days_saved_offline_reach_the_server_once_each(page, context, live_server, teen, screenshot):
    errors = js_errors(page)
    today = teen.today()
    earlier = [today - datetime.timedelta(days=1), today - datetime.timedelta(days=3)]
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)

    context.set_offline(True)
    choose(page, "function", 6)
    choose(page, "pain", 4)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    expect(page.locator("#sync-status")).to_have_text("1 entry waiting to send. It'll be sent when you're online.")
    screenshot(page, "offline-saved-360")

    # Days never opened before: the worker stands the Today shell in for them, and the page takes the date.
    for day, function, pain in [(earlier[0], 7, 3), (earlier[1], 5, 5)]:
        page.goto(f"{live_server.url}/entries/{day.isoformat()}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{day:%A, %B} {day.day}, {day.year}")
        choose(page, "function", function)
        choose(page, "pain", pain)
        save(page)
        expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")

    page.reload()
    last = earlier[1]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{last:%A, %B} {last.day}, {last.year}")
    expect(page.locator("#function-field").get_by_label("5", exact=True)).to_be_checked()
    expect(page.locator("#sync-status")).to_have_text("3 entries waiting to send. They'll be sent when you're online.")
    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="Your days")).to_be_visible()
    assert not DailyEntry.objects.exists()

    context.set_offline(False)  # the `online` event starts the sync
    expect(page.locator("#sync-status")).to_have_text("Synced. 3 entries saved on this phone reached Stride.")
    saved = {(e.date, e.function, e.pain, e.version) for e in DailyEntry.objects.filter(patient=teen)}
    assert saved == {(today, 6, 4, 1), (earlier[0], 7, 3, 1), (earlier[1], 5, 5, 1)}
    assert page.evaluate(QUEUED) == []

    page.reload()
    expect(page.locator("#sync-status")).to_be_empty()
    assert DailyEntry.objects.count() == 3
    # Only static files and page shells were kept: no API answer, no page that renders health data.
    kept = page.evaluate(CACHED_URLS)
    assert not [url for url in kept if "/api/" in url]
    pages = {url.split(" ")[1] for url in kept if url.startswith("stride-pages-")}
    assert pages <= {
        "/today/",
        "/history/",
        "/trends/",
        "/offline/",
        f"/entries/{earlier[0]}/",
        f"/entries/{earlier[1]}/",
    }
    assert not errors


def test_a_server_error_keeps_the_entry_until_a_later_try_succeeds(page, context, live_server, teen):
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)

    def fail_saves(route):
        if route.request.method == "PUT":
            route.fulfill(status=500, content_type="application/json", body="{}")
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/patients/\d+/entries/[\d-]+/$"), fail_saves)
    choose(page, "function", 8)
    choose(page, "pain", 2)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    expect(page.locator("#sync-status")).to_have_text("1 entry waiting to send. Trying again soon.")

    page.clock.install()  # from here on the page's timers run on a clock the test moves
    page.reload()  # opening the app tries again at once: another 500
    expect(page.locator("#function-field").get_by_label("8", exact=True)).to_be_checked()
    expect(page.locator("#sync-status")).to_have_text("1 entry waiting to send. Trying again soon.")
    [record] = page.evaluate(QUEUED)
    assert record["state"] == "retry" and record["attempts"] == 2
    # By the page's own clock: under faketime the browser's clock and this process's need not agree.
    wait = page.evaluate("(nextTry) => (nextTry - Date.now()) / 1000", record["nextTry"])
    assert 100 < wait <= 120  # the second failure waits 2 minutes (1, 2, 4 ... at most 30)
    assert not DailyEntry.objects.exists()

    page.unroute(re.compile(r"/api/v1/patients/\d+/entries/[\d-]+/$"))
    page.clock.fast_forward("01:30")  # not yet due
    page.wait_for_timeout(300)
    assert len(page.evaluate(QUEUED)) == 1
    page.clock.fast_forward("00:35")  # the timer of the open page tries again after 2 minutes
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    expect(page.locator("#save-status")).to_have_text("Synced. This day is saved on Stride.")
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain, entry.version) == (8, 2, 1)
    assert page.evaluate(QUEUED) == []
    assert not errors


HOLD_SYNC_LOCK = """() => new Promise((held) => {
  navigator.locks.request("stride-sync", () => new Promise((release) => { window.releaseSync = release; held(); }));
})"""


def test_coming_online_during_a_sync_is_not_lost(page, context, live_server, teen):
    # The flake this pins: a page loaded offline starts a sync; the `online` event comes before that sync has
    # finished, and used to be answered by the sync already under way, which had found no network.
    errors = js_errors(page)
    sign_in_and_save_a_day_offline(page, context, live_server, 7, 3)
    expect(page.locator("#sync-status")).to_have_text("1 entry waiting to send. It'll be sent when you're online.")

    page.evaluate(HOLD_SYNC_LOCK)  # as another tab sending would: the page's next sync waits for the lock
    sync_module = page.evaluate("() => document.querySelector('script[src*=\"offline/boot.js\"]').src")
    sync_module = sync_module.replace("boot.js", "sync.js")
    page.evaluate("(url) => { import(url).then((sync) => { window.firstSync = sync.syncNow(); }); }", sync_module)
    page.wait_for_function("() => window.firstSync !== undefined")
    context.set_offline(False)  # the `online` event asks for a sync while the first still waits
    page.evaluate("() => window.releaseSync()")
    # The first sync was not forced and the entry is not yet due; the forced one asked by `online` sends it.
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain) == (7, 3)
    assert not errors


def test_taps_made_before_the_saved_day_arrives_are_kept_and_the_rest_filled_in(page, live_server, teen):
    # The flake this pins: on a slow answer, the day's saved entry arrived after the teen's taps and undid them.
    errors = js_errors(page)
    EntryFactory(patient=teen, date=teen.today(), function=3, pain=6, mood=2, note="Rough morning")
    sign_in(page, live_server, "maya@example.com")  # lands on Today, which loads the saved day at once
    already = "You already logged this day. Any change you save replaces it."
    expect(page.locator("#save-status")).to_have_text(already)  # that first load is over: only the next is held
    held = []
    page.route(re.compile(r"/api/v1/patients/\d+/entries/\?from="), lambda route: held.append(route))
    page.reload()
    page.wait_for_function("() => document.readyState === 'complete'")
    while not held:
        page.wait_for_timeout(50)
    choose(page, "function", 8)
    choose(page, "pain", 2)
    [day] = held
    day.continue_()  # the saved day arrives now, after the taps
    expect(page.locator("#save-status")).to_have_text(already)
    expect(page.locator("#function-field").get_by_label("8", exact=True)).to_be_checked()
    expect(page.locator("#pain-field").get_by_label("2", exact=True)).to_be_checked()
    expect(page.locator("#mood-field input[value='2']")).to_be_checked()  # the rest, as saved
    expect(page.locator("#note")).to_have_value("Rough morning")
    page.unroute(re.compile(r"/api/v1/patients/\d+/entries/\?from="))
    save(page)
    expect(page.locator("#save-status")).to_contain_text("Saved")
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain, entry.mood, entry.note, entry.version) == (8, 2, 2, "Rough morning", 2)
    assert not errors


def test_a_day_changed_on_another_device_asks_which_to_keep(page, context, live_server, teen, screenshot):
    errors = js_errors(page)
    today = teen.today()
    EntryFactory(patient=teen, date=today, function=3, pain=6)
    access = own_access(teen.account)
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)
    expect(page.locator("#save-status")).to_contain_text("You already logged this day")

    # Edited offline from version 1 while another device saves version 2.
    context.set_offline(True)
    choose(page, "function", 8)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    services.save_entry(access, today, {"function": 4, "pain": 5}, actor=teen.account, expected_version=1)
    context.set_offline(False)

    panel = page.get_by_role("region", name="This day was changed on another device")
    expect(panel).to_be_visible()
    expect(panel.locator(".version").first).to_contain_text("Usual day8/10")
    expect(panel.locator(".version").last).to_contain_text("Usual day4/10")
    expect(page.locator("#sync-status")).to_contain_text("was also changed on another device. Choose which to keep")
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain, entry.version) == (4, 5, 2)  # nothing overwritten yet
    no_axe_violations(page, live_server)
    panel.scroll_into_view_if_needed()
    screenshot(page, "offline-conflict-360")
    panel.get_by_role("button", name="Keep mine").click()
    expect(page.locator("#save-status")).to_have_text("Saved. Thanks for checking in. You can change it any time.")
    expect(panel).to_have_count(0)
    entry.refresh_from_db()
    assert (entry.function, entry.pain, entry.version) == (8, 6, 3)
    assert page.evaluate(QUEUED) == []

    # Once more, and this time the other device's answers win.
    context.set_offline(True)
    choose(page, "pain", 9)
    save(page)
    services.save_entry(access, today, {"function": 2, "pain": 7}, actor=teen.account, expected_version=3)
    context.set_offline(False)
    panel.get_by_role("button", name="Keep the other").click()
    expect(page.locator("#save-status")).to_have_text("Kept the answers from the other device.")
    expect(page.locator("#pain-field").get_by_label("7", exact=True)).to_be_checked()
    expect(page.locator("#sync-status")).to_be_empty()
    entry.refresh_from_db()
    assert (entry.function, entry.pain, entry.version) == (2, 7, 4)
    assert page.evaluate(QUEUED) == []

    # Online the whole time: the Save itself meets the other device's change, and the choice takes the focus.
    services.save_entry(access, today, {"function": 1, "pain": 8}, actor=teen.account, expected_version=4)
    choose(page, "function", 3)
    save(page)
    expect(panel).to_be_focused()
    expect(panel.locator(".version").last).to_contain_text("Usual day1/10")
    panel.get_by_role("button", name="Keep mine").click()
    expect(page.locator("#save-status")).to_have_text("Saved. Thanks for checking in. You can change it any time.")
    entry.refresh_from_db()
    assert (entry.function, entry.pain, entry.version) == (3, 7, 6)
    assert not errors


def test_answers_the_server_refuses_stay_on_the_phone_until_fixed(page, context, live_server, teen):
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)
    context.set_offline(True)
    choose(page, "function", 4)
    choose(page, "pain", 6)
    page.get_by_text("More about your day").click()
    page.get_by_label("Minutes of exercise or being active").fill("5000")
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    context.set_offline(False)

    expect(page.locator("#sync-status")).to_contain_text("couldn't be sent. See what to fix")
    expect(page.get_by_role("region", name="Stride couldn't take these answers")).to_be_visible()
    expect(page.locator('[data-error-for="exercise_minutes"]')).not_to_be_empty()
    page.reload()  # still there on the next visit, errors shown next to the answers
    expect(page.locator('[data-error-for="exercise_minutes"]')).not_to_be_empty()
    expect(page.get_by_label("Minutes of exercise or being active")).to_have_value("5000")
    assert len(page.evaluate(QUEUED)) == 1 and not DailyEntry.objects.exists()

    page.get_by_label("Minutes of exercise or being active").fill("50")
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved. Thanks for checking in. You can change it any time.")
    expect(page.locator("#sync-status")).to_be_empty()
    assert page.evaluate(QUEUED) == []
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain, entry.exercise_minutes) == (4, 6, 50)
    assert not errors


def test_signing_out_warns_about_unsent_entries_then_clears_the_phone(page, context, live_server, teen):
    errors = js_errors(page)
    sign_in_and_save_a_day_offline(page, context, live_server, 5, 5)
    # Online again, but Stride can't take the entry yet: signing out would lose it.
    page.route(re.compile(r"/api/v1/patients/\d+/entries/[\d-]+/$"), lambda route: route.fulfill(status=503, body="{}"))
    context.set_offline(False)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.locator("#sync-status")).to_contain_text("1 entry waiting to send")

    page.get_by_role("button", name="Sign out", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="hasn't reached Stride yet")
    expect(warning).to_contain_text("If you sign out now, it will be lost.")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    no_axe_violations(page, live_server)
    page.keyboard.press("Enter")
    expect(warning).to_have_count(0)
    assert len(page.evaluate(QUEUED)) == 1

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign out and lose it").click()
    page.wait_for_url(re.compile(r"/login/$"))
    expect(page.locator("#sync-status")).to_be_empty()
    assert page.evaluate(QUEUED) == []
    assert not [url for url in page.evaluate(CACHED_URLS) if url.startswith("stride-pages-")]
    assert not DailyEntry.objects.exists()
    assert not errors


def test_the_today_entry_works_with_the_keyboard_alone(page, live_server, teen):
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    expect(page.get_by_role("link", name="Set a weekly goal")).to_be_visible()
    active = (
        "() => { const e = document.activeElement; return `${e.tagName} ${e.name || ''} ${e.value || ''}`.trim(); }"
    )

    def tab_to(target, limit=30):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(active) == target:
                return
        raise AssertionError(f"Tab never reached {target}")

    tab_to("INPUT function 0")
    # The focused number shows the focus ring (on its visible box: the radio itself is transparent).
    ring = "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    assert page.evaluate(ring) == "solid"
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#function-field").get_by_label("6", exact=True)).to_be_checked()
    # The two required questions come together, first.
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "INPUT pain 0"
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#pain-field").get_by_label("4", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "BUTTON"  # Save, right after the two required answers
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_have_text("Saved. Thanks for checking in. You can change it any time.")
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain) == (6, 4)
    assert not errors


def test_back_online_today_says_one_true_thing(page, context, live_server, teen):
    # Today opened offline says "You're offline"; once the connection is back and another day's entry has synced,
    # it no longer does (it used to stay under the "Synced" line): it asks the server and says what is true.
    errors = js_errors(page)
    yesterday = teen.today() - datetime.timedelta(days=1)
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)
    context.set_offline(True)
    page.goto(f"{live_server.url}/entries/{yesterday.isoformat()}/")
    choose(page, "function", 5)
    choose(page, "pain", 5)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    page.goto(f"{live_server.url}/today/")
    expect(page.locator("#save-status")).to_contain_text("You're offline.")

    context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    expect(page.locator("#save-status")).to_be_empty()  # today is not logged: nothing else is true to say
    expect(page.locator("#goal-card")).to_be_visible()  # and what needed the server is there now
    assert DailyEntry.objects.get().date == yesterday
    assert not errors


def test_a_day_saved_here_and_changed_offline_is_no_conflict_and_keeps_its_other_answers(
    page, context, live_server, teen, screenshot
):
    # The same phone saved the day this morning; offline, it cannot show the answers, but it knows the version it
    # saved. Saving offline (twice) sends only what changed, from that version: no "another device", and the
    # morning's note is still there.
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    wait_until_offline_ready(page)
    choose(page, "function", 6)
    choose(page, "pain", 4)
    page.get_by_text("More about your day").click()
    page.get_by_label("Note", exact=True).fill("Morning walk.")
    save(page)
    expect(page.locator("#save-status")).to_contain_text("Saved.")

    context.set_offline(True)
    page.reload()
    expect(page.locator("#save-status")).to_have_text(
        "You're offline. You logged this day already, and its answers show when you're online. "
        "What you change here is saved on this phone and added to them."
    )
    choose(page, "pain", 7)
    save(page)
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    page.reload()  # a second offline save of the same day replaces the first, from the same version
    expect(page.locator("#pain-field").get_by_label("7", exact=True)).to_be_checked()
    choose(page, "function", 8)
    save(page)
    # Read the queue once the page says the save is kept: reading it right after the tap raced the write.
    expect(page.locator("#save-status")).to_have_text("Saved on this phone, will send when online.")
    [record] = page.evaluate(QUEUED)
    assert (record["method"], record["base"], record["body"]) == ("PATCH", 1, {"pain": 7, "function": 8})
    screenshot(page, "offline-known-day-360")

    context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text("Synced. This day is saved on Stride.")
    expect(page.get_by_role("region", name="This day was changed on another device")).to_have_count(0)
    expect(page.get_by_label("Note", exact=True)).to_have_value("Morning walk.")  # the whole day, from the server
    entry = DailyEntry.objects.get()
    assert (entry.function, entry.pain, entry.note, entry.version) == (8, 7, "Morning walk.", 2)
    assert page.evaluate(QUEUED) == []
    # What the phone keeps of the day: its version, never its answers; signing out clears it with the queue.
    [known] = page.evaluate(KNOWN)
    assert (known["key"], known["version"]) == (f"{teen.pk}/{teen.today().isoformat()}", 2)
    assert set(known) == {"key", "user", "version"}
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/login/$"))
    assert page.evaluate(KNOWN) == []
    assert not errors
