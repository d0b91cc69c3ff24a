"""Stride speaks English and Spanish: no word a person reads may be left out of the Spanish catalogue.

Two checks over the source, no Django page rendered:

- The catalogue: `make makemessages` runs on a copy of the apps, so a word marked a minute ago and not yet
  translated counts, and every Spanish message must then be there, translated, not fuzzy, with the same
  placeholders (`msgfmt --check`).
- The source: a template or JavaScript module must not show a literal outside the translation machinery
  ({% translate %}, {% blocktranslate %}, gettext/ngettext/pgettext). Template text and the attributes a person
  reads (aria-label, title, placeholder, alt); in modules, literals given to textContent and the like, to
  setAttribute, to `el(...)`, `append(...)`, in `detail:`, template literals with words, and sentence-like
  literals anywhere. `ALLOWED` is the short list of what stays as it is, each with its reason.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
APPS = ["accounts", "api", "diary", "frontend", "reminders"]  # the apps with a locale/ folder
TEMPLATES = sorted(
    path
    for app in APPS
    for path in (ROOT / app / "templates").rglob("*")
    if path.suffix in (".html", ".txt") and path.is_file()
)
# The service worker is a template only for its CONFIG; its words come in CONFIG.words, from the catalogue.
MODULES = sorted((ROOT / "frontend" / "static" / "frontend").rglob("*.js")) + [
    ROOT / "frontend" / "templates" / "frontend" / "sw.js"
]

# What may show as it is, and why. Keep it short: everything else goes through the catalogue.
ALLOWED = {
    "Stride",  # the product's name, the same in every language
}
# Files the check leaves out, and why.
SKIPPED_MODULES = {
    # The catalogue machinery itself: its only literals are the names of plural categories.
    "i18n.js",
}


def _tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext is needed for the translation checks ({name}): run scripts/ensure-gettext")
    return path


def _makemessages_commands():
    """The `make makemessages` commands, read from the Makefile (`make -n` prints them without running them)."""
    printed = subprocess.run(
        [_tool("make"), "-n", "--no-print-directory", "makemessages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [line for line in printed.splitlines() if "manage.py makemessages" in line]
    assert commands, "the Makefile's makemessages target runs no `manage.py makemessages`"
    return commands


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """The apps' Spanish catalogues as `make makemessages` would leave them now, made in a copy of the source."""
    for name in ("xgettext", "msgmerge", "msgfmt", "msgattrib"):
        _tool(name)
    copy = tmp_path_factory.mktemp("messages")
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    # Every app of the project (those without words of their own too: Django imports them all), and its settings.
    project_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    for name in [*project_apps, "config", "scripts"]:
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    (copy / ".venv").symlink_to(Path(sys.prefix))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for command in _makemessages_commands():
        done = subprocess.run(command, shell=True, cwd=copy, env=env, capture_output=True, text=True)  # noqa: S602 (the Makefile's own command)
        assert done.returncode == 0, done.stderr
    return sorted(copy.glob("*/locale/es/LC_MESSAGES/*.po"))


