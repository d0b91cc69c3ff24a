"""Push endpoints are addresses a signed-in person hands the server, which then calls them: each spelling of an
address on this machine or a private network is refused when subscribing, and nothing connects to one when sending,
TLS included (reminders/push.py). And an endpoint someone else registers does not take over the first one's.
"""

import datetime
import os
import socket
import ssl
import threading

import pytest
import urllib3.util.connection
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID

from reminders import push, services
from reminders.models import PushSubscription
from tests.conftest import client_for
from tests.factories import PatientFactory
from tests.push_service import b64url
from tests.test_reminders import FRIDAY_EVENING, SUBSCRIBE, remind

pytestmark = pytest.mark.django_db

UNCOMPRESSED = PublicFormat.UncompressedPoint

KEYS = {  # a browser's keys: a real P-256 point, so a push is encrypted and would go out
    "p256dh": b64url(ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(Encoding.X962, UNCOMPRESSED)),
    "auth": b64url(os.urandom(16)),
}

# Each reaches this machine or a private network (the port is the listener's, below, where it is one).
REFUSED_HOSTS = [
    "127.0.0.1",
    "[::1]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",  # IPv4-compatible IPv6 (deprecated)
    "[64:ff9b::7f00:1]",  # NAT64 (RFC 6052), 127.0.0.1 inside
    "[64:ff9b::a00:1]",  # NAT64, 10.0.0.1 inside
    "[64:ff9b::c0a8:101]",  # NAT64, 192.168.1.1 inside
    "[64:ff9b:1::a00:1]",  # local-use NAT64 (RFC 8215)
    "[2002:7f00:1::1]",  # 6to4, 127.0.0.1 inside
    "[2002:a9fe:a9fe::1]",  # 6to4, 169.254.169.254 inside
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, 127.0.0.1 inside
    "[fec0::1]",  # site-local
    "[fc00::1]",
    "[fe80::1]",
    "[::]",
    "[ff02::1]",
    "192.0.0.9",
    "192.0.0.170",
    "0.0.0.0",  # noqa: S104 (an address refused, not one listened on)
    "0.1.2.3",
    "224.0.0.1",
    "2130706433",  # 127.0.0.1, in decimal
    "017700000001",  # in octal
    "0x7f000001",  # in hex
    "0x7f.1",
    "0177.0.0.1",
    "127.1",
    "localhost",
    "localhost.",  # a trailing dot
    "127.0.0.1.",
]


@pytest.fixture
def strict(settings):
    settings.STRIDE_PUSH_ALLOW_INSECURE = False
    settings.STRIDE_VAPID_PRIVATE_KEY, settings.STRIDE_VAPID_PUBLIC_KEY = push.new_vapid_keys()


@pytest.mark.parametrize(
    "endpoint",
    [f"https://{host}/x" for host in REFUSED_HOSTS]
    + [
        "https://8.8.8.8:0/x",  # port 0
        "https://8.8.8.8:65536/x",
        "https://push.example.com./x",  # a trailing dot on a public name
        "https://8.8.8.8./x",
        "https://[fe80::1%25eth0]/x",
        "https://8.8.8.8\\@127.0.0.1/x",
    ],
)
def test_each_spelling_of_a_private_address_is_refused_when_subscribing(teen_client, strict, endpoint):
    answer = teen_client.post(SUBSCRIBE, {"endpoint": endpoint, "keys": KEYS}, format="json")
    assert answer.status_code == 400, endpoint
    assert "endpoint" in answer.json()
    assert not PushSubscription.objects.exists()


def test_a_public_address_by_ip_is_still_kept(teen_client, strict):
    for endpoint in ["https://8.8.8.8/push/a", "https://[2606:4700::1111]:8443/push/b", "https://[64:ff9b::808:808]/c"]:
        answer = teen_client.post(SUBSCRIBE, {"endpoint": endpoint, "keys": KEYS}, format="json")
        assert answer.status_code == 201, (endpoint, answer.content)


