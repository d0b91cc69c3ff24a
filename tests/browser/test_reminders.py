"""Reminders in a real browser at 360 px: a teen sets a daily reminder in Settings; the page passes axe in both
palettes with push offered; the service worker shows a pushed reminder as a notification that leads to Today.

Screenshots go to test-artifacts/ and, for review, /tmp/shots/.
"""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reminders.models import ReminderSettings
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check_as_it_is
from tests.factories import PatientFactory
from tests.push_service import VAPID_PRIVATE, VAPID_PUBLIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 (screenshots for review, as the goals tests keep theirs)


@pytest.fixture
def push_offered(settings):
    settings.STRIDE_VAPID_PRIVATE_KEY = VAPID_PRIVATE
    settings.STRIDE_VAPID_PUBLIC_KEY = VAPID_PUBLIC


def test_a_teen_sets_a_reminder_and_a_push_opens_today(page, context, live_server, screenshot, push_offered):
    errors = js_errors(page)
    teen = PatientFactory(account__display_name="Maya", account__timezone="America/New_York").account
    sign_in(page, live_server, teen.email)
    page.goto(f"{live_server.url}/settings/")
    form = page.locator(".reminder-form")
    expect(form.get_by_label("Time", exact=True)).to_have_value("19:00")
    form.get_by_label("Remind me to fill in my day").check()
    form.get_by_label("Time", exact=True).fill("18:30")
    for day in ("Saturday", "Sunday"):
        form.get_by_label(day).uncheck()
    form.get_by_label("A notification on my phone").check()
    form.get_by_role("button", name="Save reminders").click()
    expect(form.get_by_role("status")).to_have_text("Saved. We'll remind you at 18:30, on Mon, Tue, Wed, Thu, Fri.")
    reminder = ReminderSettings.objects.get(patient__account=teen)
    assert (reminder.enabled, reminder.days, reminder.channels) == (True, [1, 2, 3, 4, 5], ["email", "push"])
    assert reminder.time.strftime("%H:%M") == "18:30"

    # A bad time is refused kindly, next to its field.
    form.get_by_label("Time", exact=True).fill("")
    form.get_by_role("button", name="Save reminders").click()
    expect(form.locator('[data-error-for="time"]')).to_have_text("Choose a time, such as 19:30.")
    page.reload()
    expect(form.get_by_label("Time", exact=True)).to_have_value("18:30")

    section = page.locator("#reminders")
    section.evaluate("(node) => node.scrollIntoView({ block: 'start' })")
    for palette in ("light", "dark"):
        page.emulate_media(color_scheme=palette)
        path = screenshot(page, f"reminders-settings-360-{palette}")
        section.screenshot(path=str(path))
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)
    page.emulate_media(color_scheme="light")
    check_as_it_is(page, live_server, "Settings with reminders")
    for button in section.get_by_role("button").all() + section.get_by_role("checkbox").all():
        if button.is_visible():
            box = button.evaluate("(n) => (n.closest('label') || n).getBoundingClientRect().height")
            assert box >= 44, button

    # A push reaches the service worker (as Chromium's push service would deliver it): it shows the reminder.
    context.grant_permissions(["notifications"], origin=live_server.url)
    registration = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    cdp = context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    versions = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: versions.extend(event["registrations"]))
    for _ in range(150):  # the event comes soon after enabling, seconds later on a busy machine
        found = [r["registrationId"] for r in versions if r["scopeURL"] == registration]
        if found:
            break
        page.wait_for_timeout(100)
    [registration_id] = found
    payload = '{"title": "Stride", "body": "How did today go? Logging it takes about a minute.", "url": "/today/"}'
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration_id, "data": payload},
    )
    shown = """async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let i = 0; i < 150; i++) { // up to 15 s: the worker may have to start again on a busy machine
        const found = await registration.getNotifications();
        if (found.length) return found.map((n) => ({ title: n.title, body: n.body, url: n.data.url, tag: n.tag }));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return [];
    }"""
    assert page.evaluate(shown) == [
        {
            "title": "Stride",
            "body": "How did today go? Logging it takes about a minute.",
            "url": "/today/",
            "tag": "stride-reminder",
        }
    ]
    # A push that says nothing gets the worker's own words, in the language of the pages it keeps.
    close_all = "navigator.serviceWorker.ready.then(async (r) => (await r.getNotifications()).map((n) => n.close()))"
    page.evaluate(close_all)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration_id, "data": "{}"},
    )
    [bare] = page.evaluate(shown)
    assert (bare["title"], bare["body"]) == ("Stride", "How did today go? Logging it takes about a minute.")
    assert not errors
