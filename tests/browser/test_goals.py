"""Weekly goals, kind streaks and the install hint, in a real browser at 360 px.

A teen sets goals on the Goals page (reached from Today), ticks a custom goal on Today and sees the bar move; the
demo's care team reads the goals on Trends and the Summary; on a phone that has not installed Stride, Today shows a
small hint that stays away once dismissed. Screenshots go to test-artifacts/ and, for review, /tmp/shots/.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from diary.models import DailyEntry, Goal
from tests.browser.conftest import PHONE
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check_as_it_is
from tests.browser.test_teen_logs_a_day import sign_up_teen
from tests.browser.test_trends import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots: copies for review
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def shot(screenshot):
    SHOTS.mkdir(exist_ok=True)

    def take(page, name, *, around=None):
        """The whole page; with `around` (a locator), the phone's screen with it scrolled into view."""
        path = screenshot(page, name)
        if around is not None:
            around.evaluate("(node) => node.scrollIntoView({ block: 'start' })")
            page.screenshot(path=str(path))
        shutil.copy(path, SHOTS / path.name)
        return path

    return take


def test_a_teen_sets_goals_ticks_one_on_today_and_sees_the_week(page, live_server, shot):
    errors = js_errors(page)
    sign_up_teen(page, live_server)
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    page.get_by_role("link", name="Set a weekly goal").click()
    expect(page.get_by_role("heading", name="Weekly goals", exact=True)).to_be_visible()
    expect(page.locator("#goals-empty")).to_be_visible()

    add = page.locator("#add-goal-form")
    add.get_by_label("Something else: you tick it on Today").check()
    add.get_by_label("Name").fill("Physio exercises")
    add.get_by_label("Days a week").fill("4")
    add.get_by_role("button", name="Add this goal").click()
    expect(page.locator("#goals-status")).to_contain_text("Added: Physio exercises, 4 days a week")
    add.get_by_label("Minutes of exercise in the week").check()
    expect(add.get_by_label("Name")).to_have_value("Exercise")
    expect(add.get_by_label("Minutes a week")).to_have_value("150")
    add.get_by_role("button", name="Add this goal").click()
    cards = page.locator("#goal-list > li")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("0 of 4 days so far: a fresh week to start.")
    # A week holds 7 days: a bigger number is refused kindly, next to its field.
    add.get_by_label("Days at school (full or part of the day)").check()
    add.get_by_label("Days a week").fill("9")
    add.get_by_role("button", name="Add this goal").click()
    expect(page.locator('#add-goal-form [data-error-for="target"]')).to_contain_text("at most 7 days")
    assert Goal.objects.count() == 2
    shot(page, "goals-page-360")

    page.get_by_role("link", name="Back to today").click()
    physio = Goal.objects.get(title="Physio exercises")
    row = page.locator("#goal-rows > li").filter(has_text="Physio exercises")
    expect(row).to_contain_text("0 of 4 days so far")
    page.locator("#function-field").get_by_label("6", exact=True).click()
    row.get_by_label("Did it today").check()
    # The day is not saved yet: the tick goes with its first Save.
    expect(row).to_contain_text("1 of 4 days with this one. It's kept when you save your day.")
    page.locator("#pain-field").get_by_label("3", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    expect(row).to_contain_text("1 of 4 days so far: 3 more to go.")
    expect(page.locator("#streak-days")).to_have_text("1 of the last 7 days logged")
    assert DailyEntry.objects.get().goals_done == [physio.pk]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "today-goal-ticked-360", around=page.locator("#function-field"))

    # Coming back: the tick is still there; stopping the goal on the Goals page keeps the day's tick.
    page.reload()
    expect(page.locator("#goal-rows > li").filter(has_text="Physio").get_by_label("Did it today")).to_be_checked()
    page.get_by_role("link", name="Change goals").click()
    page.locator("#goal-list > li").filter(has_text="Physio").get_by_role("button", name="Stop this goal").click()
    expect(page.locator("#goals-status")).to_contain_text("Stopped: Physio exercises")
    expect(page.locator("#stopped-goals")).to_be_visible()
    page.get_by_role("link", name="Back to today").click()
    expect(page.locator("#goal-rows > li")).to_have_count(1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert DailyEntry.objects.get().goals_done == [physio.pk]
    assert not errors


def test_the_demo_teen_sees_her_goals_and_kind_streaks_on_today(page, live_server, shot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["teen"])
    rows = page.locator("#goal-rows > li")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Exercise")
    expect(rows.nth(2).get_by_label("Did it today")).to_be_visible()
    card = page.locator("#goal-card")
    logged = re.compile(r"^(\d of the last 7 days logged|Every one of the last 7)")
    expect(page.locator("#streak-days")).to_have_text(logged)
    expect(card).to_contain_text("weeks in a row!")
    expect(card).not_to_contain_text(re.compile("pain|missed|fail", re.IGNORECASE))
    # The two required answers and Save come first; the card sits under them, before the optional details, and
    # stays small.
    order = page.evaluate(
        "['function-field', 'pain-field', 'goal-card', 'more-details']"
        ".map((id) => document.getElementById(id).getBoundingClientRect().top)"
    )
    assert order == sorted(order)
    shot(page, "today-goals-streaks-360", around=page.locator("#function-field"))
    assert page.locator("#goal-card").bounding_box()["height"] < 460  # three goals, three short lines each
    assert not errors


def test_the_care_team_reads_the_goals_on_trends_and_the_summary(page, live_server, shot):
    errors = js_errors(page)
    logins = seed_demo()
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    sign_in(page, live_server, *logins["clinician"])
    page.goto(f"{live_server.url}/patients/{maya.pk}/trends/")
    goals = page.locator("#goal-weeks > li")
    expect(goals).to_have_count(3)
    expect(goals.nth(2)).to_contain_text("Physio exercises: 5 days a week")
    expect(goals.nth(0)).to_contain_text(re.compile(r"Reached (in \d+ of \d+ weeks|every week)"))
    shot(page, "trends-goals-clinician-360", around=page.locator("#goals-title"))
    page.goto(f"{live_server.url}/patients/{maya.pk}/summary/")
    expect(page.locator("#summary-goals li")).to_have_count(3)
    expect(page.locator("#summary-goals")).to_contain_text("Exercise (150 minutes a week): Reached")
    # A clinician reads goals but does not set them: their Goals page leads to Trends.
    page.goto(f"{live_server.url}/patients/{maya.pk}/goals/")
    expect(page).to_have_url(re.compile(f"/patients/{maya.pk}/trends/$"))
    assert not errors


def test_the_install_hint_shows_on_a_phone_once_until_dismissed(browser, live_server, shot):
    context = browser.new_context(
        viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True, timezone_id="America/New_York"
    )
    page = context.new_page()
    errors = js_errors(page)
    sign_up_teen(page, live_server)
    hint = page.locator("#install-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("Add to Home Screen")
    expect(page.locator("#install-other")).to_be_hidden()
    shot(page, "today-install-hint-360", around=hint)
    check_as_it_is(page, live_server, "Today with the install hint")
    page.get_by_role("button", name="No thanks, hide this").click()
    expect(hint).to_be_hidden()
    assert page.evaluate("localStorage.getItem('stride:install-hint-dismissed')") == "yes"
    page.reload()
    expect(page.locator("#goal-card")).to_be_visible()
    expect(hint).to_be_hidden()
    context.close()

    # Installed (opened from the home screen): no hint at all.
    installed = browser.new_context(viewport=PHONE, user_agent=IPHONE, is_mobile=True, has_touch=True)
    installed.add_init_script("Object.defineProperty(navigator, 'standalone', { get: () => true });")
    other = installed.new_page()
    sign_in(other, live_server, "ella@example.com")
    expect(other.locator("#goal-card")).to_be_visible()
    expect(other.locator("#install-hint")).to_be_hidden()
    installed.close()
    assert not errors
