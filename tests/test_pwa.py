"""The installable app on the server side: the service worker script, the manifest, and which pages may be
kept offline (only shells that hold no health data)."""

import datetime
import json
import posixpath
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import Resolver404, resolve

from frontend import pwa
from tests.factories import EntryFactory

SHELL = "X-Stride-Offline"


def worker_config(response):
    return json.loads(re.search(r"^const CONFIG = (.*);$", response.content.decode(), re.MULTILINE).group(1))


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_with_its_precache_list(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-store"  # every dynamic answer; browsers always ask for a new worker
    config = worker_config(response)
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    urls = config["precache"]
    assert not config["immutable"]  # plain names in tests and development: fetched afresh by each new worker
    for name in ("frontend/stride.css", "frontend/entry.js", "frontend/offline/sync.js", "frontend/icon.svg"):
        assert static(name) in urls
    assert static("vendor/chartjs/chart.stride.min.js") in urls
    assert not [url for url in urls if "/api/" in url or "axe" in url or not url.startswith("/static/")]
    assert config["pages"] == ["/today/", "/history/", "/trends/"] and config["offline"] == "/offline/"
    assert "skipWaiting" in response.content.decode() and "clients.claim" in response.content.decode()


@pytest.mark.django_db
def test_the_worker_carries_its_own_words_in_every_language_whatever_the_request(client):
    # One worker serves every language: a Spanish request gets the English words too, and the other way round.
    for accept in ("es", "en"):
        config = worker_config(client.get("/sw.js", HTTP_ACCEPT_LANGUAGE=accept))
        assert config["defaultLanguage"] == "en"
        assert config["words"]["en"] == {
            "offline": "You're offline, and this page isn't saved on this phone. Try again when you're online.",
            "reminder": "How did today go? Logging it takes about a minute.",
        }
        assert config["words"]["es"]["reminder"] == "¿Cómo te fue hoy? Anotarlo toma más o menos un minuto."
        assert config["words"]["es"]["offline"].startswith("No tienes conexión")


def test_a_changed_static_file_makes_a_new_worker_version(tmp_path, monkeypatch):
    before = pwa._worker_config()["version"]
    changed = tmp_path / "stride.css"
    changed.write_text(Path(finders.find("frontend/stride.css")).read_text() + "\n/* changed */\n")
    real_find = finders.find
    monkeypatch.setattr(
        finders, "find", lambda name: str(changed) if name == "frontend/stride.css" else real_find(name)
    )
    assert pwa._worker_config()["version"] != before


def test_with_hashed_names_the_worker_keeps_each_file_by_its_hashed_name_only(monkeypatch):
    # As in production, where module imports are rewritten to hashed names as well (frontend/storage.py).
    monkeypatch.setattr(pwa, "static", lambda name: "/static/" + re.sub(r"\.(\w+)$", r".0123abcd.\1", name))
    config = pwa._worker_config()
    assert "/static/frontend/entry.0123abcd.js" in config["precache"]
    assert "/static/frontend/offline/sync.0123abcd.js" in config["precache"]
    assert "/static/vendor/chartjs/chart.stride.min.0123abcd.js" in config["precache"]
    assert all(".0123abcd." in url for url in config["precache"]) and config["immutable"]


def png_size(path):
    header = Path(path).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.django_db
def test_the_manifest_makes_stride_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Stride" and manifest["short_name"] == "Stride"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/today/", "/", "standalone")
    assert manifest["theme_color"] == "#1f5f73" and manifest["background_color"]
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    for size in (192, 512):
        for purpose in ("any", "maskable"):
            [icon] = [i for i in pngs if i["sizes"] == f"{size}x{size}" and i["purpose"] == purpose]
            name = icon["src"].removeprefix("/static/")
            assert png_size(finders.find(name)) == (size, size)


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_the_sync_status(client, teen):
    client.force_login(teen)
    page = client.get("/today/")
    html = page.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<div id="sync-status" class="sync-status" role="status" data-user="\d+"', html)
    assert "frontend/offline/boot.js" in html
    policy = page["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy


@pytest.mark.django_db
def test_only_pages_without_health_data_are_marked_as_shells(client, teen, teen_patient):
    day = teen_patient.today() - datetime.timedelta(days=1)
    EntryFactory(
        patient=teen_patient,
        date=teen_patient.today(),
        function=7,
        pain=3,
        exercise_minutes=1234,
        note="A purple elephant note",
        sleep_hours=6.75,
    )
    client.force_login(teen)
    for path in ("/today/", f"/entries/{day}/", "/history/", "/trends/", "/checkin/", "/offline/"):
        response = client.get(path)
        assert response[SHELL] == "shell", path
        html = response.content.decode()
        assert "purple elephant" not in html and "1234" not in html and "6.75" not in html, path
    for path in ("/settings/", "/care-team/", "/access-log/", "/patients/", "/sw.js", "/manifest.webmanifest"):
        assert SHELL not in client.get(path), path
    summary = f"/patients/{teen_patient.pk}/summary/"
    try:
        resolve(summary)
        assert SHELL not in client.get(summary)
    except Resolver404:
        pass
    api = client.get(f"/api/v1/patients/{teen_patient.pk}/entries/")
    assert SHELL not in api and api["Cache-Control"] == "no-store"
    # A page that needs a sign-in answers with a redirect, which is never kept.
    client.logout()
    assert SHELL not in client.get("/today/")


def test_collected_modules_import_each_other_by_hashed_names(tmp_path, settings):
    """After a deploy a page module must never run against an older copy of a module it imports."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "frontend.storage.StaticStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    imports = {
        name: re.findall(
            r"""^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']""", (tmp_path / hashed).read_text(), re.M
        )
        for name, hashed in manifest.items()
        if name.startswith("frontend/") and name.endswith(".js")
    }
    assert imports["frontend/trends.js"], "trends.js imports its neighbours"
    hashed_names = {posixpath.basename(hashed) for hashed in manifest.values()}
    for name, paths in imports.items():
        for path in paths:
            assert posixpath.basename(path) in hashed_names, f"{name} imports {path}"
