"""Times the trends request against /api/v1/me/ on the project's own server (gunicorn), as `make bench` runs it.

It builds a throwaway SQLite database with one teen who logged every day for three years, starts gunicorn
with production settings on a free local port, then sends the two requests in turn and reports their
medians and the ratio. The target of issue 4: trends over 1,095 days take at most 6 times `/api/v1/me/`.
Nothing outside a temporary folder is touched.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, token=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # As behind the TLS-terminating proxy of a real deployment, so production settings don't redirect.
    headers = {"Accept": "application/json", "Content-Type": "application/json", "X-Forwarded-Proto": "https"}
    if token:
        headers["Authorization"] = f"Token {token}"
    started = time.perf_counter()
    connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path} answered {response.status}: {payload[:200]!r}")
    return elapsed, payload


def wait_for(port, server):
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start within 10 seconds.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--rounds", type=int, default=200, help="requests of each kind (default 200)")
    parser.add_argument("--target", type=float, default=6.0, help="largest acceptable ratio (default 6)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stride-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        seeded = subprocess.run(
            [*manage, "seed_demo", "--days", str(args.days), "--every-day"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        email, password = re.search(r"teen\s+(\S+)\s+(\S+)", seeded).groups()

        port = free_port()
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(port, server)
            _, payload = request(port, "POST", "/api/v1/auth/token/", body={"email": email, "password": password})
            token = json.loads(payload)["token"]
            _, payload = request(port, "GET", "/api/v1/me/", token)
            patient = json.loads(payload)["patient_id"]
            trends_path = f"/api/v1/patients/{patient}/trends/"
            _, payload = request(port, "GET", trends_path, token)
            days = len(json.loads(payload)["dates"])
            for _ in range(10):  # warm-up: imports, caches, the first connection
                request(port, "GET", "/api/v1/me/", token)
                request(port, "GET", trends_path, token)
            me, trends = [], []
            for _ in range(args.rounds):  # interleaved, so drift on the machine hits both alike
                me.append(request(port, "GET", "/api/v1/me/", token)[0])
                trends.append(request(port, "GET", trends_path, token)[0])
        finally:
            server.terminate()
            server.wait(timeout=10)

    me_ms, trends_ms = statistics.median(me) * 1000, statistics.median(trends) * 1000
    ratio = trends_ms / me_ms
    print(f"trends over {days} days ({len(payload) // 1024} KiB), {args.rounds} requests each, gunicorn, SQLite")
    print(f"  /api/v1/me/   median {me_ms:6.2f} ms")
    print(f"  trends        median {trends_ms:6.2f} ms")
    print(f"  ratio         {ratio:.2f}x (target <= {args.target:g}x): {'met' if ratio <= args.target else 'NOT met'}")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
