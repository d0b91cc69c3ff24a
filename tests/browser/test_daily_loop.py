"""The daily loop a teen can trust (issue 21), in a real browser at 360x740: day one shows the task, every save gives
something back, a tick saves itself, exercise per week counts the weeks, and reminders say what can arrive.

The offline half of the loop (no false conflicts, one true message) is in test_offline.py, beside its helpers.
Screenshots go to test-artifacts/.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from diary.models import DailyEntry
from reminders.models import ReminderSettings
from tests.browser.conftest import PHONE
from tests.browser.helpers import js_errors, settle, sign_in
from tests.browser.test_accessibility import check_as_it_is
from tests.browser.test_offline import QUEUED, choose
from tests.factories import PASSWORD, CheckinFactory, EntryFactory, GoalFactory, PatientFactory
from tests.push_service import VAPID_PRIVATE, VAPID_PUBLIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "America/New_York"  # the browser's, and the teens' below
# A Wednesday in the future of any run, those under faketime included (make test-clocks goes to 29 February 2028):
# the browser's own clock is earlier, so the page keeps the server's date. Before that year's summer time.
WEDNESDAY = datetime.date(2028, 3, 8)
MORNING = datetime.datetime(2028, 3, 8, 13, 0, tzinfo=datetime.UTC)  # 8:00 in New York (EST)
EVENING = datetime.datetime(2028, 3, 9, 0, 30, tzinfo=datetime.UTC)  # 19:30 in New York, the same day
A_WEEK_BEFORE = WEDNESDAY - datetime.timedelta(days=7)


def said(day, *, year=False, short=False):
    """A day as the English pages write it: "March 1", "March 8, 2028", "Mar 7"."""
    return f"{day:%b} {day.day}" if short else f"{day:%B} {day.day}" + (f", {day.year}" if year else "")


def save_bottom(page):
    return page.get_by_role("button", name=re.compile("^(Save|Guardar)$")).bounding_box()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def teen_with(language="en", verified=True, **account):
    return PatientFactory(
        timezone=ZONE,
        account__email="maya@example.com",
        account__display_name="Maya",
        account__timezone=ZONE,
        account__language=language,
        account__email_verified=verified,
        **account,
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_day_one_shows_the_two_questions_and_save_on_the_first_screen(page, live_server, screenshot, language):
    # A brand-new teen who has not confirmed her email: Save sat at 994 px, under the confirm-email banner and the
    # check-in offer. Now the banner waits under the form and the check-in waits for a few days to compare.
    errors = js_errors(page)
    page.goto(f"{live_server.url}/signup/")
    if language == "es":  # the switch at the foot of a signed-out page; sign-up keeps the page's language
        page.locator("#language-switch").select_option("es")
        page.locator(".language-switch button").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#display_name").fill("Ella")
    page.locator("#birth_date").fill("2011-04-02")
    page.locator("#email").fill("ella@example.com")
    page.locator("#password").fill(PASSWORD)
    page.locator("#signup-form button[type=submit]").click()
    page.wait_for_url("**/today/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#function-field")).to_be_visible()
    box = save_bottom(page)
    print(f"\nSave's bottom for a new teen ({language}): {box['y'] + box['height']:.0f} px of 740")
    assert box["y"] + box["height"] <= PHONE["height"]
    expect(page.locator(".checkin-invite")).to_have_count(0)
    banner = page.locator("#email-banner")
    expect(banner).to_be_visible()
    assert banner.bounding_box()["y"] > box["y"]  # below Save
    no_sideways_scroll(page)
    settle(page)
    screenshot(page, f"today-new-teen-360-{language}")
    check_as_it_is(page, live_server, f"Today for a new teen ({language})")
    assert not errors


def a_week_and_a_half(patient):
    """Last week Monday to Friday at 5 of 10, this Monday and Tuesday at 6: today (Wednesday) is still to log."""
    last_monday = WEDNESDAY - datetime.timedelta(days=9)
    for offset in range(5):
        EntryFactory(patient=patient, date=last_monday + datetime.timedelta(days=offset), function=5, pain=6)
    for back in (2, 1):
        EntryFactory(patient=patient, date=WEDNESDAY - datetime.timedelta(days=back), function=6, pain=6)


def test_a_save_gives_something_back_and_a_checkin_says_its_change_kindly(page, live_server, time_machine, screenshot):
    time_machine.move_to(MORNING)
    teen = teen_with()
    a_week_and_a_half(teen)
    GoalFactory(patient=teen, title="Exercise", measure="exercise_minutes", target=150)
    CheckinFactory(patient=teen, date=A_WEEK_BEFORE, answers=[1] * 11 + [2] * 4)  # 19
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    expect(page.locator("#goal-rows > li")).to_have_count(1)
    choose(page, "function", 7)
    choose(page, "pain", 6)
    page.get_by_text("More about your day").click()
    page.get_by_label("Minutes of exercise or being active").fill("30")
    page.get_by_role("button", name="Save", exact=True).click()
    adds = page.get_by_role("region", name="What today adds")
    expect(adds).to_be_visible()
    # The week so far against last week, from the Trends answer's weekly figures: (6 + 6 + 7) / 3 = 6.3.
    expect(adds.locator("li")).to_have_text(
        [
            "This week so far: 3 days logged, your usual day 6.3 of 10 on average.",
            "Last week: 5 days, your usual day 5.0 on average.",
            "5 of the last 7 days logged",  # last Thursday and Friday, and this week's three
            "Exercise: 30 of 150 minutes so far: 120 more to go.",
        ]
    )
    expect(adds).not_to_contain_text(re.compile("pain|missed|fail", re.IGNORECASE))
    no_sideways_scroll(page)
    adds.evaluate("(node) => node.closest('.save-row').scrollIntoView({ block: 'start' })")
    page.screenshot(path=str(screenshot(page, "today-after-save-360")))
    check_as_it_is(page, live_server, "Today after a save")

    # The weekly check-in: 15, down from 19 last week, said kindly (lower is better).
    page.goto(f"{live_server.url}/checkin/")
    for item in page.locator(".fdi-item").all():
        item.get_by_label("A little trouble").check()
    page.get_by_role("button", name="Save and see the total").click()
    expect(page.locator("#result-total")).to_have_text("15")
    expect(page.locator("#result-change")).to_have_text(
        f"15, down from 19 on {said(A_WEEK_BEFORE)}: everyday things are getting easier."
    )
    screenshot(page, "checkin-after-360")
    page.get_by_role("button", name="Change the answers").click()
    page.locator(".fdi-item").last.get_by_label("Impossible").check()  # 18
    for item in page.locator(".fdi-item").all()[:6]:
        item.get_by_label("Some trouble").check()  # 24
    page.get_by_role("button", name="Save and see the total").click()
    expect(page.locator("#result-change")).to_have_text(
        f"24, up from 19 on {said(A_WEEK_BEFORE)}. "
        "Harder weeks happen; seeing them helps, and the next one may be easier."
    )
    assert not errors


def test_a_tick_saves_itself_in_the_evening_and_offline_is_sent_once(page, context, live_server, time_machine):
    time_machine.move_to(MORNING)
    teen = teen_with()
    physio = GoalFactory(patient=teen, title="Physio exercises", measure="custom", target=4)
    stretch = GoalFactory(patient=teen, title="Stretches", measure="custom", target=3)
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    choose(page, "function", 6)
    choose(page, "pain", 4)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-status")).to_contain_text("Saved")

    # The evening: she opens Today again and ticks; no second Save.
    time_machine.move_to(EVENING)
    page.reload()
    row = page.locator("#goal-rows > li").filter(has_text="Physio exercises")
    row.get_by_label("Did it today").check()
    expect(row).to_contain_text("1 of 4 days so far: 3 more to go.")  # the server's count, once saved
    entry = DailyEntry.objects.get()
    assert (entry.goals_done, entry.version, entry.function) == ([physio.pk], 2, 6)
    page.reload()
    expect(row.get_by_label("Did it today")).to_be_checked()

    # Offline: the tick waits on this phone, and is sent once when the connection comes back.
    context.set_offline(True)
    other = page.locator("#goal-rows > li").filter(has_text="Stretches")
    other.get_by_label("Did it today").check()
    expect(other).to_contain_text("saved on this phone until you're online")
    expect(page.locator("#sync-status")).to_have_text("1 entry waiting to send. It'll be sent when you're online.")
    [queued] = page.evaluate(QUEUED)
    assert (queued["method"], queued["base"], queued["body"]) == ("PATCH", 2, {"goals_done": [physio.pk, stretch.pk]})
    entry.refresh_from_db()
    assert entry.version == 2
    context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    expect(other).to_contain_text("1 of 3 days so far")  # the card again, from the server's count
    expect(other.get_by_label("Did it today")).to_be_checked()
    entry.refresh_from_db()
    assert (sorted(entry.goals_done), entry.version) == (sorted([physio.pk, stretch.pk]), 3)  # once
    assert page.evaluate(QUEUED) == []
    page.reload()
    expect(other.get_by_label("Did it today")).to_be_checked()
    expect(row.get_by_label("Did it today")).to_be_checked()
    entry.refresh_from_db()
    assert entry.version == 3
    assert not errors


def test_exercise_per_week_counts_the_weeks_and_the_summary_has_notes_and_the_latest_day(
    page, live_server, time_machine, screenshot
):
    # 20 minutes on one day of 14: 10 a week, never 140 (the mean of the days it was logged, times seven).
    time_machine.move_to(MORNING)
    teen = teen_with()
    for back in range(14):
        EntryFactory(
            patient=teen,
            date=WEDNESDAY - datetime.timedelta(days=back),
            function=6 if back else 8,
            pain=5 if back else 3,
            exercise_minutes=20 if back == 3 else None,
            note={1: "Walked the dog.", 2: "Only mine.", 5: "Tired after PT."}.get(back, ""),
            note_private=back == 2,
        )
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    page.goto(f"{live_server.url}/trends/")
    expect(page.locator("#exercise-summary")).to_have_text(
        "About 10 minutes a week in this time. In the last week: 20 minutes."
    )
    page.goto(f"{live_server.url}/summary/")
    expect(page.locator("#fact-exercise")).to_have_text("10 minutes a week")
    latest = said(WEDNESDAY, year=True)
    expect(page.locator("#current-day")).to_have_text(f"Latest day logged, {latest}: function 8, pain 3.")
    one, five = (said(WEDNESDAY - datetime.timedelta(days=back), short=True) for back in (1, 5))
    expect(page.locator("#summary-notes li")).to_have_text(
        [f"{one} Walked the dog.", f"{five} Tired after PT."]  # short: the period above gives the year
    )
    expect(page.locator("#summary")).not_to_contain_text("Only mine.")
    no_sideways_scroll(page)
    screenshot(page, "summary-notes-360")
    assert not errors


@pytest.fixture
def push_offered(settings):
    settings.STRIDE_VAPID_PRIVATE_KEY = VAPID_PRIVATE
    settings.STRIDE_VAPID_PUBLIC_KEY = VAPID_PUBLIC


def test_reminders_say_what_can_arrive_and_why_notifications_cannot(page, live_server, screenshot, push_offered):
    teen = teen_with(verified=False)
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    page.goto(f"{live_server.url}/settings/")
    form = page.locator(".reminder-form")
    expect(form.locator(".reminder-fields")).to_be_enabled()
    form.get_by_label("Remind me to fill in my day").check()
    form.get_by_role("button", name="Save reminders").click()
    # Email is the only channel, and the address is not confirmed: nothing can arrive, and it says so.
    expect(form.get_by_role("status").first).to_have_text(
        "Saved, but no reminder can reach you yet: emails start once your email is confirmed. "
        "Open the link we sent to maya@example.com."
    )
    assert ReminderSettings.objects.get().enabled
    form.get_by_role("button", name="Send me a new link").click()
    expect(form.locator(".reminder-resend [role=status]")).to_have_text(
        "We sent a new link. Open it from your email, and use the newest one."
    )
    # A browser that blocks notifications (headless Chromium denies the request): the reason and what to do.
    page.get_by_role("button", name="Turn on notifications on this phone").click()
    expect(page.locator("#push-status")).to_contain_text("Notifications from Stride are blocked in this browser.")
    expect(page.locator("#push-status")).to_have_class(re.compile("problem"))
    section = page.locator("#reminders")
    section.evaluate("(node) => node.scrollIntoView({ block: 'start' })")
    path = screenshot(page, "reminders-unconfirmed-360")
    section.screenshot(path=str(path))
    check_as_it_is(page, live_server, "Reminders with an unconfirmed email")
    assert not errors


def test_a_browser_without_push_is_told_why_before_it_tries(browser, live_server, push_offered):
    context = browser.new_context(viewport=PHONE, timezone_id=ZONE)
    context.add_init_script("delete window.PushManager;")  # as a private window, or a browser without Web Push
    page = context.new_page()
    teen = teen_with()
    sign_in(page, live_server, teen.account.email)
    page.goto(f"{live_server.url}/settings/")
    expect(page.locator("#push-hint")).to_have_text(
        "This browser can't show notifications from Stride: a private window can't, and some browsers never do. "
        "Open Stride in a normal window to turn them on, or use reminders by email."
    )
    expect(page.get_by_role("button", name="Turn on notifications on this phone")).to_be_hidden()
    context.close()


def test_the_loop_in_spanish(page, live_server, time_machine, screenshot):
    time_machine.move_to(MORNING)
    teen = teen_with(language="es", verified=False)
    a_week_and_a_half(teen)
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    box = save_bottom(page)
    assert box["y"] + box["height"] <= PHONE["height"]
    choose(page, "function", 7)
    choose(page, "pain", 6)
    page.get_by_role("button", name="Guardar", exact=True).click()
    adds = page.get_by_role("region", name="Lo que suma hoy")
    expect(adds.locator("li").first).to_have_text(
        "Esta semana, hasta ahora: 3 días anotados, tu día normal 6,3 de 10 de media."
    )
    no_sideways_scroll(page)
    adds.evaluate("(node) => node.closest('.save-row').scrollIntoView({ block: 'start' })")
    page.screenshot(path=str(screenshot(page, "today-after-save-360-es")))
    page.goto(f"{live_server.url}/settings/")
    form = page.locator(".reminder-form")
    expect(form.locator(".reminder-fields")).to_be_enabled()
    form.locator("input[name=enabled]").check()
    form.locator("button[type=submit]").click()
    expect(form.get_by_role("status").first).to_contain_text("todavía no te puede llegar ningún recordatorio")
    no_sideways_scroll(page)
    assert not errors
