"""Gzip for the API's JSON answers and for pages, and never for the answers where compression could leak a secret.

Three years of trends go out as about 90 KB of JSON and a clinician's list of 200 patients as about 55 KB; gzipped
they are about 16 KB and 2 KB, which matters on a cheap phone on a slow network. Today's page is about 28 KB
of HTML (the body map is drawn in it) and 6 KB gzipped. Static files are compressed already (WhiteNoise answers
them, with their .gz copies, before this middleware).

Why some answers are never compressed (BREACH): when a response holds a secret the server chose next to text the
caller can choose (a name, an email, an invitation's role), an attacker who can make a victim's browser send many
requests (a page of theirs, with the victim signed in) and can watch the sizes of the encrypted answers go by can
learn the secret a character at a time: a guess that matches the secret compresses better, so the answer is a few
bytes shorter. Django's gzip pads each answer with random bytes (Heal The BREACH), which slows that down without
ruling it out. So the answers in `NEVER_COMPRESSED` are sent uncompressed whatever the client accepts. They are all
small, so nothing is lost. The README lists the same answers from this one table (tests/test_compression.py checks
that every name in it is a real route).

Answers that only repeat what the caller sent or owns (a diary, the patients list, the account) hold no such
secret: the session cookie and the CSRF token travel in headers, which gzip does not touch, and no API answer puts
the CSRF token in its body. Pages do carry the CSRF token (a meta tag and forms), but Django masks it with a new
random value in every response, which is Django's own defence against BREACH: no two pages hold the same bytes
for it, so there is nothing to guess a character at a time. The three pages that carry a token from their link
(setting a new password, confirming an email, cancelling a change of email) are in `NEVER_COMPRESSED_PAGES` all the
same.
"""

from django.middleware.gzip import GZipMiddleware

# {route name in api/urls.py: the secret its answer carries}. A new answer that carries a secret goes here.
NEVER_COMPRESSED = {
    "token": "POST /api/v1/auth/token/ answers a new API token",
    "session": "POST /api/v1/auth/session/ signs a browser in (a new session cookie and CSRF token, in headers); "
    "kept beside the token's sign-in",
    "totp": "POST /api/v1/auth/mfa/totp/ answers a new authenticator secret, its otpauth URI and QR code, which "
    "name the account's email",
    "totp-confirm": "POST /api/v1/auth/mfa/totp/confirm/ answers 10 new recovery codes",
    "invitations": "POST /api/v1/patients/{id}/invitations/ answers a new invitation's one-time code next to the "
    "role and sees the caller chose; GET lists the pending codes again, to the diary's owner",
}

# {route name in frontend/urls.py: the secret its page carries}.
NEVER_COMPRESSED_PAGES = {
    "reset-password": "the page of a password-reset link holds the link's token",
    "confirm-email": "the page of an email confirmation link holds the link's token",
    "cancel-email-change": "the page of the link that cancels a change of email holds the link's token",
}

# JSON, and the JSON-based types the API answers (FHIR's application/fhir+json, problem details...).
_JSON_TYPES = ("application/json",)


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in _JSON_TYPES or media_type.endswith("+json")


def _media_type(response) -> str:
    return response.get("Content-Type", "").split(";", 1)[0].strip().lower()


def never_compressed(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name in NEVER_COMPRESSED


def _compressible(request, response) -> bool:
    if request.path.startswith("/api/"):
        return not never_compressed(request) and _is_json(response.get("Content-Type", ""))
    match = getattr(request, "resolver_match", None)
    return _media_type(response) == "text/html" and match is not None and match.url_name not in NEVER_COMPRESSED_PAGES


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (Vary: Accept-Encoding, weak ETags, random padding, only when it saves bytes),
    applied to JSON under /api/ outside NEVER_COMPRESSED and to pages outside NEVER_COMPRESSED_PAGES. An
    unresolved path (a 404) is not compressed: its answer is small."""

    def process_response(self, request, response):
        if not _compressible(request, response):
            return response
        return super().process_response(request, response)