def _messages(po_file, *flags):
    """The msgids msgattrib selects with `flags`, without the header."""
    out = subprocess.run(
        [_tool("msgattrib"), "--no-wrap", "--no-obsolete", *flags, str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [msgid for msgid in re.findall(r'^msgid "(.*)"$', out, flags=re.MULTILINE) if msgid]


def test_every_app_has_a_spanish_catalogue(fresh_catalogues):
    assert {po.parent.parent.parent.parent.name for po in fresh_catalogues} >= {"frontend", "accounts", "reminders"}


def test_every_message_has_its_spanish_translation(fresh_catalogues):
    problems = []
    for po in fresh_catalogues:
        name = po.relative_to(po.parents[4])
        problems += [f"{name}: untranslated: {msgid}" for msgid in _messages(po, "--untranslated")]
        problems += [f"{name}: fuzzy (check, then remove the flag): {msgid}" for msgid in _messages(po, "--only-fuzzy")]
    assert not problems, f"{len(problems)} Spanish messages to write (make makemessages):\n" + "\n".join(problems)


def test_translations_keep_their_placeholders(fresh_catalogues):
    problems = []
    for po in fresh_catalogues:
        # --check: the format (python-format, javascript-format) placeholders and the plural forms agree.
        done = subprocess.run([_tool("msgfmt"), "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
        errors = [line for line in done.stderr.splitlines() if "warning: header field" not in line]
        if done.returncode or errors:
            problems += errors
    assert not problems, "\n".join(problems)


# The source: literals a person would read.

WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def _shows_words(text):
    words = WORD.findall(text)
    return bool(words) and not all(word in ALLOWED for word in words)


# Template tags whose content is translated, or is not shown at all.
TRANSLATED_BLOCK = re.compile(r"{%-?\s*blocktrans(?:late)?\b.*?{%-?\s*endblocktrans(?:late)?\s*-?%}", re.DOTALL)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
# A literal handed to a template variable or an include: `default:"Words"`, `with label="Words"` (not `_("...")`).
TAG_LITERAL = re.compile(r"""(?:default(?:_if_none)?:|\bwith\b[^%]*?\w+=)(["'])(?P<text>[^"']*)\1""")
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description", "aria-roledescription", "label"}


class _Shown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden_depth += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and _shows_words(value):
                self.found.append(f'{tag} {name}="{value.strip()}"')
        if (
            tag == "input"
            and dict(attrs).get("type") in ("submit", "button", "reset")
            and _shows_words(dict(attrs).get("value") or "")
        ):
            self.found.append(f'input value="{dict(attrs)["value"]}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and _shows_words(data):
            self.found.append(" ".join(data.split()))


def untranslated_in_template(source):
    found = []
    source = COMMENT_BLOCK.sub("", source)
    source = TRANSLATED_BLOCK.sub("", source)
    for tag in TAG.findall(source):
        if not re.match(r"{%\s*(translate|trans)\b", tag):
            # A code ("email", "password") is lowercase, one word: words for a person have a capital or a space.
            texts = [m["text"] for m in TAG_LITERAL.finditer(tag) if re.search(r"[A-Z]|\S\s+\S", m["text"])]
            found += [f"literal in a tag: {tag}" for text in texts if _shows_words(text)]
    parser = _Shown()
    parser.feed(TAG.sub(" ", source))
    parser.close()
    return found + parser.found


def _js_tokens(source):
    """Yields (kind, text, start) for the string, template and code tokens of a module: enough JavaScript to
    tell a string from a comment or a regular expression."""
    i, n = 0, len(source)
    code_start = 0
    last_significant = ""
    while i < n:
        char = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
            continue
        if source.startswith("/*", i):
            i = source.find("*/", i + 2) + 2
            continue
        if char in "\"'`":
            yield ("code", source[code_start:i], code_start)
            end = i + 1
            depth = 0
            while end < n:
                if source[end] == "\\":
                    end += 2
                    continue
                if char == "`" and source.startswith("${", end):
                    depth += 1
                    end += 2
                    continue
                if char == "`" and depth and source[end] == "}":
                    depth -= 1
                elif source[end] == char and not depth:
                    break
                end += 1
            yield ("template" if char == "`" else "string", source[i + 1 : end], i)
            i = code_start = end + 1
            last_significant = "x"
            continue
        if char == "/" and (
            last_significant == ""
            or last_significant in "(,=:[!&|?{};+-*%<>~^"
            or re.search(r"\b(return|typeof|case|of|in)\s*$", source[code_start:i])
        ):
            end = i + 1
            in_class = False
            while end < n and (source[end] != "/" or in_class):
                if source[end] == "\\":
                    end += 1
                elif source[end] == "[":
                    in_class = True
                elif source[end] == "]":
                    in_class = False
                end += 1
            i = end + 1
            last_significant = "x"
            continue
        if not char.isspace():
            last_significant = char
        i += 1
    yield ("code", source[code_start:], code_start)


TRANSLATING_CALLS = {"gettext", "ngettext", "pgettext", "npgettext", "gettext_noop"}
# Calls whose strings are never shown: selectors, addresses, storage keys.
UNSHOWN_CALLS = {"querySelector", "querySelectorAll", "closest", "matches", "getElementById", "fetch", "api"}
TEXT_CALLS = {"el", "append", "prepend", "before", "after", "replaceWith", "alert", "confirm", "prompt", "Option"}
TEXT_PROPERTY = re.compile(r"\.(textContent|innerText|title|placeholder|ariaLabel|alt|label)\s*\+?=\s*$")
READ_ATTRIBUTE_CALL = re.compile(r"""setAttribute\(\s*["'](aria-label|title|placeholder|alt)["']\s*,\s*$""")
SENTENCE = re.compile(r"^[A-Z][a-z'’]*\s+\S")


def _quoted(text):
    return '"' + text.replace('"', "").replace("\n", " ")[:60] + '"'


def untranslated_in_module(source):
    found = []
    calls = []  # the innermost calls open at this point: [name, argument index]
    code_before = ""
    for kind, text, _start in _js_tokens(source):
        if kind == "code":
            for match in re.finditer(r"([A-Za-z_$][\w$]*)?\s*(\()|(\))|(,)|([\[{])|([\]}])", text):
                if match[2]:
                    calls.append([match[1] or "", 0])
                elif match[3] or match[6]:
                    if calls:
                        calls.pop()
                elif match[4] and calls:
                    calls[-1][1] += 1
                elif match[5]:
                    calls.append(["", 0])
            code_before = (code_before + text)[-200:]
            continue
        call, argument = calls[-1] if calls else ("", 0)
        if call in TRANSLATING_CALLS or call in UNSHOWN_CALLS:
            code_before = (code_before + _quoted(text))[-200:]
            continue
        shown = re.sub(r"\$\{[^}]*\}", " ", text) if kind == "template" else text
        sink = (
            TEXT_PROPERTY.search(code_before)
            or READ_ATTRIBUTE_CALL.search(code_before)
            or re.search(r"\bdetail\s*:\s*$", code_before)
            or (call in TEXT_CALLS and (call != "el" or argument >= 2))
        )
        words = WORD.findall(shown)
        sentence_like = bool(SENTENCE.match(shown.strip())) and len(words) >= 2
        template_words = kind == "template" and re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", shown)
        if _shows_words(shown) and (sink or sentence_like or template_words):
            found.append(text if len(text) < 100 else text[:97] + "...")
        code_before = (code_before + _quoted(text))[-200:]
    return found


def test_the_source_checks_find_what_they_look_for():
    assert untranslated_in_template('<p>{% translate "Hi" %}</p><p>Hello there</p>') == ["Hello there"]
    assert untranslated_in_template('<img alt="A chart" src="x">{% blocktranslate %}Fine{% endblocktranslate %}') == [
        'img alt="A chart"'
    ]
    assert untranslated_in_template('{% include "x.html" with label="Set a new password" %}')
    assert not untranslated_in_template('{% include "x.html" with label=_("Set a new password") what="email" %}')
    assert untranslated_in_template("<title>{% block title %}Stride{% endblock %}</title>") == []
    assert untranslated_in_module('node.textContent = "Saved.";') == ["Saved."]
    assert untranslated_in_module('node.textContent = gettext("Saved.");') == []
    assert untranslated_in_module('b.setAttribute("aria-label", `Delete ${name}`);') == ["Delete ${name}"]
    assert untranslated_in_module('el("p", "notice warning", "Nothing yet");') == ["Nothing yet"]
    assert untranslated_in_module('el("p", "notice warning", gettext("Nothing yet"));') == []
    assert untranslated_in_module('const x = error.body?.detail ?? "We couldn\'t do it.";') == ["We couldn't do it."]
    assert untranslated_in_module("const url = `patients/${id}/reminders/`; const re = /don't \"x/;") == []
    assert untranslated_in_module('throw { detail: "Not found" };') == ["Not found"]
    assert untranslated_in_module('const n = ngettext("1 day", "%(count)s days", count);') == []
    assert untranslated_in_module("form.querySelector(`#${field}-field legend`).focus();") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_show_no_untranslated_words(template):
    found = untranslated_in_template(template.read_text(encoding="utf-8"))
    assert not found, "Put these in {% translate %} or {% blocktranslate %}:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "module", [m for m in MODULES if m.name not in SKIPPED_MODULES], ids=lambda path: str(path.relative_to(ROOT))
)
def test_modules_show_no_untranslated_words(module):
    found = untranslated_in_module(module.read_text(encoding="utf-8"))
    assert not found, "Put these in gettext()/ngettext() (import them from ./i18n.js):\n" + "\n".join(found)
