"""The JavaScript side of the translations: the `djangojs` catalogue of the active language, handed to the page.

Django's `JavaScriptCatalog` view serves the same catalogue as a script at a URL of its own; a page shell the
service worker keeps for offline use would then need that URL kept too, per language. Handing the catalogue
to the page with `json_script` keeps it inside the shell, so an offline page speaks the language it was
kept in. `frontend/static/frontend/i18n.js` reads it.
"""

from functools import cache

from django import template
from django.utils import translation
from django.utils.html import json_script
from django.views.i18n import JavaScriptCatalog

register = template.Library()


@cache
def _catalog(language: str) -> dict:
    view = JavaScriptCatalog(domain="djangojs")
    view.translation = translation.trans_real.DjangoTranslation(language, domain="djangojs")
    # Only our own messages: Django's contrib catalogues would add strings no module of ours asks for.
    return {key: value for key, value in view.get_catalog().items() if key}


@register.simple_tag
def js_catalog():
    language = translation.get_language() or "en"
    return json_script({"language": language, "catalog": _catalog(language)}, "js-catalog")
