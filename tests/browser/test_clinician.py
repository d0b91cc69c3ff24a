import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import js_errors, pdf_pages, sign_in
from tests.browser.test_trends import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinician_runs_a_follow_up_from_the_dashboard_and_prints_one_page(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])

    patients = page.get_by_role("list", name="Patients, whoever needs attention first").locator(":scope > li")
    expect(patients).to_have_count(3)
    # Priya (function falling, low mood) and Jordan (quiet for 9 days) come before Maya, who is doing well. The
    # flags say their exact counts.
    expect(patients.nth(0)).to_contain_text(re.compile(r"Function down \d\.\d over 2 weeks \(7-day average"))
    expect(patients.nth(0)).to_contain_text(re.compile(r"Low mood on 1[0-4] of the last 14 days"))
    expect(patients.nth(1)).to_contain_text("No entry for 9 days")
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
    # The server's one-page PDF of the period shown, on the paper chosen.
    link = page.locator("#pdf-link")
    expect(link).to_have_attribute("href", re.compile(r"/summary\.pdf\?from=[-0-9]{10}&to=[-0-9]{10}&paper=a4$"))
    page.locator("#pdf-paper").select_option("letter")
    expect(link).to_have_attribute("href", re.compile(r"&paper=letter$"))
    printed = page.request.get(live_server.url + link.get_attribute("href"))
    assert printed.ok and printed.body().startswith(b"%PDF") and pdf_pages(printed.body()) == 1
    assert b"/MediaBox [ 0 0 612 792 ]" in printed.body()  # Letter

    page.set_viewport_size({"width": 1024, "height": 800})
    expect(page.locator("#summary-chart")).to_be_visible()
    pdf = page.pdf(format="Letter", print_background=True)
    assert pdf_pages(pdf) == 1
    a4 = page.pdf(format="A4", print_background=True)
    assert pdf_pages(a4) == 1
    (ARTIFACTS / "summary-print.pdf").write_bytes(pdf)
    assert not errors


def chart_fills_its_box(page):
    """The summary chart's canvas is as wide as its box (within a few pixels of the box's padding)."""
    box = page.locator("#summary-chart").locator("xpath=..").bounding_box()
    canvas = page.locator("#summary-chart").bounding_box()
    assert canvas["width"] >= box["width"] - 2, (canvas, box)


def test_a_decline_is_said_plainly_on_the_summary_and_on_paper(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])
    page.get_by_role("link", name="Summary for Priya").click()
    expect(page.get_by_role("heading", name="Priya: Stride summary")).to_be_visible()
    # The dashboard's flags first, then a sentence that says function is lower, beside a table that shows it.
    flags = page.get_by_role("region", name="Needs attention")
    expect(flags).to_contain_text("Function down")
    expect(flags).to_contain_text("Low mood on")
    insight = page.locator("#insight")
    expect(insight).to_contain_text("Function is lower than in the first week")
    expect(insight).not_to_contain_text("not changed")
    expect(page.locator("#function-change")).to_contain_text("-")
    expect(page.locator("#summary-born")).to_contain_text(re.compile(r"Born .+, age 1\d"))
    expect(page.locator("#summary-period")).to_contain_text("diary started")
    # 42 days of diary in a 12-week period: counted from her first entry, not "41 of 84 (49%)".
    expect(page.locator("#fact-logged")).to_contain_text(re.compile(r"of 42 days since the first entry \(9\d%\)"))
    expect(page.locator(".printed")).to_contain_text("Printed by Dr Lee (clinician)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summary-priya-360")

    # On paper, from the phone: the chart is redrawn to the paper's width, and it all fits one page.
    page.emulate_media(media="print")
    chart_fills_its_box(page)
    page.emulate_media(media="no-override")  # "screen" would hold through page.pdf() too
    for paper in ("Letter", "A4"):
        pdf = page.pdf(format=paper, print_background=True)
        (ARTIFACTS / f"summary-priya-{paper.lower()}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1, paper
    assert not errors


def test_a_clinician_reads_the_clinics_outcomes(page, live_server, screenshot):
    errors = js_errors(page)
    logins = seed_demo()
    sign_in(page, live_server, *logins["clinician"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Clinic outcomes", level=1)).to_be_visible()
    expect(page.locator("#outcomes-status")).to_contain_text("3 patients share a diary with you")
    expect(page.locator("#function-improved")).to_have_text(re.compile(r"\d of \d"))
    expect(page.locator("#fdi-minimal")).to_have_text("1 of 3")  # Maya: 26 to 9
    expect(page.locator("#status-rows")).to_contain_text("Function improved first, then pain")
    published = page.get_by_role("complementary", name="Other programmes' published results")
    expect(published).to_contain_text("not a target")
    expect(published).to_contain_text("Hechler")
    page.get_by_text("Show as a table").click()
    expect(page.locator("#change-table")).to_contain_text("\u22123")  # from -3 at least, to +3 at least
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "outcomes-clinician-360")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV (no names)").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert text.startswith("\ufeffrow,enough_data,status") and len(text.splitlines()) == 4  # a byte order mark first
    assert "Priya" not in text and "Maya" not in text and "Jordan" not in text
    assert not errors
