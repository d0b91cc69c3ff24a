"""A push service on loopback for the reminder tests: it takes what Stride sends as a browser's push service would,
and decrypts each payload with the subscription's private key and auth secret (RFC 8291, aes128gcm, `http-ece`).

`push_service` starts it for one test; `push_service.subscription(user_id)` makes a browser-like subscription (its
own P-256 key pair and auth secret); `push_service.answer(path, status)` makes the service answer `status` for one
subscription; `push_service.received` holds each push with its headers and decrypted payload.
"""

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from reminders.push import new_vapid_keys


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """One browser's push subscription: the endpoint, and the keys only the browser holds."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def keys(self):
        point = self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"p256dh": b64url(point), "auth": b64url(self.auth)}

    def as_json(self):
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": self.keys}


@dataclass
class Push:
    path: str
    headers: dict
    body: bytes
    status: int
    payload: dict | None = None


@dataclass
class PushService:
    url: str
    browsers: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)  # path: [status, ...] answered in turn (then 201)
    received: list = field(default_factory=list)

    def subscription(self, name) -> Browser:
        browser = Browser(f"{self.url}/push/{name}", ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.browsers[f"/push/{name}"] = browser
        return browser

    def answer(self, name, *statuses):
        self.answers[f"/push/{name}"] = list(statuses)

    def to(self, name):
        return [push for push in self.received if push.path == f"/push/{name}"]


def _handler(service):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            queued = service.answers.get(self.path) or []
            status = queued.pop(0) if queued else 201
            push = Push(self.path, {key.lower(): value for key, value in self.headers.items()}, body, status)
            browser = service.browsers.get(self.path)
            if browser is not None and body:
                plain = http_ece.decrypt(
                    body, private_key=browser.private_key, auth_secret=browser.auth, version="aes128gcm"
                )
                push.payload = json.loads(plain)
            service.received.append(push)
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "120")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


VAPID_PRIVATE, VAPID_PUBLIC = new_vapid_keys()


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # Stride sends several pushes at once


@pytest.fixture
def push_service(settings):
    service = PushService(url="")
    server = Server(("127.0.0.1", 0), _handler(service))
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.STRIDE_PUSH_ALLOW_INSECURE = True
    settings.STRIDE_VAPID_PRIVATE_KEY = VAPID_PRIVATE
    settings.STRIDE_VAPID_PUBLIC_KEY = VAPID_PUBLIC
    yield service
    server.shutdown()
    server.server_close()
