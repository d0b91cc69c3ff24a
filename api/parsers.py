"""The API's JSON parser: DRF's, with a cap on how deeply a body may nest and no half characters."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Stride's bodies nest three deep at most (an object holding a list or an object); 32 leaves room for any client.
MAX_DEPTH = 32
BROKEN_TEXT = gettext_lazy("Some text in this request has a broken character. Check it and send it again.")
_NOT_STRUCTURE = re.compile(r'[^\[\]{}"]')
# JSON may escape half of a UTF-16 pair ("\ud800"); Python keeps it as a lone surrogate, which no UTF-8 answer
# or database can hold: an error message that quotes it would fail to render (a 500).
_SURROGATE = re.compile("[\ud800-\udfff]")


def nests_deeper_than(text, limit):
    """True when the brackets of `text`, outside its strings, open more than `limit` deep.

    Python's json has no depth limit: it recurses once per level, so a body of a few thousand "[" raises a
    RecursionError (a 500) before it can say the JSON is wrong. Hence this count before parsing: one pass, no
    recursion. Text that is not JSON may be miscounted, but json.loads then stops at its first error anyway.
    """
    # Without escaped backslashes, then escaped quotes, every quote left opens or closes a string.
    structure = _NOT_STRUCTURE.sub("", text.replace("\\\\", "").replace('\\"', ""))
    depth, in_string = 0, False
    for char in structure:
        if char == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def too_deep():
    return _("This request has lists or objects inside each other more than %(depth)s deep. Send simpler data.") % {
        "depth": MAX_DEPTH
    }


def _strings(value):
    """Every string in parsed JSON, keys too. Recursion is safe here: the depth was checked before parsing."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
            if nests_deeper_than(text, MAX_DEPTH):
                raise ParseError(too_deep())
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            # The parser's own words after the dash are for the developer of a client, as DRF gives them.
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        if any(_SURROGATE.search(string) for string in _strings(data)):
            raise ParseError(BROKEN_TEXT)
        return data
