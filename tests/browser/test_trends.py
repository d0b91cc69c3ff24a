import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import CareTeamMember, User
from diary.models import FunctionCheckin
from tests.browser.helpers import js_errors, sign_in
from tests.factories import EntryFactory, GoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed_demo():
    """The demo diary, and the (email, password) of Maya, her parent and her clinician, by role."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
    return {role: (email, password) for role, email, password in reversed(lines)}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def drawn_chart(page, canvas_id):
    """Waits for the chart on a canvas, then gives its x axis (range, labels, plot area) and the x pixel of each
    point of each dataset. The page's own Chart.js finds it: importing the same URL gives the same module."""
    for _ in range(100):
        facts = page.evaluate(
            """async (id) => {
                const { Chart } = await import("/static/vendor/chartjs/chart.stride.min.js");
                const chart = Chart.getChart(document.getElementById(id));
                if (!chart?.chartArea) return null;  // made, and drawn
                const x = chart.scales.x;
                return {
                    min: x.min, max: x.max, labels: x.ticks.map((tick) => tick.label),
                    left: chart.chartArea.left, right: chart.chartArea.right,
                    points: chart.data.datasets.map((_, i) => chart.getDatasetMeta(i).data.map((point) => point.x)),
                };
            }""",
            canvas_id,
        )
        if facts:
            return facts
        page.wait_for_timeout(100)
    raise AssertionError(f"No chart was drawn on #{canvas_id}.")


def test_the_demo_teen_sees_function_leading_pain(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["teen"])
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trends").click()
    expect(page.locator("#function-pain-summary")).not_to_be_empty()
    drawn_chart(page, "function-pain-chart")
    # The words come first: Chart.js is asked for only once the trends have answered (and been put in words).
    trends_at = next(i for i, url in enumerate(asked) if "/api/v1/patients/" in url and "/trends/" in url)
    chart_at = next(i for i, url in enumerate(asked) if "chart.stride.min.js" in url)
    assert trends_at < chart_at

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
    # Maya's function got better in October, before these 4 weeks: the day is not named, how it went is.
    expect(insight).to_contain_text("Function started getting better before these 4 weeks, and")
    expect(insight).not_to_contain_text("Function started getting better on")
    screenshot(page, "trends-4-weeks-teen-360")
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


# A Wednesday afternoon, the same day in every time zone the tests use: the diary started on the Monday.
NEW_DIARY_NOW = datetime.datetime(2027, 3, 10, 15, 0, tzinfo=datetime.UTC)


def three_day_diary(patient, time_machine):
    """Monday to Wednesday logged, one school day, exercise on two days, and a goal of two days a week."""
    time_machine.move_to(NEW_DIARY_NOW)
    today = patient.today()
    assert today == datetime.date(2027, 3, 10)
    days = [today - datetime.timedelta(days=back) for back in (2, 1, 0)]
    for day, function, pain, school, minutes in zip(
        days, (4, 5, 6), (6, 5, 4), ("full", None, None), (20, None, 40), strict=True
    ):
        EntryFactory(patient=patient, date=day, function=function, pain=pain, school=school, exercise_minutes=minutes)
    GoalFactory(patient=patient, title="Stretches", measure="custom", target=2)


def test_a_three_day_old_diary_fills_the_charts_from_its_first_day(page, live_server, teen, time_machine, screenshot):
    three_day_diary(teen.own_patient, time_machine)
    errors = js_errors(page)
    sign_in(page, live_server, teen.email)
    page.goto(f"{live_server.url}/trends/")

    # Three months are asked for; the axis starts at the diary's first day, with the three days as its labels,
    # and the three days' dots spread across the plot, the first near its left edge and the last near its right.
    expect(page.get_by_role("button", name="3 months")).to_have_attribute("aria-pressed", "true")
    chart = drawn_chart(page, "function-pain-chart")
    assert (chart["min"], chart["max"]) == (-0.5, 2.5)
    assert chart["labels"] == ["Mar 8", "Mar 9", "Mar 10"]
    dots = chart["points"][1]  # the single days of function
    width = chart["right"] - chart["left"]
    assert len(dots) == 3
    assert dots[0] - chart["left"] < width / 4 and chart["right"] - dots[2] < width / 4

    # Units everywhere, in the singular where there is one.
    expect(page.locator("#function-pain-summary")).to_have_text("Function and pain were logged on 3 of 3 days.")
    expect(page.locator("#school-summary")).to_have_text("Of 1 school day logged: 1 full, 0 part, 0 missed.")
    expect(page.locator("#calendar-summary")).to_have_text("Logged 3 of 3 days since the first entry on Mar 8 (100%).")
    expect(page.locator("#exercise-summary")).to_contain_text("minutes a week in this time")
    # Nothing to draw, nothing drawn: no sleep, mood or check-in yet, only the sentence that says so.
    expect(page.locator("#sleep-summary")).to_have_text("No sleep logged in this time.")
    for name in ("sleep", "mood", "checkins"):
        expect(page.locator(f"#{name}-chart")).to_be_hidden()
        expect(page.locator(f"#{name}-table")).to_be_hidden()
    expect(page.locator("#sleep-title ~ .chart-legend")).to_be_hidden()  # no key for lines that aren't there
    expect(page.locator("#goal-weeks")).to_contain_text("Stretches: 2 days a week")
    page.get_by_text("Show each week").click()
    expect(page.locator("#goal-weeks table")).to_contain_text("0 of 2 days")
    # One week, not thirteen mostly empty ones.
    page.locator("#function-pain-title ~ details summary").click()
    assert page.locator("#function-pain-table tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The charts lower down are drawn as they come near the screen: scroll there first, for the picture.
    page.get_by_role("heading", name="Days logged").scroll_into_view_if_needed()
    assert drawn_chart(page, "exercise-chart")["labels"] == ["Mar 10"]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "trends-new-diary-360")
    assert not errors


def test_a_new_diary_in_spanish(page, live_server, teen, time_machine, screenshot):
    three_day_diary(teen.own_patient, time_machine)
    teen.language = "es"
    teen.save(update_fields=["language"])
    errors = js_errors(page)
    sign_in(page, live_server, teen.email)
    page.goto(f"{live_server.url}/trends/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cómo van las cosas")
    expect(page.locator("#function-pain-summary")).to_have_text("La función y el dolor se anotaron 3 de 3 días.")
    expect(page.locator("#school-summary")).to_have_text(
        "De 1 día de escuela anotado: 1 de día completo, 0 de parte del día y 0 sin ir."
    )
    expect(page.locator("#calendar-summary")).to_contain_text("Anotados 3 de 3 días desde la primera entrada, el 8 mar")
    page.get_by_text("Ver cada semana").click()
    expect(page.locator("#goal-weeks table")).to_contain_text("0 de 2 días")
    assert drawn_chart(page, "function-pain-chart")["labels"] == ["8 mar", "9 mar", "10 mar"]
    screenshot(page, "trends-new-diary-es-360")
    page.get_by_role("button", name="Todo").click()
    expect(page.get_by_role("button", name="Todo")).to_have_attribute("aria-pressed", "true")
    assert not errors
