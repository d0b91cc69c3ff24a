"""What a deployment relies on besides the pages and the API: the health check and the zone database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.production_copy import free_port

ROOT = Path(__file__).resolve().parents[1]
HEALTH_CHECK = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1").get("/healthz/")
print(response.status_code, response["Content-Type"], response.content.decode())
"""


@pytest.mark.django_db
def test_healthz_answers_ok_without_signing_in(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not_answer():
    # A real PostgreSQL address where nothing listens: the check's own query fails, as in an outage.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env["DATABASE_URL"] = f"postgres://stride:x@127.0.0.1:{free_port()}/stride?connect_timeout=2"
    done = subprocess.run([sys.executable, "-c", HEALTH_CHECK], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == '503 application/json {"status": "unavailable"}', done.stderr


def test_time_zones_work_on_a_host_without_a_zone_database():
    # PYTHONTZPATH empty: no system zone files, as in a slim container; the pinned tzdata package answers.
    code = "from accounts.timezones import *; assert is_valid_timezone('America/New_York'); today_in('Asia/Tokyo')"
    env = {**os.environ, "PYTHONTZPATH": ""}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
