"""Web Push (RFC 8030) to the installed app: payloads encrypted for the subscription (RFC 8291) and signed with the
site's VAPID keys (RFC 8292), by pywebpush.

A push endpoint is an address the browser hands us and the server then calls, so it is checked like any
user-supplied URL: `https` only, a host name whose every address is public (no loopback, private, link-local,
shared, multicast or reserved ranges), no redirects followed. The check runs when the subscription is saved, and the
address actually connected to is checked again on every send (a name that resolves elsewhere later gets nowhere).
`STRIDE_PUSH_ALLOW_INSECURE=true` lifts all of this, for tests that run a push service on loopback.
"""

import base64
import dataclasses
import email.utils
import functools
import ipaddress
import json
import logging
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for one push
TTL = 12 * 60 * 60  # a push service may hold a reminder for a phone that is off for half a day


class RefusedEndpoint(ValueError):
    """A push endpoint Stride will not call."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_endpoint(endpoint: str) -> None:
    """Raises RefusedEndpoint unless `endpoint` is an https URL whose host resolves only to public addresses."""
    if settings.STRIDE_PUSH_ALLOW_INSECURE:
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise RefusedEndpoint(_("Send the push service's https address."))
        return
    try:
        parts = urlsplit(endpoint)
        port = parts.port or 443
        host = parts.hostname
    except ValueError:
        raise RefusedEndpoint(_("Send the push service's https address.")) from None
    if parts.scheme != "https" or not host or parts.username or parts.password:
        raise RefusedEndpoint(_("Send the push service's https address."))
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedEndpoint(_("That push service can't be reached.")) from None
    if not found or not all(is_public_address(info[4][0]) for info in found):
        raise RefusedEndpoint(_("That push address isn't on the public internet."))


class _PublicOnlyConnection(HTTPSConnection):
    def connect(self):
        super().connect()
        address = self.sock.getpeername()[0]
        if not is_public_address(address):
            self.close()
            raise requests.exceptions.ConnectionError(f"Refused to send to a non-public address: {address}")


class _PublicOnlyPool(HTTPSConnectionPool):
    ConnectionCls = _PublicOnlyConnection


class _PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"https": _PublicOnlyPool}
        self.poolmanager.key_fn_by_scheme = {"https": self.poolmanager.key_fn_by_scheme["https"]}


class _NoRedirectSession(requests.Session):
    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


def new_session() -> requests.Session:
    """A session for push services: no redirects, no proxies from the environment, public addresses only."""
    session = _NoRedirectSession()
    session.trust_env = False
    if not settings.STRIDE_PUSH_ALLOW_INSECURE:
        session.adapters.clear()
        session.mount("https://", _PublicOnlyAdapter())
    return session


def is_configured() -> bool:
    return bool(settings.STRIDE_VAPID_PRIVATE_KEY and settings.STRIDE_VAPID_PUBLIC_KEY)


def _vapid_subject() -> str:
    if settings.STRIDE_SITE_URL.startswith("https://"):
        return settings.STRIDE_SITE_URL
    return f"mailto:{email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or 'no-reply@localhost'}"


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: int | None  # the push service's answer; None when it could not be reached
    retry_after: int | None = None  # seconds, from a 429's or 503's Retry-After

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The subscription has ended (404, 410) or will never work (a redirect, a refused request): remove it."""
        return self.status in (404, 410) or (self.status is not None and 300 <= self.status < 400)

    @property
    def retry(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


@functools.cache
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_string(private_key=private_key)


def _retry_after(response) -> int | None:
    raw = (response.headers.get("Retry-After") or "").strip() if response is not None else ""
    return int(raw) if raw.isdigit() else None


def send(*, subscription_info: dict, payload: dict, session: requests.Session) -> Outcome:
    """Sends one push; never raises for the push service's answer or an unreachable one."""
    try:
        response = webpush(
            subscription_info,
            data=json.dumps(payload),
            vapid_private_key=_vapid(settings.STRIDE_VAPID_PRIVATE_KEY),
            vapid_claims={"sub": _vapid_subject()},
            ttl=TTL,
            timeout=TIMEOUT,
            headers={"Urgency": "normal"},
            requests_session=session,
        )
    except WebPushException as error:
        response = error.response
        if response is None:  # a subscription whose keys cannot be used
            logger.warning("Push not sent: %s", error.message)
            return Outcome(status=400)
        return Outcome(status=response.status_code, retry_after=_retry_after(response))
    except (requests.RequestException, OSError, ValueError) as error:
        logger.warning("Push service unreachable: %s", type(error).__name__)
        return Outcome(status=None)
    return Outcome(status=response.status_code)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_vapid_keys() -> tuple[str, str]:
    """A VAPID key pair as API.md gives it: the private scalar (32 bytes) and the uncompressed public point (65),
    both base64url without padding."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    vapid = Vapid()
    vapid.generate_keys()
    private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    public = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _b64(private), _b64(public)
