"""A secret Stride must be able to show again later, kept encrypted at rest: a pending invitation's code.

Why encrypted, and not only hashed like API tokens: the teen who made a code may need to see it again to send it
once more, and a hash cannot be shown. Why not in plain text: a copy of the database (a backup, a dump on a
laptop) would then hold a working way into every diary with a pending invitation. The code's hash stays beside it
for the lookup when someone uses a code; this copy is only ever shown to the diary's owner, and is cleared once
the code is used or has expired (accounts.sharing).

The key is derived from SECRET_KEY with HKDF (SHA-256, its own `info`, so it is never the key Django signs with),
so there is no new setting to keep safe. Rotating SECRET_KEY with the old one in SECRET_KEY_FALLBACKS keeps codes
readable; a code no key opens any more is not shown (its person cancels it and makes a new one), and still works,
since it is looked up by its hash. Fernet (from `cryptography`): AES-128-CBC with an HMAC-SHA256, so a changed
ciphertext is refused rather than read as another code.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"stride.accounts.sealed: invitation codes"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    """The current key first (it seals), then the fallbacks (they only open)."""
    return MultiFernet([_fernet(key) for key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)])


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def unseal(sealed: str) -> str | None:
    """The text, or None when there is none or no key of this site opens it."""
    if not sealed:
        return None
    try:
        return _keys().decrypt(sealed.encode("ascii")).decode()
    except InvalidToken:
        return None
