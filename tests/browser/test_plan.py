"""The treatment plan in a real browser at 360 px: a clinician writes a plan on the patient's pages; the teen reads
her Plan page; Trends and the Summary show the plan beside function. English and Spanish, with screenshots in
test-artifacts/ (plan-*.png, trends-plan-*.png, summary-plan-*.png)."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import AccessLogEntry, CareTeamMember, Role, User
from diary.models import PlanItem
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_trends import no_sideways_scroll, seed_demo
from tests.factories import PatientFactory, PlanItemFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZONE = "America/New_York"  # the browser's, as tests/browser/conftest.py sets it


def card(page, title):
    """An item's card on the Plan page, by its heading (a card's form may name other items in its hints)."""
    return page.locator("#plan-items > li").filter(has=page.get_by_role("heading", name=title, exact=True))


def in_spanish(page, user):
    User.objects.filter(pk=user.pk).update(language="es")
    page.reload()


def test_a_clinician_writes_a_plan_at_360_px(page, live_server, screenshot):
    errors = js_errors(page)
    maya = PatientFactory(account__display_name="Maya", timezone=ZONE, account__timezone=ZONE)
    lee = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee", email="lee@example.com", timezone=ZONE)
    CareTeamMember.objects.create(patient=maya, member=lee, relation="clinician", sees=["core"])
    sign_in(page, live_server, lee.email)
    page.goto(f"{live_server.url}/patients/{maya.pk}/plan/")
    expect(page.get_by_role("heading", name="Maya's treatment plan")).to_be_visible()
    expect(page.locator("#plan-empty")).to_be_visible()
    form = page.locator("#add-item-form")
    status = page.locator("#plan-status")

    # A brisk walk: 15 minutes on 5 days a week, rising by 5 every week up to 45.
    form.get_by_label("Exercise").check()
    form.get_by_label("Name", exact=True).fill("Brisk walk")
    form.get_by_label("Instructions (optional)").fill("Fast enough to breathe harder, slow enough to talk.")
    form.get_by_label("Amount", exact=True).fill("15")
    form.get_by_label("Days a week", exact=True).fill("5")
    form.get_by_text("Make it go up week by week").click()
    form.get_by_label("Goes up by").fill("5")
    form.get_by_label("Every how many weeks").fill("1")
    form.get_by_label("Up to").fill("45")
    form.get_by_role("button", name="Add to the plan").click()
    expect(status).to_have_text("Added to the plan: Brisk walk.")
    walk = card(page, "Brisk walk")
    expect(walk).to_contain_text("Today: 15 minutes")
    expect(walk).to_contain_text("It goes up by 5 minutes every week, up to 45 minutes.")
    expect(walk.locator(".plan-steps li").first).to_contain_text("20 minutes")

    # Towel desensitisation, 3 times a day, every day.
    form.get_by_label("Touch practice").check()
    form.get_by_label("Name", exact=True).fill("Towel on the left foot")
    form.get_by_label("Amount", exact=True).fill("3")
    form.get_by_label("Unit").select_option("times")
    form.get_by_label("Days a week", exact=True).fill("7")
    form.get_by_role("button", name="Add to the plan").click()
    expect(status).to_have_text("Added to the plan: Towel on the left foot.")

    # Physical therapy on Tuesdays and Thursdays: a session takes fixed days and no amount.
    form.get_by_label("Therapy session").check()
    expect(form.get_by_label("Amount", exact=True)).to_be_hidden()
    form.get_by_label("Name", exact=True).fill("Physical therapy")
    form.get_by_label("Tuesday").check()
    form.get_by_label("Thursday").check()
    form.get_by_role("button", name="Add to the plan").click()
    expect(status).to_have_text("Added to the plan: Physical therapy.")
    expect(card(page, "Physical therapy")).to_contain_text("Every Tuesday and Thursday.")

    # School, part days, 3 a week; and the dog walk, 3 days a week, done or not.
    form.get_by_label("School", exact=True).check()
    form.get_by_label("Name", exact=True).fill("School")
    form.get_by_label("Days a week", exact=True).fill("3")
    form.get_by_role("button", name="Add to the plan").click()
    expect(status).to_have_text("Added to the plan: School.")
    form.get_by_label("Everyday activity").check()
    form.get_by_label("Name", exact=True).fill("Walk the dog")
    form.get_by_label("Days a week", exact=True).fill("3")
    form.get_by_role("button", name="Add to the plan").click()
    expect(status).to_have_text("Added to the plan: Walk the dog.")
    expect(page.locator("#plan-items > li")).to_have_count(5)

    # A bad amount is said next to its field, and nothing is added.
    form.get_by_label("Exercise").check()
    form.get_by_label("Name", exact=True).fill("Too much")
    form.get_by_label("Amount", exact=True).fill("2000")
    form.get_by_label("Days a week", exact=True).fill("5")
    form.get_by_role("button", name="Add to the plan").click()
    expect(form.locator('[data-error-for="amount"]')).to_contain_text("1 to 1440")
    expect(page.locator("#plan-items > li")).to_have_count(5)

    # The walk's dose changes from tomorrow: today keeps 15.
    walk.get_by_role("button", name="Change").click()
    change = walk.locator("form.plan-change")
    change.get_by_label("Amount", exact=True).fill("10")
    change.get_by_role("button", name="Save the change").click()
    expect(status).to_have_text("Saved: Brisk walk. From tomorrow: 10 minutes.")
    expect(walk).to_contain_text("Today: 15 minutes")

    # The dog walk ends today: it stays in the history.
    dog = card(page, "Walk the dog")
    dog.get_by_role("button", name="End this item").click()
    dog.get_by_role("button", name="Yes, end it today").click()
    expect(status).to_contain_text("Ended: Walk the dog.")
    expect(page.locator("#plan-items > li")).to_have_count(4)
    expect(page.locator("#ended-list > li")).to_have_count(1)
    expect(page.locator("#plan-changed")).to_contain_text("Last changed by Dr Lee")
    no_sideways_scroll(page)
    page.locator("#add-item-form").get_by_label("Exercise").check()
    screenshot(page, "plan-editor-360")

    assert PlanItem.objects.filter(patient=maya).count() == 5
    logged = AccessLogEntry.objects.get(patient=maya, action="change")
    assert logged.actor == lee and len(logged.details) == 7  # 5 added, the walk's dose, the dog ended

    in_spanish(page, lee)
    expect(page.get_by_role("heading", name="Plan de tratamiento de Maya")).to_be_visible()
    expect(card(page, "Brisk walk")).to_contain_text("Hoy: 15 minutos")
    no_sideways_scroll(page)
    screenshot(page, "plan-editor-360-es")
    assert not errors


def test_the_teen_reads_her_plan_with_the_weeks_ahead(page, live_server, screenshot):
    errors = js_errors(page)
    maya = PatientFactory(account__display_name="Maya", timezone=ZONE, account__timezone=ZONE)
    lee = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee")
    started = maya.today() - datetime.timedelta(days=14)
    PlanItemFactory(
        patient=maya,
        starts_on=started,
        created_by=lee,
        instructions="Fast enough to breathe harder, slow enough to talk.",
        terms__step_amount=5,
        terms__step_every_weeks=1,
        terms__max_amount=45,
    )
    PlanItemFactory(
        patient=maya,
        starts_on=started,
        kind="session",
        title="Physical therapy",
        created_by=lee,
        terms__unit=None,
        terms__amount=None,
        terms__weekdays=0b1010,
    )
    sign_in(page, live_server, maya.account.email)
    page.goto(f"{live_server.url}/plan/")
    expect(page.get_by_role("heading", name="Your treatment plan")).to_be_visible()
    walk = card(page, "Brisk walk")
    expect(walk).to_contain_text("Today: 25 minutes")  # two whole weeks in: 15 + 2 x 5
    expect(walk).to_contain_text("25 minutes a day, on 5 days a week, any days you choose.")
    expect(walk.locator(".plan-instructions")).to_contain_text("slow enough to talk")
    expect(walk.locator(".plan-steps li")).to_have_count(4)  # 30, 35, 40, 45
    expect(walk.locator(".plan-steps li").last).to_contain_text("45 minutes")
    expect(page.locator("#add-item-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Change")).to_have_count(0)
    no_sideways_scroll(page)
    screenshot(page, "plan-teen-360")
    in_spanish(page, maya.account)
    expect(page.get_by_role("heading", name="Tu plan de tratamiento")).to_be_visible()
    expect(walk).to_contain_text("Hoy: 25 minutos")
    expect(card(page, "Physical therapy")).to_contain_text("Cada martes y jueves.")
    no_sideways_scroll(page)
    screenshot(page, "plan-teen-360-es")
    assert not errors


def test_trends_and_the_summary_show_the_plan_beside_function(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    maya = User.objects.get(email=logins["teen"][0])
    sign_in(page, live_server, *logins["teen"])
    page.goto(f"{live_server.url}/plan/")
    expect(page.locator("#plan-items > li")).to_have_count(5)
    screenshot(page, "plan-demo-360")

    page.goto(f"{live_server.url}/trends/")
    section = page.locator("#plan-section")
    expect(section).to_be_visible()
    expect(page.locator("#plan-summary")).to_contain_text("of the plan was done in these weeks")
    expect(page.locator("#plan-summary")).not_to_contain_text("should")
    section.evaluate("(node) => node.scrollIntoView({ block: 'start' })")
    page.wait_for_timeout(300)
    no_sideways_scroll(page)
    screenshot(page, "trends-plan-360")
    in_spanish(page, maya)
    expect(page.locator("#plan-summary")).to_contain_text("del plan")
    no_sideways_scroll(page)
    page.locator("#plan-section").evaluate("(node) => node.scrollIntoView({ block: 'start' })")
    page.wait_for_timeout(300)
    screenshot(page, "trends-plan-360-es")

    page.context.clear_cookies()
    sign_in(page, live_server, *logins["clinician"])
    page.goto(f"{live_server.url}/patients/{maya.own_patient.pk}/summary/")
    box = page.locator("#summary-plan-box")
    expect(box).to_be_visible()
    expect(page.locator("#plan-adherence")).to_contain_text("of what the plan asked")
    expect(page.locator("#plan-rows tr")).to_have_count(5)
    expect(page.locator("#plan-rows")).to_contain_text("45 minutes")
    no_sideways_scroll(page)
    screenshot(page, "summary-plan-360")
    lee = User.objects.get(email=logins["clinician"][0])
    in_spanish(page, lee)
    expect(page.locator("#plan-adherence")).to_contain_text("de lo que pedía el plan")
    no_sideways_scroll(page)
    screenshot(page, "summary-plan-360-es")
    assert not errors
