"""Today's plan (issue 26) in a real browser at 360x740: the teen sees each item due today with its dose, ticks in
one tap (or types the amount), before her first Save, online and offline, and each tick reaches the day's
`plan_done` once. Screenshots in test-artifacts/ (today-plan-360*.png)."""

import datetime
import time

import pytest
from playwright.sync_api import expect

from accounts.models import CareTeamMember, Role, User
from diary.models import DailyEntry
from diary.rules import plan
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_daily_loop import MORNING, WEDNESDAY, no_sideways_scroll, teen_with
from tests.browser.test_offline import QUEUED, choose
from tests.factories import EntryFactory, PlanItemFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def plan_for(teen):
    """A brisk walk that rose from 15 to 25 minutes over two weeks, towel desensitisation 3 times a day, physical
    therapy on Wednesdays and school on partial days."""
    started = WEDNESDAY - datetime.timedelta(days=14)
    walk = PlanItemFactory(
        patient=teen, starts_on=started, terms__step_amount=5, terms__step_every_weeks=1, terms__max_amount=45
    )
    towel = PlanItemFactory(
        patient=teen,
        starts_on=started,
        kind="desensitisation",
        title="Towel on the left foot",
        terms__unit="times",
        terms__amount=3,
        terms__days_per_week=7,
    )
    therapy = PlanItemFactory(
        patient=teen,
        starts_on=started,
        kind="session",
        title="Physical therapy",
        terms__unit=None,
        terms__amount=None,
        terms__weekdays=plan.weekdays_to_mask([3]),
    )
    PlanItemFactory(
        patient=teen,
        starts_on=started,
        kind="school",
        title="School, partial days",
        terms__unit=None,
        terms__amount=None,
        terms__school_level="partial",
        terms__days_per_week=3,
    )
    return walk, towel, therapy


def row(page, title):
    return page.locator("#plan-rows > li").filter(has_text=title)


def test_a_teen_ticks_todays_plan_before_saving_online_and_offline(
    page, context, live_server, time_machine, screenshot
):
    assert WEDNESDAY.isoweekday() == 3
    time_machine.move_to(MORNING)
    teen = teen_with()
    walk, towel, therapy = plan_for(teen)
    errors = js_errors(page)
    sign_in(page, live_server, teen.account.email)
    card = page.locator("#plan-card")
    expect(card.get_by_role("heading", name="Today's plan")).to_be_visible()
    expect(row(page, "Brisk walk")).to_contain_text("Brisk walk: 25 minutes")
    expect(row(page, "Towel on the left foot")).to_contain_text("3 times")
    expect(row(page, "School, partial days")).to_contain_text("Done from your School answer")
    expect(row(page, "School, partial days").get_by_role("checkbox")).to_have_count(0)
    no_sideways_scroll(page)

    # Nothing saved yet today: the tick waits for Save, and goes with it.
    row(page, "Brisk walk").get_by_label("Did it today").check()
    expect(row(page, "Brisk walk").get_by_label("Minutes done")).to_have_value("25")
    expect(page.locator("#plan-wait")).to_have_text("Your ticks are kept when you save your day.")
    choose(page, "function", 6)
    choose(page, "pain", 4)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    expect(page.locator("#plan-wait")).to_be_hidden()
    entry = DailyEntry.objects.get()
    assert (entry.plan_done, entry.version) == ([{"item": walk.pk, "amount": 25}], 1)

    # Saved: one tap saves itself, no second Save.
    row(page, "Physical therapy").get_by_label("Did it today").check()
    _wait_for_version(entry, 2)
    assert entry.plan_done == [{"item": walk.pk, "amount": 25}, {"item": therapy.pk, "amount": 1}]
    screenshot(page, "today-plan-360")

    # Offline: a typed amount waits on this phone and is sent once when the connection comes back.
    context.set_offline(True)
    towel_amount = row(page, "Towel on the left foot").get_by_label("Times done")
    towel_amount.fill("2")
    towel_amount.press("Tab")
    expect(row(page, "Towel on the left foot").get_by_label("Did it today")).to_be_checked()
    expect(page.locator("#plan-wait")).to_have_text("Your ticks are saved on this phone until you're online.")
    [queued] = page.evaluate(QUEUED)
    assert (queued["method"], queued["base"]) == ("PATCH", 2)
    assert queued["body"]["plan_done"] == [
        {"item": walk.pk, "amount": 25},
        {"item": towel.pk, "amount": 2},
        {"item": therapy.pk, "amount": 1},
    ]
    context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("Synced. 1 entry saved on this phone reached Stride.")
    expect(page.locator("#plan-wait")).to_be_hidden()
    _wait_for_version(entry, 3)
    assert sorted(tick["item"] for tick in entry.plan_done) == sorted([walk.pk, towel.pk, therapy.pk])
    assert page.evaluate(QUEUED) == []

    # Again after a reload, from the server; then un-ticking the walk takes it off the day.
    page.reload()
    expect(row(page, "Towel on the left foot").get_by_label("Times done")).to_have_value("2")
    expect(row(page, "Physical therapy").get_by_label("Did it today")).to_be_checked()
    row(page, "Brisk walk").get_by_label("Did it today").uncheck()
    expect(row(page, "Brisk walk").get_by_label("Minutes done")).to_have_value("")
    _wait_for_version(entry, 4)
    assert walk.pk not in [tick["item"] for tick in entry.plan_done]
    assert entry.function == 6  # the rest of the day as it was

    User.objects.filter(pk=teen.account.pk).update(language="es")
    page.reload()
    expect(card.get_by_role("heading", name="El plan de hoy")).to_be_visible()
    expect(row(page, "Brisk walk")).to_contain_text("25 minutos")
    no_sideways_scroll(page)
    screenshot(page, "today-plan-360-es")
    assert not errors


def _wait_for_version(entry, version, seconds=10):
    """The tick is sent by the page after the click returns: wait until the day's row has the version it makes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        entry.refresh_from_db()
        if entry.version >= version:
            return
        time.sleep(0.1)
    raise AssertionError(f"The day stayed at version {entry.version}; expected {version}")


def test_a_parent_reads_the_plans_ticks_on_the_days_page(page, live_server):
    teen = teen_with()
    walk, towel, therapy = plan_for(teen)
    parent = UserFactory(role=Role.PARENT, display_name="Dana")
    CareTeamMember.objects.create(patient=teen, member=parent, relation="parent", sees=["core"])
    ticks = [{"item": towel.pk, "amount": 2}, {"item": therapy.pk, "amount": 1}]
    EntryFactory(patient=teen, date=teen.today(), plan_done=ticks)
    errors = js_errors(page)
    sign_in(page, live_server, parent.email)
    page.goto(f"{live_server.url}/patients/{teen.pk}/")
    card = page.locator("#entry-list .entry-card").first
    expect(card).to_contain_text("Plan done")
    expect(card).to_contain_text("Towel on the left foot: 2 times, Physical therapy")
    no_sideways_scroll(page)
    assert not errors
