"""Throttles that hold across processes: gunicorn with two workers, on the shared cache of production.

Each case runs a production copy (scripts/production_copy.py) twice: on the database cache (the default) and
on a real redis-server that the test starts on a private socket (REDIS_URL). Requests go to the workers as
the operating system hands them out; a count kept per worker would let through up to twice the limit.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from scripts.production_copy import served_demo
from tests.factories import PASSWORD

LOGIN_RATE, REGISTER_ADDRESS_RATE = 5, 4  # per minute, low so that the counts show quickly


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: scripts/ensure-test-tools installs it (make test runs it)")
    socket = tmp_path_factory.mktemp("redis") / "redis.sock"
    command = ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700", "--save", ""]
    # Not under faketime, should the suite run under it: redis-server hangs with libfaketime preloaded, and its
    # clock only times keys out (the throttles keep their own timestamps, from the tests' clock).
    env = {name: value for name, value in os.environ.items() if not name.startswith("FAKETIME")}
    env["LD_PRELOAD"] = " ".join(lib for lib in env.get("LD_PRELOAD", "").split() if "faketime" not in lib)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 10
    while not socket.exists():
        assert time.monotonic() < deadline and server.poll() is None, "redis-server did not start"
        time.sleep(0.05)
    yield f"unix://{socket}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module", params=["database", "redis"])
def served(request):
    env = {
        "STRIDE_LOGIN_RATE": f"{LOGIN_RATE}/min",
        "STRIDE_REGISTER_ADDRESS_RATE": f"{REGISTER_ADDRESS_RATE}/min",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    if request.param == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    with served_demo(workers=2, extra_env=env) as copy:
        yield copy


def post(served, path, body, forwarded_for):
    request = urllib.request.Request(
        f"{served.url}/api/v1/{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_wrong_sign_ins_count_once_across_workers_whatever_x_forwarded_for_says(served):
    email = served.email
    answers = [post(served, "auth/token/", {"email": email, "password": "wrong"}, f"203.0.113.{n}") for n in range(30)]
    assert answers == [400] * LOGIN_RATE + [429] * (30 - LOGIN_RATE)
    # Still throttled for the right password: a made-up header is not a new address.
    assert post(served, "auth/token/", {"email": email, "password": served.password}, "198.51.100.7") == 429


def test_sign_ups_from_one_address_are_limited_however_many_accounts(served):
    def sign_up(n):
        body = {"email": f"many-{n}@example.com", "password": PASSWORD, "display_name": "Pat", "role": "parent"}
        return post(served, "auth/register/", body, f"203.0.113.{n}")

    answers = [sign_up(n) for n in range(REGISTER_ADDRESS_RATE + 2)]
    assert answers == [201] * REGISTER_ADDRESS_RATE + [429, 429]
