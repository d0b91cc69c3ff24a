"""One way to write a date per language: the modules' formatDate (frontend/static/frontend/i18n.js, Intl with the
page's language) writes each kind of date exactly as the server's say_date (diary/words.py) does, in English and
in Spanish, so a page never shows "Sunday 6 December" beside "Sunday, December 6"."""

import datetime

import pytest
from django.utils import translation

from diary.reading.words import say_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAYS = [datetime.date(2026, 12, 6), datetime.date(2027, 1, 1), datetime.date(2028, 2, 29), datetime.date(2026, 9, 14)]
KINDS = {"day": (False, False), "weekday": (True, False), "dayYear": (False, True), "weekdayYear": (True, True)}
WRITE = """async ([days, kinds]) => {
  const { formatDate, language } = await import("/static/frontend/i18n.js");
  return { language, written: days.map((day) => kinds.map((kind) => formatDate(day, kind))) };
}"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_modules_write_dates_as_the_server_does(browser, browser_context_args, live_server, language):
    context = browser.new_context(**{**browser_context_args, "locale": "es-ES" if language == "es" else "en-US"})
    page = context.new_page()
    page.goto(f"{live_server.url}/help/")
    found = page.evaluate(WRITE, [[day.isoformat() for day in DAYS], list(KINDS)])
    context.close()
    assert found["language"] == language
    with translation.override(language):
        expected = [[say_date(day, weekday=weekday, year=year) for weekday, year in KINDS.values()] for day in DAYS]
    assert found["written"] == expected
