"""Web Push (RFC 8030) to the installed app: payloads encrypted for the subscription (RFC 8291) and signed with the
site's VAPID keys (RFC 8292), by pywebpush.

A push endpoint is an address the browser hands us and the server then calls, so it is checked like any
user-supplied URL: `https` only, no user or password, a port from 1 to 65535, and a host that is an IP address
written plainly or a host name (never a number spelled another way, such as 2130706433 or 0x7f.1, nor a name ending
in a dot) whose every address is public: no loopback, private, link- or site-local, shared, multicast or reserved
range, nor an IPv6 address that carries such an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo). The check runs
when the subscription is saved, and again on every send, before anything connects: the host is resolved once, every
address checked, and the connection made to a checked address (TLS still checks the certificate against the host
name), so a name that answers differently later (DNS rebinding) gets nowhere. No redirects are followed. An endpoint
refused when sending is deleted like one the push service says is gone.
`STRIDE_PUSH_ALLOW_INSECURE=true` lifts all of this, for tests that run a push service on loopback.
"""

import base64
import dataclasses
import email.utils
import functools
import ipaddress
import json
import logging
import re
import socket
from urllib.parse import SplitResult, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for one push
TTL = 12 * 60 * 60  # a push service may hold a reminder for a phone that is off for half a day


class RefusedEndpoint(ValueError):
    """A push endpoint Stride will not call."""


# Ranges `ipaddress` calls global that still lead to this machine or a private network, or never to a push service.
_IETF_PROTOCOLS = ipaddress.ip_network("192.0.0.0/24")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # ::a.b.c.d, deprecated
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # 64:ff9b::a.b.c.d reaches a.b.c.d through a NAT64 gateway
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # a network's own NAT64 (RFC 8215)
_TEREDO = ipaddress.ip_network("2001::/32")
# A host name's labels once IDNA-encoded; its last one starts with a letter, so no number spelled otherwise (0x7f.1,
# 2130706433, 127.1) is taken for a name that resolvers would read as an address.
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet, the IPv4 address inside an IPv6 one included."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6:
        if (
            ip.scope_id
            or ip.is_site_local
            or any(ip in network for network in (_IPV4_COMPATIBLE, _NAT64_LOCAL, _TEREDO))
        ):
            return False
        inside = ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            inside = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inside is not None:
            return is_public_address(str(inside))
    elif ip in _IETF_PROTOCOLS:
        return False
    return ip.is_global and not ip.is_multicast


def _https_address(endpoint: str) -> tuple[str, int]:
    """The host and port of an https endpoint written plainly (no lookup); raises RefusedEndpoint otherwise."""
    refused = RefusedEndpoint(_("Send the push service's https address."))
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        raise refused from None
    if parts.scheme != "https" or parts.username is not None or parts.password is not None or port == 0:
        raise refused
    return _plain_host(parts), port or 443


def _plain_host(parts: SplitResult) -> str:
    host = parts.hostname or ""
    if parts.netloc.rpartition("@")[2].startswith("["):  # an IPv6 address
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            raise RefusedEndpoint(_("Send the push service's https address.")) from None
    try:
        return str(ipaddress.IPv4Address(host))  # only the dotted form, with no leading zeros
    except ValueError:
        pass
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError:
        name = ""
    labels = name.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) or not labels[-1][0].isalpha():
        raise RefusedEndpoint(_("Send the push service's https address."))
    return name


def _public_addresses(host: str, port: int) -> list[str]:
    """Every address of `host` (one lookup), if each one is public; raises RefusedEndpoint if one is not, and OSError
    when the name has none."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise socket.gaierror(str(error)) from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not all(is_public_address(address) for address in addresses):
        raise RefusedEndpoint(_("That push address isn't on the public internet."))
    return addresses


def check_endpoint(endpoint: str) -> None:
    """Raises RefusedEndpoint unless `endpoint` is an https URL whose host resolves only to public addresses."""
    if settings.STRIDE_PUSH_ALLOW_INSECURE:
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise RefusedEndpoint(_("Send the push service's https address."))
        return
    try:
        _public_addresses(*_https_address(endpoint))
    except OSError:
        raise RefusedEndpoint(_("That push service can't be reached.")) from None


def _check_as_written(endpoint: str) -> None:
    """The checks that need no lookup, for an endpoint saved before a rule of today's (the connection checks the
    addresses a name has). Raises RefusedEndpoint."""
    host = _https_address(endpoint)[0]
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    if not is_public_address(str(literal)):
        raise RefusedEndpoint(_("That push address isn't on the public internet."))


class _PublicOnlyConnection(HTTPSConnection):
    """Resolves the host once, checks every address, and connects to a checked one, before any TLS: urllib3 would
    otherwise look the name up itself, and the answer might differ. TLS still sends and checks `self.host`."""

    def _new_conn(self):
        try:
            addresses = _public_addresses(self._dns_host, self.port)
        except OSError as error:  # no answer now: tried again later, as any push service out of reach
            raise NameResolutionError(self.host, self, error) from error
        error = NewConnectionError(self, f"No address for {self.host}")
        for address in addresses:
            try:
                return urllib3_connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError:
                error = ConnectTimeoutError(self, f"Connection to {self.host} timed out.")
            except OSError as failure:
                error = NewConnectionError(self, f"Failed to establish a new connection: {failure}")
        raise error


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
    refused: bool = False  # an endpoint Stride will not call (RefusedEndpoint): never sent, nothing connected

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The subscription has ended (404, 410) or will never work (a redirect, an endpoint refused): remove it."""
        return self.refused or self.status in (404, 410) or (self.status is not None and 300 <= self.status < 400)

    @property
    def retry(self) -> bool:
        return not self.refused and (self.status is None or self.status == 429 or self.status >= 500)


@functools.cache
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_string(private_key=private_key)


def _retry_after(response) -> int | None:
    raw = (response.headers.get("Retry-After") or "").strip() if response is not None else ""
    return int(raw) if raw.isdigit() else None


def send(*, subscription_info: dict, payload: dict, session: requests.Session) -> Outcome:
    """Sends one push; never raises for the push service's answer, an unreachable one or an endpoint refused."""
    try:
        if not settings.STRIDE_PUSH_ALLOW_INSECURE:
            _check_as_written(subscription_info["endpoint"])
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
    except RefusedEndpoint as refused:
        logger.warning("Push not sent to an endpoint refused: %s", refused)
        return Outcome(status=None, refused=True)
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
    """A VAPID key pair as docs/API.md gives it: the private scalar (32 bytes) and the uncompressed public point (65),
    both base64url without padding."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    vapid = Vapid()
    vapid.generate_keys()
    private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    public = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _b64(private), _b64(public)
