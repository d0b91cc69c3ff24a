"""Stride in Spanish, in a real browser at 360 px: a Spanish teen's day, the weekly check-in, Trends and the
clinician's printed summary, each axe-clean and with no English left but names and codes; and a change of
language in Settings reaches the pages the service worker keeps for offline use.

"No English left": the page's visible text, the words it gives screen readers (aria-label, title, alt,
placeholder, the page title) and the words drawn on its charts (Chart.js' labels and axis titles) hold none of
ENGLISH_WORDS, common English words that are not also Spanish words ("a", "no", "me", "total" are both).
Screenshots go to SHOTS (and test-artifacts/).
"""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import js_errors, pdf_pages, sign_in
from tests.browser.test_accessibility import RUN_AXE
from tests.browser.test_offline import wait_until_offline_ready
from tests.browser.test_trends import drawn_chart, seed_demo
from tests.factories import PASSWORD, PatientFactory
from tests.tools import program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_ENGLISH = """
    the and of to you your yours with for day days today yesterday this that these those week weeks month months
    what how why where when which who whose is are was were be been being not isn aren don didn can could should
    would will pain function sleep mood school first last average save saved trends history settings sharing
    summary check from by my we it or have had did more less than better worse there their they about after
    before every each one two three all any some only also just out up down over into see show open close print
    loading minutes minute hours hour logged entry entries goal goals treatment exercise trouble little lot easier
    harder yes hi hello thanks thank please sign back next previous since until between through in on at our
    here still already keep kept well good bad very okay usual other none nothing something everyday activities
    week's started getting improved improving lower higher level levels born age printed page diary care team
    parent clinician patient patients notes note private shared read share chart table am pm
"""
ENGLISH_WORDS = set(_ENGLISH.split())
# Names and codes that stay as they are on these pages.
KEPT = {"stride", "maya", "dana", "lee", "dr", "fhir", "csv", "fdi", "pdf"}
SHOWN_WORDS = """async () => {
  const visible = (node) => node.getClientRects().length > 0 && getComputedStyle(node).visibility !== "hidden";
  const texts = [document.title, document.body.innerText];
  for (const node of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (!visible(node) && !node.closest("[aria-hidden=true]") && node.tagName !== "CANVAS") continue;
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      if (node.hasAttribute(name)) texts.push(`[${name}] ${node.getAttribute(name)}`);
    }
  }
  const canvases = document.querySelectorAll("canvas");
  if (canvases.length) {
    const { Chart } = await import("/static/vendor/chartjs/chart.stride.min.js");
    for (const canvas of canvases) {
      const chart = Chart.getChart(canvas);
      if (!chart) continue;
      for (const set of chart.data.datasets) texts.push(`[chart] ${set.label ?? ""}`);
      for (const scale of Object.values(chart.scales)) {
        texts.push(`[chart] ${scale.options.title?.text ?? ""}`);
        for (const tick of scale.ticks) texts.push(`[chart] ${[tick.label].flat().join(" ")}`);
      }
    }
  }
  return texts.join("\\n");
}"""


