"""Real-browser tests: Debian's Chromium driven by Playwright, one browser per session, phone-sized pages."""

import datetime
import os
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scripts.production_copy import follow_the_fake_clock
from tests.browser.helpers import track_requests

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
ZONE = "America/New_York"  # the browser's own time zone, which a sign-up page sends


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.access(CHROMIUM, os.X_OK):
        missing = f"No Chromium at {CHROMIUM}: scripts/ensure-test-tools installs it (make test runs it)"
        pytest.fail(f"{missing}, or set CHROMIUM_PATH to a Chromium or Chrome binary")
    return {
        "executable_path": CHROMIUM,
        # Under faketime, the browser's clock starts where the tests' clock is (scripts/production_copy.py).
        "env": follow_the_fake_clock(dict(os.environ), utc=True),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def not_across_midnight():
    """Most browser tests run on the real clock (the browser's and the server's cannot be pinned together), so a
    diary seeded a moment before midnight in ZONE and read a moment after it would show the next, empty day. A
    test that would start in the last three minutes of a day there starts just after midnight instead: none takes
    three minutes."""
    here = datetime.datetime.now(ZoneInfo(ZONE))
    midnight = datetime.datetime.combine(here.date() + datetime.timedelta(days=1), datetime.time(), here.tzinfo)
    left = (midnight - here).total_seconds()
    if left < 180:
        time.sleep(left + 2)


@pytest.fixture(autouse=True)
def requests_done_before_flush():
    """After a test, its page is closed (this fixture's teardown runs after the page's) but a request it sent may still
    be running in the live server; on PostgreSQL the flush of the database that follows (TRUNCATE) could then meet it
    in a deadlock. Wait, up to two seconds, until the live server's request threads are done."""
    yield
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.02)


@pytest.fixture
def page(page):
    """pytest-playwright's page, with its open requests kept for helpers.settle()."""
    return track_requests(page)


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": PHONE, "device_scale_factor": 1, "timezone_id": ZONE, "locale": "en-US"}


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
