import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import CareTeamMember, User
from diary.models import FunctionCheckin
from tests.browser.helpers import js_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed_demo():
    """The demo diary, and the (email, password) of Maya, her parent and her clinician, by role."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
    return {role: (email, password) for role, email, password in reversed(lines)}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_demo_teen_sees_function_leading_pain(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["teen"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trends").click()

    insight = page.locator("#insight")
    expect(insight).to_contain_text("Function started getting better on")
    expect(insight).to_contain_text("This is the usual path")
    # The chart's text alternative: a summary tied to the canvas, and a table behind "Show as a table".
    canvas = page.locator("#function-pain-chart")
    expect(canvas).to_have_attribute("aria-describedby", "function-pain-summary")
    expect(page.locator("#function-pain-summary")).to_contain_text("In the first week, function averaged")
    page.get_by_text("Show as a table").first.click()
    table = page.get_by_role("table").first
    expect(table.get_by_role("columnheader", name="Function")).to_be_visible()
    assert table.get_by_role("row").count() >= 12
    expect(page.locator("#checkins-summary")).to_contain_text("From 2")
    expect(page.get_by_role("heading", name="Mood")).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, "trends-teen-360")

    page.get_by_role("button", name="4 weeks").click()
    expect(page.get_by_role("button", name="4 weeks")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#calendar-summary")).to_contain_text("of 28 days")
    expect(insight).to_contain_text("Function started getting better on")
    assert not errors


def test_a_parent_sees_only_what_was_shared(page, live_server):
    errors = js_errors(page)
    logins = seed_demo()
    parent = User.objects.get(email=logins["parent"][0])
    CareTeamMember.objects.filter(member=parent).update(sees=["core"])
    sign_in(page, live_server, *logins["parent"])
    page.get_by_role("link", name="Maya").first.click()
    page.get_by_role("navigation", name="Maya's diary").get_by_role("link", name="Trends").click()
    expect(page.locator("#insight")).to_contain_text("Function started getting better on")
    expect(page.locator("#function-pain-summary")).not_to_be_empty()
    expect(page.get_by_role("heading", name="Mood")).to_have_count(0)
    expect(page.get_by_role("heading", name="When treatment started")).to_have_count(0)
    no_sideways_scroll(page)
    assert not errors


def test_a_clinician_sets_the_treatment_start(page, live_server):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])
    page.get_by_role("link", name="Maya").first.click()
    page.get_by_role("navigation", name="Maya's diary").get_by_role("link", name="Trends").click()
    field = page.get_by_label("Treatment started on")
    expect(field).not_to_have_value("")
    field.fill("2001-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator('[data-error-for="treatment_start"]')).to_contain_text("before the birth date")
    field.fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#treatment-start-status")).to_contain_text("Cleared")
    assert User.objects.get(email=logins["teen"][0]).own_patient.treatment_start is None
    assert not errors


def test_the_teen_does_the_weekly_checkin_from_today(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["teen"])
    page.get_by_role("link", name="Start the weekly check-in").click()
    expect(page.get_by_role("heading", name="How have everyday things been?")).to_be_visible()
    items = page.locator("fieldset.fdi-item")
    assert items.count() == 15
    for index in range(14):
        items.nth(index).get_by_label("A little trouble").check()
    page.get_by_role("button", name="Save and see the total").click()
    expect(page.locator("#form-error")).to_contain_text("1 still need")
    expect(items.nth(14).locator(".field-error")).to_have_text("Choose one answer.")
    assert not FunctionCheckin.objects.filter(
        date=User.objects.get(email=logins["teen"][0]).own_patient.today()
    ).exists()

    items.nth(14).get_by_label("Some trouble").check()
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save and see the total").click()
    expect(page.locator("#result-total")).to_have_text("16")
    expect(page.locator("#result-band")).to_have_text("Some trouble with everyday activities.")
    screenshot(page, "checkin-result-360")
    page.get_by_role("link", name="See the trends").click()
    expect(page.locator("#checkins-summary")).to_contain_text("to 16")
    assert not errors
