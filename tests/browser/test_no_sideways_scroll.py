"""No page scrolls sideways on a 360x740 phone, in English or in Spanish: every page of tests/browser/pages.py
(the same lists the accessibility test visits), signed out, as a teen, as a parent on a teen's care team who
keeps a child's diary, and as a clinician.

Measured as the browser sees it: `document.scrollingElement.scrollWidth <= clientWidth`, once as the page
loads and once more with every fold (`<details>`) open, since a long word behind a fold widens the page all the
same when it is opened; and no form control reaches past the main column's margin (the Summary's "To" date did,
cut off by the edge of a phone with a narrower margin). A failure names the elements that reach past the edge.
Each page is kept as a screenshot, `test-artifacts/width-<language>-<who>-<page>.png`.
"""

import re

import pytest

from accounts.models import User
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import js_errors, settle, sign_in, track_requests
from tests.browser.pages import (
    clinician_pages,
    expired_code,
    link_pages,
    parent_pages,
    seed_demo,
    signed_out_pages,
    teen_pages,
)
from tests.browser.test_accessibility import kept_child
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "es")
MEASURE_WIDTH = """() => {
  const root = document.scrollingElement;
  const edge = root.clientWidth;
  const wide = [];
  for (const node of document.body.querySelectorAll("*")) {
    const box = node.getBoundingClientRect();
    if (box.width > 0 && box.right > edge + 0.5 && !node.closest("[hidden]")) {
      const id = node.id ? `#${node.id}` : "";
      const text = (node.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
      wide.push(`${node.tagName.toLowerCase()}${id} right=${Math.round(box.right)} "${text}"`);
    }
  }
  // A box that crosses the page's margin (the Summary's "To" date did) is cut off by the screen's edge on a phone
  // with a narrower margin, so form controls keep inside the main column too.
  const main = document.querySelector("main");
  const column = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
  const outside = [];
  for (const control of main.querySelectorAll("input, select, textarea, button, .button")) {
    const box = control.getBoundingClientRect();
    const hiddenInLabel = getComputedStyle(control).opacity === "0";
    if (box.width > 0 && !hiddenInLabel && box.right > column + 0.5) {
      outside.push(`${control.tagName.toLowerCase()}#${control.id} right=${Math.round(box.right)} > ${column}`);
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: edge, wide: wide.slice(0, 8), outside };
}"""
OPEN_FOLDS = "() => document.querySelectorAll('details').forEach((fold) => { fold.open = true; })"


def shot_name(language, who, path):
    return f"width-{language}-{who}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'home'}"


def assert_no_sideways_scroll(page, live_server, pages, language, who):
    problems = []
    for path, ready in pages:
        page.goto(f"{live_server.url}{path}")
        if ready is not None:
            ready(page)
        settle(page)
        assert page.evaluate("document.documentElement.lang") == language, path
        page.screenshot(path=str(ARTIFACTS / f"{shot_name(language, who, path)}.png"), full_page=True)
        for state in ("as loaded", "folds open"):
            if state == "folds open":
                page.evaluate(OPEN_FOLDS)
            width = page.evaluate(MEASURE_WIDTH)
            if width["scrollWidth"] > width["clientWidth"]:
                problems.append(f"{path} ({state}): {width['scrollWidth']} > {width['clientWidth']}: {width['wide']}")
            if width["outside"]:
                problems.append(f"{path} ({state}): past the column: {width['outside']}")
    assert problems == [], f"{who} in {language}: " + "\n".join(problems)


@pytest.fixture
def phone(browser, browser_context_args):
    """A page in a new browser whose languages are `language` (what a signed-out page follows)."""
    contexts = []

    def open_in(language):
        context = browser.new_context(**{**browser_context_args, "locale": "es-ES" if language == "es" else "en-US"})
        contexts.append(context)
        return track_requests(context.new_page())

    yield open_in
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_out(phone, live_server, language):
    ARTIFACTS.mkdir(exist_ok=True)
    page = phone(language)
    errors = js_errors(page)
    maya = UserFactory(email="maya@example.com", display_name="Maya", email_verified=False)
    pages = [*signed_out_pages(), *link_pages(maya)]
    assert_no_sideways_scroll(page, live_server, pages, language, "signed-out")
    assert not errors


def _speaking(logins, role, language):
    user = User.objects.get(email=logins[role][0])
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_teen(phone, live_server, language):
    ARTIFACTS.mkdir(exist_ok=True)
    logins = seed_demo()
    maya = _speaking(logins, "teen", language).own_patient
    expired_code(maya)
    page = phone(language)
    errors = js_errors(page)
    sign_in(page, live_server, *logins["teen"])
    assert_no_sideways_scroll(page, live_server, teen_pages(maya), language, "teen")
    assert not errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_parent_with_a_child(phone, live_server, language):
    ARTIFACTS.mkdir(exist_ok=True)
    logins = seed_demo()
    dana = _speaking(logins, "parent", language)
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    ben = kept_child(dana)
    page = phone(language)
    errors = js_errors(page)
    sign_in(page, live_server, *logins["parent"])
    assert_no_sideways_scroll(page, live_server, parent_pages(maya, ben), language, "parent")
    assert not errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clinician(phone, live_server, language):
    ARTIFACTS.mkdir(exist_ok=True)
    logins = seed_demo()
    _speaking(logins, "clinician", language)
    maya = User.objects.get(email=logins["teen"][0]).own_patient
    priya = User.objects.get(email__startswith="priya@").own_patient
    page = phone(language)
    errors = js_errors(page)
    sign_in(page, live_server, *logins["clinician"])
    assert_no_sideways_scroll(page, live_server, clinician_pages(maya, priya), language, "clinician")
    assert not errors
