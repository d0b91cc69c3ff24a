"""A day's entry on a 360x740 phone: the body map by touch and by keyboard, the taps and the length of a full entry,
words that fit a past day and a parent keeping a child's diary, where pain was on History and the Summary, and axe
in the light and the dark palette."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts import sharing
from accounts.models import Role
from diary.models import DailyEntry
from diary.vocabularies import PainLocation
from frontend.day_entry import BODY_MAP_BACK, BODY_MAP_FRONT
from tests.browser.conftest import PHONE
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import assert_targets_and_text, check_as_it_is
from tests.factories import CheckinFactory, EntryFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREEN = PHONE["height"]
TAP = 44


def shot(page, name, locator=None):
    SHOTS.mkdir(parents=True, exist_ok=True)
    (locator or page).screenshot(path=str(SHOTS / f"{name}.png"), **({} if locator else {"full_page": True}))


@pytest.fixture
def maya():
    """A teen whose weekly check-in is done, so Today is the everyday page."""
    patient = PatientFactory(account__email="maya@example.com", account__display_name="Maya")
    CheckinFactory(patient=patient, date=patient.today())
    return patient


@pytest.fixture
def touch_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, has_touch=True)
    yield context.new_page()
    context.close()


def open_body_group(page):
    page.locator("#more-details > summary").click()
    page.locator("#group-body > summary").click()
    expect(page.locator("#pain_locations-field")).to_be_visible()


def checked_places(page):
    return page.locator('input[name="pain_locations"]:checked').evaluate_all("boxes => boxes.map(b => b.value)")


def test_every_place_has_a_region_of_at_least_44_px_and_none_overlap(page, live_server, maya):
    sign_in(page, live_server, "maya@example.com")
    open_body_group(page)
    mapped = [*BODY_MAP_FRONT, *BODY_MAP_BACK]
    assert set(mapped) == set(PainLocation.values) - {"whole_body"} and len(mapped) == len(set(mapped))
    boxes = {}
    for code in mapped:
        box = page.locator(f'.bm-target input[value="{code}"]').bounding_box()
        assert box["width"] >= TAP and box["height"] >= TAP, (code, box)
        boxes[code] = box
    for one in boxes:
        for other in boxes:
            a, b = boxes[one], boxes[other]
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert one == other or apart, (one, other)
    # The front view shows the person facing us: their right side is on our left.
    for part in ("shoulder", "arm", "hand", "hip", "leg", "knee", "foot"):
        assert boxes[f"right_{part}"]["x"] < boxes[f"left_{part}"]["x"], part
    all_over = page.get_by_label("All over", exact=True)
    assert all_over.get_attribute("type") == "checkbox"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_body_map_by_touch(touch_page, live_server, maya):
    page = touch_page
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    page.locator("#function-field").get_by_label("6", exact=True).tap()
    page.locator("#pain-field").get_by_label("5", exact=True).tap()
    page.locator("#more-details > summary").tap()
    page.locator("#group-body > summary").tap()
    page.get_by_label("Right knee", exact=True).tap()
    page.get_by_label("Left leg", exact=True).tap()
    page.get_by_label("Lower back", exact=True).tap()
    words = page.locator("#body-map-chosen")
    expect(words).to_have_text("Chosen: Left leg, Right knee, Lower back")
    expect(page.locator('.bm-front [data-code="right_knee"]')).to_have_class("bm-region on")
    expect(page.locator('.bm-back [data-code="lower_back"]')).to_have_class("bm-region on")
    expect(page.locator('.bm-front [data-code="left_knee"]')).to_have_class("bm-region")
    expect(page.locator("#group-body .group-count")).to_have_text("3 chosen")
    page.get_by_label("Lower back", exact=True).tap()  # a second tap takes it away
    expect(words).to_have_text("Chosen: Left leg, Right knee")
    page.get_by_label("Headache").tap()
    expect(page.locator("#group-body .group-count")).to_have_text("3 chosen")
    shot(page, "entry-today-bodymap")
    page.get_by_role("button", name="Save").tap()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    entry = DailyEntry.objects.get()
    assert entry.pain_locations == ["left_leg", "right_knee"] and entry.symptoms == ["headache"]

    page.reload()  # the saved day opens with its places shown, on the map and in words
    expect(page.locator("#group-body")).to_have_attribute("open", "")
    expect(page.locator("#body-map-chosen")).to_have_text("Chosen: Left leg, Right knee")
    expect(page.locator('.bm-front [data-code="left_leg"]')).to_have_class("bm-region on")
    assert not errors


def test_the_body_map_by_keyboard(page, live_server, maya):
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    page.locator("#more-details > summary").focus()
    page.keyboard.press("Enter")
    page.locator("#group-body > summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#group-body")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Head", exact=True)).to_be_focused()
    for code in BODY_MAP_FRONT[1:]:  # the regions in the order drawn: row by row, left to right
        page.keyboard.press("Tab")
        expect(page.locator(f'input[value="{code}"]')).to_be_focused()
        if code == "left_knee":
            page.keyboard.press("Space")
            target = page.locator(".bm-t-left_knee")
            assert target.evaluate("t => getComputedStyle(t).outlineStyle") == "solid", "the focus shows"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("All over", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#body-map-chosen")).to_have_text("Chosen: Left knee, All over")
    expect(page.locator("#pain_locations-field .bm-views")).to_have_class("bm-views all-over")
    page.keyboard.press("Space")
    page.locator("#function-field").get_by_label("7", exact=True).check()
    page.locator("#pain-field").get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert DailyEntry.objects.get().pain_locations == ["left_knee"]
    assert not errors


class Person:
    """Counts what a teen does on the page: each tap, and each answer typed (a field tapped and filled)."""

    def __init__(self, page):
        self.page, self.taps, self.typed = page, 0, 0

    def tap(self, locator):
        self.taps += 1
        locator.tap()

    def type(self, locator, text):
        self.typed += 1
        locator.tap()
        locator.fill(text)


# Issue 14 asks for a full entry in 2.5 screens (1,850 px). Not met: with every question of a full entry shown
# (the optional part and the Body group with its map open), every target at least 44 px and body text 16 px, the
# page is about 3,350 px here (4.5 screens; Chromium's DejaVu Sans is wider than a phone's Roboto or San
# Francisco, so chips wrap more than on a phone). The header (two rows of links) and the footer (the crisis line)
# take about 290 px, the two required questions and the week's card about 420 px, the optional part about
# 2,350 px: the map alone is nine rows of 44 px. This holds the page from growing back.
FULL_ENTRY_PAGE = 3450
# The body map block: the question, the two views with their names and sides, and the places in words.
MAP_BLOCK = 520


def test_a_full_entry_takes_at_most_12_taps_and_the_page_is_measured(touch_page, live_server, maya):
    """A full entry: every question on the page answered once, with one therapy, one symptom (headache) and one
    place on the map; no note. Taps are choices, buttons and the two folds opened (the optional part, and the
    Body group with the map); the two numbers (minutes of exercise, hours of sleep) are typed. The page is
    measured as a full entry needs it: the optional part and the Body group open."""
    page = touch_page
    sign_in(page, live_server, "maya@example.com")
    shot(page, "compact-today-closed")
    person = Person(page)
    person.tap(page.locator("#function-field").get_by_label("6", exact=True))
    person.tap(page.locator("#pain-field").get_by_label("4", exact=True))
    save_at = page.get_by_role("button", name="Save").bounding_box()["y"]
    person.tap(page.locator("#more-details > summary"))
    height_with_hint = page.evaluate("document.documentElement.scrollHeight")
    # On a touch screen Today also offers, once, to add Stride to the home screen; measured with it and without.
    if page.locator("#install-hint").is_visible():
        page.get_by_role("button", name="No thanks, hide this").click()
    height_open = page.evaluate("document.documentElement.scrollHeight")
    person.tap(page.get_by_label("Full day"))
    person.type(page.get_by_label("Minutes of exercise or being active"), "30")
    person.tap(page.get_by_label("Physical therapy"))
    person.type(page.get_by_label("Hours of sleep last night"), "8")
    person.tap(page.locator("#sleep_quality-field").get_by_label("Good", exact=True))
    person.tap(page.locator("#mood-field").get_by_label("Okay", exact=True))
    person.tap(page.locator("#fatigue-field").get_by_label("3", exact=True))
    person.tap(page.locator("#group-body > summary"))
    person.tap(page.get_by_label("Headache"))
    person.tap(page.get_by_label("Left knee", exact=True))
    height_full = page.evaluate("document.documentElement.scrollHeight")
    map_block = page.locator("#pain_locations-field").bounding_box()["height"]
    assert_targets_and_text(page, "a full entry")  # every target 44x44 px, body text 16 px, none under 14 px
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "compact-today-full")
    person.tap(page.get_by_role("button", name="Save"))
    expect(page.locator("#save-status")).to_contain_text("Saved")
    entry = DailyEntry.objects.get()
    assert (entry.school, entry.exercise_minutes, entry.sleep_hours, entry.fatigue) == ("full", 30, 8, 3)
    assert (entry.therapies, entry.symptoms, entry.pain_locations) == (
        ["physical_therapy"],
        ["headache"],
        ["left_knee"],
    )
    print(
        f"\nA full entry at 360x740: {person.taps} taps and {person.typed} typed answers "
        f"({person.taps + person.typed} actions). Page with the optional part open: {height_open} px "
        f"({height_open / SCREEN:.2f} screens; {height_with_hint} px with the install hint not yet hidden); "
        f"with the Body group and its map open too: {height_full} px "
        f"({height_full / SCREEN:.2f} screens; the map {map_block:.0f} px). Save starts {save_at:.0f} px down "
        "while the optional part is closed."
    )
    assert person.taps <= 12 and person.typed == 2
    assert height_full <= FULL_ENTRY_PAGE and map_block <= MAP_BLOCK


def test_a_past_day_asks_in_the_past_with_the_days_name(page, live_server, maya):
    errors = js_errors(page)
    sign_in(page, live_server, "maya@example.com")
    today = maya.today()
    three_days_ago = today - datetime.timedelta(days=3)
    page.goto(f"{live_server.url}/entries/{three_days_ago.isoformat()}/")
    weekday = three_days_ago.strftime("%A")
    expect(page.locator("#pain-field legend")).to_have_text(f"How much pain did you have on {weekday}?")
    expect(page.locator("#function-field legend")).to_have_text(
        f"How much of your usual day could you do on {weekday}?"
    )
    expect(page.locator("main h1")).to_contain_text(weekday)
    shot(page, "entry-past-day")
    check_as_it_is(page, live_server, "a past day")

    page.goto(f"{live_server.url}/entries/{(today - datetime.timedelta(days=1)).isoformat()}/")
    expect(page.locator("#pain-field legend")).to_have_text("How much pain did you have yesterday?")
    long_ago = today - datetime.timedelta(days=20)
    page.goto(f"{live_server.url}/entries/{long_ago.isoformat()}/")
    named = f"{long_ago.strftime('%A')}, {long_ago.strftime('%B')} {long_ago.day}"  # as every date is written
    if long_ago.year != today.year:
        named += f", {long_ago.year}"
    expect(page.locator("#pain-field legend")).to_have_text(f"How much pain did you have on {named}?")
    page.goto(f"{live_server.url}/today/")
    expect(page.locator("#pain-field legend")).to_have_text("How much pain did you have today?")
    assert not errors


def test_a_parent_is_asked_about_the_child_by_name(page, live_server):
    errors = js_errors(page)
    dana = UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)
    leo = sharing.create_child_profile(dana, display_name="Leo", birth_date=datetime.date(2016, 6, 1), consent=True)
    CheckinFactory(patient=leo, date=leo.today(), entered_by=dana)
    sign_in(page, live_server, "dana@example.com")
    page.goto(f"{live_server.url}/patients/{leo.pk}/today/")
    expect(page.get_by_role("heading", name="How was Leo's day?")).to_be_visible()
    expect(page.locator("#function-field legend")).to_have_text("How much of a usual day could Leo do today?")
    expect(page.locator("#pain-field legend")).to_have_text("How much pain did Leo have today?")
    page.get_by_text("More about Leo's day").click()
    expect(page.locator("#mood-field legend")).to_have_text("How was Leo's mood?")
    page.locator("#group-body > summary").click()
    expect(page.locator(".bm-sides")).to_contain_text("Leo's right side is on the left")
    page.get_by_label("Right foot", exact=True).check()
    page.locator("#function-field").get_by_label("8", exact=True).check()
    page.locator("#pain-field").get_by_label("2", exact=True).check()
    check_as_it_is(page, live_server, "a parent's entry for a child")
    shot(page, "entry-parent-for-child")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    entry = DailyEntry.objects.get()
    assert entry.entered_by == dana and entry.pain_locations == ["right_foot"]
    two_days_ago = leo.today() - datetime.timedelta(days=2)
    page.goto(f"{live_server.url}/patients/{leo.pk}/entries/{two_days_ago.isoformat()}/")
    expect(page.locator("#pain-field legend")).to_have_text(f"How much pain did Leo have on {two_days_ago:%A}?")
    assert not errors


def test_today_with_everything_open_is_axe_clean_in_both_palettes(page, live_server, maya):
    sign_in(page, live_server, "maya@example.com")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}/today/")
        page.locator("#more-details > summary").click()
        for group in ("body", "sleep_energy", "feelings"):
            page.locator(f"#group-{group} > summary").click()
        page.get_by_label("Left knee", exact=True).check()
        page.get_by_label("Touch practice").check()
        check_as_it_is(page, live_server, "Today, everything open", scheme)


def test_history_and_the_summary_show_where_pain_was(page, live_server, maya):
    errors = js_errors(page)
    today = maya.today()
    for back, places in enumerate([["left_knee", "lower_back"], ["left_knee"], [], ["whole_body"]]):
        EntryFactory(patient=maya, date=today - datetime.timedelta(days=back), pain_locations=places, pain=4)
    sign_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server.url}/history/")
    rows = page.locator("#entry-list > li")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).locator(".entry-where-words")).to_have_text("Where it hurt: Left knee, Lower back")
    expect(rows.nth(0).locator('.bm-front [data-code="left_knee"]')).to_have_class("bm-region on")
    expect(rows.nth(0).locator('.bm-back [data-code="lower_back"]')).to_have_class("bm-region on")
    expect(rows.nth(2).locator(".entry-where")).to_have_count(0)
    expect(rows.nth(3).locator(".bm-views")).to_have_class("bm-views bm-mini all-over")
    shot(page, "entry-history")
    check_as_it_is(page, live_server, "History with places")

    page.goto(f"{live_server.url}/summary/")
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator("#top-locations li").first).to_have_text("Left knee: 2 days")
    knee = page.locator('#locations-map .bm-front [data-code="left_knee"]')
    expect(knee).to_have_attribute("data-level", "3")
    expect(page.locator('#locations-map .bm-back [data-code="lower_back"]')).to_have_attribute("data-level", "2")
    expect(page.locator("#locations-map .bm-views")).to_have_attribute("data-level", "2")  # all over, on 1 day
    shot(page, "entry-summary")
    check_as_it_is(page, live_server, "the Summary with places")
    assert not errors
