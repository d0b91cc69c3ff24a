"""Times the trends request against /api/v1/me/ on the project's own server (gunicorn), as `make bench` runs it.

It serves a throwaway copy (scripts/production_copy.py) whose demo teen logged every day for three years,
then sends the two requests in turn and reports their medians and the ratio. The target of issue 25 on SQLite:
trends over 1,095 days take at most 4 times `/api/v1/me/` (issue 4 asked 6 times). Then it saves the teen's entry
of today again and again (a real change each time: the function score goes back and forth), in turn with
`/api/v1/me/`: the target of issue 25, at most 1.5 times. Nothing outside a temporary folder is touched.
"""

import argparse
import http.client
import json
import statistics
import sys
import time

from production_copy import served_demo


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
    if response.status not in (200, 201):
        raise SystemExit(f"{method} {path} answered {response.status}: {payload[:200]!r}")
    return elapsed, payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--rounds", type=int, default=200, help="requests of each kind (default 200)")
    parser.add_argument("--target", type=float, default=4.0, help="largest acceptable ratio (default 4)")
    parser.add_argument("--save-target", type=float, default=1.5, help="for saving an entry (default 1.5)")
    args = parser.parse_args()

    with served_demo(seed_args=["--days", str(args.days), "--every-day"]) as served:
        port = served.port
        _, payload = request(
            port, "POST", "/api/v1/auth/token/", body={"email": served.email, "password": served.password}
        )
        token = json.loads(payload)["token"]
        _, payload = request(port, "GET", "/api/v1/me/", token)
        patient = json.loads(payload)["patient_id"]
        trends_path = f"/api/v1/patients/{patient}/trends/"
        _, payload = request(port, "GET", trends_path, token)
        answer = json.loads(payload)
        days, today = len(answer["dates"]), answer["dates"][-1]
        entry_path = f"/api/v1/patients/{patient}/entries/{today}/"
        for _ in range(10):  # warm-up: imports, caches, the first connection
            request(port, "GET", "/api/v1/me/", token)
            request(port, "GET", trends_path, token)
        me, trends = [], []
        for _ in range(args.rounds):  # interleaved, so drift on the machine hits both alike
            me.append(request(port, "GET", "/api/v1/me/", token)[0])
            trends.append(request(port, "GET", trends_path, token)[0])

        me_again, saves = [], []
        for number in range(-10, args.rounds):
            entry = {"function": 5 + number % 2, "pain": 5, "sleep_hours": 7.5, "mood": 3, "school": "full"}
            timing = [request(port, "GET", "/api/v1/me/", token)[0], request(port, "PUT", entry_path, token, entry)[0]]
            if number >= 0:
                me_again.append(timing[0])
                saves.append(timing[1])

    me_ms, trends_ms = statistics.median(me) * 1000, statistics.median(trends) * 1000
    ratio = trends_ms / me_ms
    print(f"trends over {days} days ({len(payload) // 1024} KiB), {args.rounds} requests each, gunicorn, SQLite")
    print(f"  /api/v1/me/   median {me_ms:6.2f} ms")
    print(f"  trends        median {trends_ms:6.2f} ms")
    print(f"  ratio         {ratio:.2f}x (target <= {args.target:g}x): {'met' if ratio <= args.target else 'NOT met'}")
    me_ms, save_ms = statistics.median(me_again) * 1000, statistics.median(saves) * 1000
    save_ratio = save_ms / me_ms
    met = save_ratio <= args.save_target
    print(f"saving today's entry (PUT), {args.rounds} times, in turn with /api/v1/me/ ({me_ms:.2f} ms)")
    print(f"  save          median {save_ms:6.2f} ms")
    print(f"  ratio         {save_ratio:.2f}x (target <= {args.save_target:g}x): {'met' if met else 'NOT met'}")
    return 0 if ratio <= args.target and met else 1


if __name__ == "__main__":
    sys.exit(main())
