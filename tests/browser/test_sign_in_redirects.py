"""After signing in, `next` leads only to a page of this site, however it is written (as a browser reads it)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import js_errors
from tests.factories import PASSWORD, PatientFactory
from tests.test_sign_in_safety import OFF_SITE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_next(page, live_server, target):
    page.goto(f"{live_server.url}/login/?next={target}")
    page.get_by_label("Email").fill("maya@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_next_leads_to_this_site_only(browser, live_server):
    PatientFactory(account__email="maya@example.com")
    for target, landing in [*((t, "/today/") for t in OFF_SITE), ("/history/", "/history/")]:
        with browser.new_context(viewport={"width": 360, "height": 740}) as context:
            page = context.new_page()
            errors = js_errors(page)
            sign_in_with_next(page, live_server, target)
            expect(page).to_have_url(f"{live_server.url}{landing}")
            assert not errors, target
