"""A throwaway copy of Stride served as in production, for `make bench` and `make audit`.

`served_demo` builds a temporary SQLite database, collects the static files (hashed and compressed by
WhiteNoise) into the temporary folder, runs `seed_demo`, and starts gunicorn with
production settings on a free local port. Nothing outside the temporary folder is touched, and gunicorn is
stopped on the way out. The production-build browser tests (tests/browser/test_production.py) use it too.

The migrated, empty database and the collected static files depend on the code alone, so one process makes them
once (`_built_once`) and each copy starts from them: the test suite starts four copies, and migrating and collecting
took 9 of each copy's 12 seconds. The demo is seeded for each copy, since what it holds depends on the day.
"""

import contextlib
import datetime
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass(frozen=True)
class Served:
    port: int
    folder: Path
    email: str  # the demo teen's sign-in
    password: str
    logins: dict  # {role: (email, password)} of the first demo person of each role
    clinician_key: str = ""  # the demo clinician's authenticator-app key (base32), for the sign-in code

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def follow_the_fake_clock(env, *, utc=False):
    """Under faketime with a start time (FAKETIME="@2026-11-28 23:30:00"), every process's clock starts there when
    that process starts: a server or browser started minutes into a test run would lag behind the tests. This
    starts the child's clock where ours is now. `utc` gives the time in UTC with TZ=UTC, for Chromium, which
    reads FAKETIME as UTC whatever TZ says (its page time zone is set by the test, not by TZ)."""
    if not os.environ.get("FAKETIME", "").startswith("@"):
        return env
    now = datetime.datetime.now(datetime.UTC) if utc else datetime.datetime.now()
    return {**env, **({"TZ": "UTC"} if utc else {}), "FAKETIME": now.strftime("@%Y-%m-%d %H:%M:%S")}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


_built = None  # this process's TemporaryDirectory of the empty database and the static files, deleted at exit


def _built_once(manage, env):
    """The folder of a migrated, empty SQLite database (`empty.sqlite3`) and the collected static files (`static`)."""
    global _built
    if _built is None:
        folder = tempfile.TemporaryDirectory(prefix="stride-production-build-")
        env = {
            **env,
            "DATABASE_URL": f"sqlite:///{folder.name}/empty.sqlite3",
            "DJANGO_STATIC_ROOT": f"{folder.name}/static",
        }
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        _built = folder
    return Path(_built.name)


def _copy_database(source, target):
    # SQLite's own backup, not a file copy: whatever the database's journal mode, the copy holds every committed page.
    with contextlib.closing(sqlite3.connect(source)) as old, contextlib.closing(sqlite3.connect(target)) as new:
        old.backup(new)


@contextlib.contextmanager
def served_demo(*, seed_args=(), workers=1, extra_env=None):
    with tempfile.TemporaryDirectory(prefix="stride-production-copy-") as folder:
        env = {
            **follow_the_fake_clock(os.environ),
            "DATABASE_URL": f"sqlite:///{folder}/stride.sqlite3",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": f"{folder}/static",
            **(extra_env or {}),
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        built = _built_once(manage, env)
        os.symlink(built / "static", f"{folder}/static")
        if "DATABASE_URL" in (extra_env or {}):  # a database of the caller's (PostgreSQL), migrated here
            subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        else:
            _copy_database(built / "empty.sqlite3", f"{folder}/stride.sqlite3")
        seeded = subprocess.run(
            [*manage, "seed_demo", *seed_args], env=env, check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout
        logins = {}
        for role, email, password in re.findall(r"^  (\w+)\s+(\S+@\S+)\s+(\S+)$", seeded, re.MULTILINE):
            logins.setdefault(role, (email, password))
        email, password = logins["teen"]
        key = re.search(r"authenticator app \(time-based, 6 digits\): ([A-Z2-7]+)$", seeded, re.MULTILINE)
        port = free_port()
        # The checked-in settings (gunicorn.conf.py: gthread, threads), with this copy's port and workers (None:
        # the settings' own, sized for the machine's cores).
        gunicorn = ["gunicorn", "config.wsgi", "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}"]
        gunicorn += [] if workers is None else ["--workers", str(workers)]
        server = subprocess.Popen([PYTHON, "-m", *gunicorn, "--log-level", "warning"], env=env, cwd=ROOT)
        try:
            wait_for(port, server)
            yield Served(
                port=port,
                folder=Path(folder),
                email=email,
                password=password,
                logins=logins,
                clinician_key=key.group(1) if key else "",
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
