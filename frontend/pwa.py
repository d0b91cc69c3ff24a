"""The installable app: the web app manifest, the service worker, and which pages it may keep offline.

The service worker is served from the site root (`/sw.js`) so that its scope covers every page. Its script
is rendered here, with the URLs of the app shell as `{% static %}` gives them (hashed names in production,
plain ones in development and tests) and a version that is a hash of everything it precaches: any change to
a static file or to the worker itself makes a new worker, whose `activate` deletes the old caches.

Health data never goes into its caches. The worker never touches `/api/`, and it keeps a page only when the
page's view marked it with `offline_shell`: a shell whose HTML holds no health data (the values come from the
API). A page that renders health data on the server simply never gets the mark, so it is never kept.
"""

import hashlib
import json
from functools import cache, wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

SHELL_HEADER = "X-Stride-Offline"
# The teen's own page shells, precached when the worker installs (skipped unless they answer 200 unredirected).
SHELL_PAGES = ["/today/", "/history/", "/trends/"]
OFFLINE_PAGE = "/offline/"
# Static files of the app shell: the pages' CSS, modules and icon, and Chart.js for the Trends page.
PRECACHE_FOLDER = "frontend/"
PRECACHE_SUFFIXES = (".css", ".js", ".svg")
PRECACHE_EXTRA = ["vendor/chartjs/chart.stride.min.js"]
THEME = "#1f5f73"


def offline_shell(view):
    """Marks a page the service worker may keep for offline use: its HTML must hold no health data."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response[SHELL_HEADER] = "shell"
        return response

    return wrapped


def _shell_files():
    finder = finders.AppDirectoriesFinder(app_names=["frontend"])
    names = sorted(
        path.replace("\\", "/")
        for path, _storage in finder.list([])
        if path.startswith(PRECACHE_FOLDER) and path.endswith(PRECACHE_SUFFIXES)
    )
    return names + PRECACHE_EXTRA


def _worker_config():
    files = _shell_files()
    digest = hashlib.sha256(get_template("frontend/sw.js").template.source.encode())
    for name in files:
        with open(finders.find(name), "rb") as source:
            digest.update(name.encode() + b"\0" + source.read())
    # Each file by its {% static %} URL, the one pages ask for: hashed in production, where module imports
    # are rewritten to hashed names too (frontend/storage.py), and plain in development.
    precache = [static(name) for name in files]
    return {
        "version": digest.hexdigest()[:16],
        "static": settings.STATIC_URL,
        "precache": precache,
        # Hashed names never change their content, so a new worker may copy them from the old caches.
        "immutable": precache != [settings.STATIC_URL + name for name in files],
        "pages": SHELL_PAGES,
        "offline": OFFLINE_PAGE,
        "shellHeader": SHELL_HEADER,
        # The daily reminder's notification icon (the push handler).
        "icon": static("frontend/icons/icon-192.png"),
        "words": _worker_words(),
        "defaultLanguage": settings.LANGUAGE_CODE,
    }


def _worker_words():
    # One worker serves every language, so it carries the words of each and picks by the language of the pages
    # it has kept (else the browser's): its two messages of its own, shown when no page or push says more.
    words = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words[code] = {
                "offline": gettext(
                    "You're offline, and this page isn't saved on this phone. Try again when you're online."
                ),
                "reminder": gettext("How did today go? Logging it takes about a minute."),
            }
    return words


_cached_config = cache(_worker_config)


def worker_config():
    # In development the static files change under a running server, and each change must make a new worker.
    return _worker_config() if settings.DEBUG else _cached_config()


def service_worker(request):
    script = render_to_string("frontend/sw.js", {"config": mark_safe(json.dumps(worker_config()))})  # noqa: S308
    # No caching header of its own: api.middleware.NoStoreMiddleware sends `no-store` on every dynamic answer,
    # stricter than the usual `no-cache`, so a browser always checks the server for a new worker.
    return HttpResponse(script, content_type="application/javascript; charset=utf-8")


def _icon(name, size, purpose):
    return {"src": static(f"frontend/icons/{name}"), "sizes": size, "type": "image/png", "purpose": purpose}


def manifest(request):
    data = {
        "id": "/today/",
        "name": "Stride",
        "short_name": "Stride",
        "description": gettext(
            "A daily diary of what you could do, and your pain, for young people with amplified pain."
        ),
        "start_url": "/today/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": "#f3f6f7",
        # A manifest is fetched without cookies, so this is the browser's language (Accept-Language).
        "lang": translation.get_language(),
        "icons": [
            {"src": static("frontend/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            _icon("icon-192.png", "192x192", "any"),
            _icon("icon-512.png", "512x512", "any"),
            _icon("maskable-192.png", "192x192", "maskable"),
            _icon("maskable-512.png", "512x512", "maskable"),
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@offline_shell
def offline_page(request):
    """What the service worker shows for a page it has not kept, when there is no connection."""
    return render(request, "frontend/offline.html")