class Listener:
    """A port on loopback (IPv4 and IPv6) that counts the connections made to it: those it accepted, and at the end
    those still waiting to be (the kernel completes a connection before anyone accepts it)."""

    def __init__(self):
        self.accepted = 0
        self.sockets = [socket.create_server(("127.0.0.1", 0))]
        self.port = self.sockets[0].getsockname()[1]
        self.sockets.append(socket.create_server(("::1", self.port), family=socket.AF_INET6))
        for sock in self.sockets:
            sock.settimeout(0.1)
        self.running = True
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while self.running:
            for sock in self.sockets:
                try:
                    connection, _ = sock.accept()
                except TimeoutError:
                    continue
                self.accepted += 1
                connection.close()  # a client doing TLS here gives up at once

    @property
    def connections(self):
        self.running = False
        self.thread.join()
        waiting = 0
        for sock in self.sockets:
            sock.setblocking(False)
            while True:
                try:
                    sock.accept()[0].close()
                except BlockingIOError:
                    break
                waiting += 1
        return self.accepted + waiting

    def close(self):
        self.running = False
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def remind_by_push(endpoints):
    """A teen whose push reminder is due, to each endpoint (saved as they are, as if they had passed once)."""
    teen = PatientFactory()
    remind(teen, time="23:00", channels=["push"])
    for endpoint in endpoints:
        PushSubscription.objects.create(user=teen.account, endpoint=endpoint, **KEYS)
    return teen


def test_nothing_connects_to_a_private_address_when_sending(strict, listener):
    endpoints = [f"https://{host}:{listener.port}/x" for host in REFUSED_HOSTS]
    remind_by_push(endpoints)
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert listener.connections == 0
    # Refused, never to be sent to: removed, not tried again.
    assert (report.pushes, report.push_retrying, report.push_removed) == (0, 0, len(endpoints))


def test_a_name_that_resolves_to_loopback_on_the_next_lookup_gets_nowhere(
    teen_client, teen, strict, listener, monkeypatch
):
    # DNS rebinding: the name's first answer is public, every later one is 127.0.0.1.
    lookups = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "push.rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "8.8.8.8" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    endpoint = f"https://push.rebind.example:{listener.port}/x"
    assert teen_client.post(SUBSCRIBE, {"endpoint": endpoint, "keys": KEYS}, format="json").status_code == 201
    remind(teen.own_patient, time="23:00", channels=["push"])
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    assert listener.connections == 0 and report.push_removed == 1
    assert len(lookups) == 2  # once when subscribing, once when sending: the address checked is the one used


def self_signed(name):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def test_a_public_name_is_connected_to_at_the_address_checked_with_its_name_for_tls(strict, monkeypatch, tmp_path):
    # The name resolves to a public address; the connection to it is handed to a TLS server on loopback here, which
    # records the name the client asks for (SNI). Its certificate is not one the client trusts: the push fails.
    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *args, **kwargs: (
            [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port))]
            if host == "push.public.example"
            else real_getaddrinfo(host, port, *args, **kwargs)
        ),
    )
    certificate, key = self_signed("push.public.example")
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    names, connected = [], []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        connection, _ = server.accept()
        try:
            context.wrap_socket(connection, server_side=True).close()
        except (ssl.SSLError, OSError):
            pass  # the client gave up on the certificate
        finally:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    real_connect = urllib3.util.connection.create_connection

    def to_the_server_here(address, *args, **kwargs):
        connected.append(address)
        return real_connect(server.getsockname(), *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", to_the_server_here)
    remind_by_push(["https://push.public.example/x"])
    report = services.send_due_reminders(now=FRIDAY_EVENING)
    thread.join(timeout=5)
    server.close()
    assert connected == [("8.8.8.8", 443)]
    assert names == ["push.public.example"]
    assert report.pushes == 0 and report.push_retrying == 1  # an untrusted certificate: tried again later


# One endpoint, two accounts


def test_an_endpoint_registered_by_a_second_account_does_not_take_over_the_first(teen, teen_client, push_service):
    browser = push_service.subscription("maya")
    assert teen_client.post(SUBSCRIBE, browser.as_json(), format="json").status_code == 201
    # Someone who learned the endpoint registers it with keys of their own.
    intruder = client_for(PatientFactory().account)
    other = push_service.subscription("other")
    answer = intruder.post(SUBSCRIBE, {"endpoint": browser.endpoint, "keys": other.keys}, format="json")
    assert answer.status_code == 201
    mine = PushSubscription.objects.get(user=teen)
    assert (mine.endpoint, mine.p256dh, mine.auth) == (browser.endpoint, browser.keys["p256dh"], browser.keys["auth"])
    assert PushSubscription.objects.count() == 2
    remind(teen.own_patient, time="23:00", channels=["push"])
    assert services.send_due_reminders(now=FRIDAY_EVENING).pushes == 1
    [received] = push_service.to("maya")
    assert received.payload["url"] == "/today/"  # decrypted with the browser's own keys


def test_the_same_browser_subscribed_by_another_account_reminds_only_the_last(teen, teen_client, push_service):
    browser = push_service.subscription("shared")
    assert teen_client.post(SUBSCRIBE, browser.as_json(), format="json").status_code == 201
    sister = PatientFactory().account
    assert client_for(sister).post(SUBSCRIBE, browser.as_json(), format="json").status_code == 201
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [sister.pk]
