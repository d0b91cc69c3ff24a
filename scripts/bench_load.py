"""A bounded load run, as `make bench` runs it: 8 clients for 20 s on loopback against gunicorn (gunicorn.conf.py,
production settings), on SQLite and, when DATABASE_URL names a PostgreSQL server (scripts/with-postgres), on a
throwaway database there too.

Each client is a teen with a year of diary (seeded in bulk, as scripts/bench_clinic.py does) on a kept-alive
connection of its own, asking as fast as answers come: an entry PUT for one of the last 60 days, then the year's
trends, and again. It prints, for each kind, the requests per second, the 50th, 95th and 99th percentiles and the
errors (any answer but 2xx, or a failed connection). Target on PostgreSQL: no errors and p99 under 500 ms.
Each database runs in a process of its own (Django is set up once per process).
"""

import argparse
import datetime
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from bench_clinic import seed_patients, set_up_django, throwaway_database  # noqa: E402
from production_copy import served_demo  # noqa: E402

P99_TARGET_MS = 500
KINDS = ("entry PUT", "trends GET")


def client_loop(port, token, patient_id, today, deadline, results, seed):
    """Asks until `deadline`; appends (kind, seconds, ok) to `results`."""
    rng = random.Random(seed)  # noqa: S311 (made-up diary values, not secrets)
    headers = {
        "Authorization": f"Token {token}",
        "Accept": "application/json",
        "Accept-Encoding": "gzip",
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",  # as behind the TLS-terminating proxy, so production settings don't redirect
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    trends = f"/api/v1/patients/{patient_id}/trends/"
    while time.monotonic() < deadline:
        day = today - datetime.timedelta(days=rng.randrange(60))
        body = {
            "function": rng.randint(3, 8),
            "pain": rng.randint(2, 7),
            "sleep_hours": 7.5,
            "mood": rng.randint(2, 5),
            "school": "full",
            "symptoms": ["fatigue"],
            "note": "Walked to school and back.",
        }
        for kind, method, path, payload in (
            (KINDS[0], "PUT", f"/api/v1/patients/{patient_id}/entries/{day}/", json.dumps(body)),
            (KINDS[1], "GET", trends, None),
        ):
            started = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            results.append((kind, time.perf_counter() - started, ok))
    connection.close()


def load(port, teens, seconds):
    """[(kind, seconds, ok)] of `len(teens)` clients asking for `seconds`."""
    results = []
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(port, token, patient_id, today, deadline, results, n))
        for n, (token, patient_id, today) in enumerate(teens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summary(results, seconds):
    """{kind: {rps, p50, p95, p99 (ms), errors, count}}."""
    table = {}
    for kind in KINDS:
        times = sorted(elapsed * 1000 for name, elapsed, _ in results if name == kind)
        errors = sum(1 for name, _, ok in results if name == kind and not ok)
        cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        table[kind] = {
            "count": len(times),
            "rps": len(times) / seconds,
            "p50": cuts[49],
            "p95": cuts[94],
            "p99": cuts[98],
            "errors": errors,
        }
    return table


def run_one(database, clients, seconds, days):
    """One database's run, in this process. Prints the table; answers whether the target was met."""
    server_url = os.environ.get("DATABASE_URL", "")
    if database == "postgres":
        with (
            throwaway_database(server_url) as database_url,
            served_demo(workers=None, extra_env={"DATABASE_URL": database_url}) as served,
        ):
            return _measure(served, database_url, database, clients, seconds, days)
    with served_demo(workers=None) as served:
        return _measure(served, f"sqlite:///{served.folder}/stride.sqlite3", database, clients, seconds, days)


def _measure(served, database_url, database, clients, seconds, days):
    set_up_django(database_url, served.folder)
    from django.db import connection

    from accounts.models import ApiToken

    patients = seed_patients(clients, days)
    teens = [(ApiToken.objects.issue(patient.account), patient.pk, patient.today()) for patient in patients]
    connection.close()  # this process asks over HTTP from here on; SQLite's file is the server's alone
    load(served.port, teens, min(seconds, 2))  # warm-up: every worker imports, connects, fills its caches
    results = load(served.port, teens, seconds)
    table = summary(results, seconds)
    one, five, fifteen = os.getloadavg()
    print(
        f"\nLoad on {'PostgreSQL' if database == 'postgres' else 'SQLite'}: {clients} clients, {seconds} s, loopback, "
        f"gunicorn (gunicorn.conf.py), a year of diary each; load average {one:.2f} {five:.2f} {fifteen:.2f}"
    )
    print(f"  {'kind':<12} {'requests':>9} {'rps':>8} {'p50':>9} {'p95':>9} {'p99':>9} {'errors':>7}")
    met = True
    for kind, row in table.items():
        print(
            f"  {kind:<12} {row['count']:>9} {row['rps']:>8.1f} {row['p50']:>7.1f}ms {row['p95']:>7.1f}ms "
            f"{row['p99']:>7.1f}ms {row['errors']:>7}"
        )
        met = met and row["errors"] == 0 and row["p99"] < P99_TARGET_MS
    if database == "postgres":
        print(f"  target (PostgreSQL): no errors and p99 under {P99_TARGET_MS} ms: {'met' if met else 'NOT met'}")
        return met
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--days", type=int, default=365, help="days of diary per client (default 365)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), help="only this one, in this process")
    args = parser.parse_args()
    if args.database:
        return 0 if run_one(args.database, args.clients, args.seconds, args.days) else 1
    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        databases.append("postgres")
    else:
        print("DATABASE_URL names no PostgreSQL server: SQLite only (scripts/with-postgres adds PostgreSQL).")
    failed = False
    for database in databases:
        command = [sys.executable, __file__, "--database", database, "--clients", str(args.clients)]
        command += ["--seconds", str(args.seconds), "--days", str(args.days)]
        failed |= subprocess.run(command, check=False).returncode != 0  # noqa: S603 (our own script)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