def english_left(page, typed=frozenset()):
    """The lines of the page that still hold English words (but the `typed` ones: what people wrote themselves)."""
    found = []
    for line in page.evaluate(SHOWN_WORDS).splitlines():
        text = re.sub(r"^\[[a-z-]+\] ", "", line)  # where the words were found: "[aria-label] ..."
        # A one-time code ("WE6E-YFMF-PQ", or in a link's "code=WE6EYFMFPQ") is random letters, not words.
        text = re.sub(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}\b|code=[A-Z0-9]+", " ", text)
        words = {word.lower() for word in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", text)}
        english = sorted(word for word in words if word in ENGLISH_WORDS and word not in KEPT | typed)
        if english:
            found.append(f"{line.strip()[:120]}  <- {', '.join(english)}")
    return found


def spanish_and_clean(page, live_server, shot, typed=frozenset()):
    """What is wrong with the page: not in Spanish, wider than 360 px, axe's violations, English left. Its
    screenshot is kept either way. Every page is looked at before the test fails, so it tells all at once."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    problems = []
    if page.evaluate("document.documentElement.scrollWidth") > 360:
        problems.append(f"{page.url}: wider than 360 px")
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    problems += [f"{page.url}: axe: {violation}" for violation in page.evaluate(RUN_AXE)]
    SHOTS.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    problems += [f"{page.url}: English left: {line}" for line in english_left(page, typed)]
    return problems


def test_a_spanish_teens_day_checkin_and_trends_then_the_clinicians_summary(page, live_server):
    errors = js_errors(page)
    logins = seed_demo()
    User.objects.filter(email__in=[email for email, _ in logins.values()]).update(language="es")
    maya = User.objects.get(email=logins["teen"][0])
    # The demo's goals have the titles its teen typed, in English ("Exercise", "School"), so have her notes (the
    # Summary lists them), and its treatment plan the titles its clinician typed ("Towel on the left foot"): their
    # words, not Stride's.
    titles = [goal.title for goal in maya.own_patient.goals.all()]
    titles += [item.title for item in maya.own_patient.plan_items.all()]
    notes = [entry.note for entry in maya.own_patient.entries.exclude(note="")]
    typed = frozenset(word.lower() for text in titles + notes for word in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", text))
    problems = []

    sign_in(page, live_server, *logins["teen"])  # the sign-in page follows the browser: English here
    page.goto(f"{live_server.url}/today/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#function-field").get_by_label("7", exact=True).click()
    page.locator("#pain-field").get_by_label("3", exact=True).click()
    page.locator("#save-button").click()
    saved = maya.own_patient.entries.filter(date=maya.own_patient.today(), function=7, pain=3)
    for _ in range(50):
        if saved.exists():
            break
        page.wait_for_timeout(100)
    assert saved.exists(), page.locator("#main").inner_text()[:1500]
    expect(page.locator("#save-status")).not_to_be_empty()
    problems += spanish_and_clean(page, live_server, "core-es-today", typed)

    page.goto(f"{live_server.url}/checkin/")
    items = page.locator("fieldset.fdi-item")
    expect(items).to_have_count(15)
    for index in range(15):
        items.nth(index).locator("label.fdi-button").nth(1).click()
    page.locator("#checkin-save").click()
    expect(page.locator("#result-total")).to_have_text("15")
    problems += spanish_and_clean(page, live_server, "core-es-checkin", typed)

    page.goto(f"{live_server.url}/trends/")
    drawn_chart(page, "function-pain-chart")
    expect(page.locator("#insight")).not_to_be_empty()
    problems += spanish_and_clean(page, live_server, "core-es-trends", typed)

    page.context.clear_cookies()
    sign_in(page, live_server, *logins["clinician"])
    page.goto(f"{live_server.url}/patients/{maya.own_patient.pk}/summary/")
    expect(page.locator("#insight")).not_to_be_empty()
    problems += spanish_and_clean(page, live_server, "core-es-summary", typed)

    page.set_viewport_size({"width": 1024, "height": 800})
    expect(page.locator("#summary-chart")).to_be_visible()
    pdf = ARTIFACTS / "core-es-summary-print.pdf"
    pdf.write_bytes(page.pdf(format="Letter", print_background=True))
    assert pdf_pages(pdf.read_bytes()) == 1
    shot = SHOTS / "core-es-summary-print"
    subprocess.run([program("pdftoppm"), "-png", "-r", "80", "-singlefile", str(pdf), str(shot)], check=True)
    assert shot.with_suffix(".png").exists()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert not errors


def test_a_new_language_reaches_the_pages_kept_for_offline_use(page, context, live_server):
    errors = js_errors(page)
    teen = PatientFactory(account__email="ella@example.com", account__display_name="Ella").account
    sign_in(page, live_server, teen.email)
    wait_until_offline_ready(page)

    page.goto(f"{live_server.url}/settings/")
    page.locator("#language").select_option("es")
    page.locator("#profile-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")  # reloaded in Spanish
    # The worker saw a Spanish page and fetches the English pages it keeps again.
    kept_languages = """async () => {
      const name = (await caches.keys()).find((key) => key.startsWith("stride-pages-"));
      const cache = await caches.open(name);
      return Promise.all(["/today/", "/history/", "/trends/"].map(
        async (url) => (await cache.match(url))?.headers.get("Content-Language")));
    }"""
    for _ in range(100):
        if page.evaluate(kept_languages) == ["es", "es", "es"]:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(kept_languages) == ["es", "es", "es"]

    context.set_offline(True)
    page.goto(f"{live_server.url}/history/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    context.set_offline(False)
    assert not errors


def test_signed_out_the_switch_turns_the_pages_spanish_and_sign_up_keeps_it(page, live_server):
    errors = js_errors(page)
    page.goto(f"{live_server.url}/signup/")  # the browser asks for English (en-US)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Crea tu cuenta")).to_be_visible()
    problems = spanish_and_clean(page, live_server, "core-es-signup")
    assert not [problem for problem in problems if "axe" in problem or "360" in problem], problems

    page.get_by_label("¿Cómo te llamamos?").fill("Lucía")
    page.get_by_label("Fecha de nacimiento").fill("2011-04-02")
    page.get_by_label("Correo electrónico").fill("lucia@example.com")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    page.wait_for_url("**/today/")
    assert User.objects.get(email="lucia@example.com").language == "es"
    page.goto(f"{live_server.url}/settings/")
    expect(page.locator("#language")).to_have_value("es")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "core-es-settings.png"), full_page=True)
    assert not errors
