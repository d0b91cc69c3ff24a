"""Wrong passwords and wrong two-step codes sent all at once are judged no more than the limit allows.

50 requests from 50 threads, released together, against a production copy served by gunicorn with two worker
processes of two threads each (scripts/production_copy.py, as in tests/test_throttles_shared.py). Before, the count
was read, the password checked, then the count written: requests in flight together all read the same count, so
11 wrong passwords of a limit of 8, and 8 wrong codes of 5, were judged.
"""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from accounts import lockout
from scripts.production_copy import served_demo

AT_ONCE = 50


@pytest.fixture(scope="module")
def served():
    # The per-minute sign-in throttle (kept in the cache) is raised out of the way: this is about the lockout's count.
    env = {"STRIDE_LOGIN_RATE": "10000/min", "DJANGO_SECURE_SSL_REDIRECT": "false"}
    with served_demo(workers=2, extra_env=env) as copy:
        yield copy


def post(served, path, body):
    request = urllib.request.Request(
        f"{served.url}/api/v1/{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def all_at_once(send):
    ready = threading.Barrier(AT_ONCE)

    def one(n):
        ready.wait()
        return send(n)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        return list(pool.map(one, range(AT_ONCE)))


def test_fifty_wrong_passwords_at_once_are_judged_at_most_the_limit(served):
    answers = all_at_once(lambda n: post(served, "auth/token/", {"email": served.email, "password": f"wrong {n}"}))
    statuses = [status for status, _ in answers]
    judged, limit = statuses.count(400), lockout.FAILURES_BEFORE_LOCK
    assert judged <= limit, f"{judged} wrong passwords judged, limit {limit}"
    assert judged + statuses.count(429) == AT_ONCE, statuses
    # And the account stays paused from here for the right password too.
    assert post(served, "auth/token/", {"email": served.email, "password": served.password})[0] == 429


def test_fifty_wrong_codes_at_once_are_judged_at_most_the_limit(served):
    email, password = served.logins["clinician"]  # the demo clinician signs in with a code
    body = {"email": email, "password": password, "otp": "99999999"}  # never a code: recovery codes are base32
    answers = all_at_once(lambda n: post(served, "auth/token/", body))
    wrong_code = [status for status, answer in answers if status == 400 and "otp" in answer]
    statuses = [status for status, _ in answers]
    limit = lockout.CODE_FAILURES_BEFORE_PAUSE
    assert len(wrong_code) <= limit, f"{len(wrong_code)} wrong codes judged, limit {limit}"
    assert statuses.count(400) + statuses.count(429) == AT_ONCE, statuses
