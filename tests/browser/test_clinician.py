import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_trends import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_a_clinician_runs_a_follow_up_from_the_dashboard_and_prints_one_page(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])

    patients = page.get_by_role("list", name="Patients, whoever needs attention first").locator(":scope > li")
    expect(patients).to_have_count(3)
    # Priya (function falling, low mood) and Jordan (quiet for 9 days) come before Maya, who is doing well.
    expect(patients.nth(0)).to_contain_text("Function down 2 or more over 2 weeks")
    expect(patients.nth(0)).to_contain_text("Low mood on 10 of the last 14 days")
    expect(patients.nth(1)).to_contain_text("No entry for 7 days")
    expect(patients.nth(2)).to_contain_text("Maya")
    expect(patients.nth(2)).to_contain_text("Check-in 9/60, minimal")
    screenshot(page, "dashboard-clinician-360")

    page.get_by_role("link", name="Summary for Maya").click()
    expect(page.get_by_role("heading", name="Maya: Stride summary")).to_be_visible()
    expect(page.locator("#insight")).to_contain_text("Function started getting better on")
    expect(page.locator("#function-change")).to_contain_text("+")
    expect(page.locator("#fact-logged")).to_contain_text("of 84 days")
    expect(page.locator("#fdi-latest")).to_contain_text("minimal")
    expect(page.locator("#top-symptoms li")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summary-clinician-360")

    page.set_viewport_size({"width": 1024, "height": 800})
    expect(page.locator("#summary-chart")).to_be_visible()
    pdf = page.pdf(format="Letter", print_background=True)
    assert pdf_pages(pdf) == 1
    a4 = page.pdf(format="A4", print_background=True)
    assert pdf_pages(a4) == 1
    (ARTIFACTS / "summary-print.pdf").write_bytes(pdf)
    assert not errors
