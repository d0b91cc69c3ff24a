"""Page weight, Lighthouse scores and layout shift of the teen's and the clinician's pages, served as in production
(`make audit`).

Like `make bench`, it serves a throwaway copy of Stride (scripts/production_copy.py): a temporary SQLite
database with the demo diary, static files hashed and compressed by WhiteNoise, and gunicorn with production
settings on a free local port. The pages' requests carry `X-Forwarded-Proto: https`, as from the
TLS-terminating proxy of a real deployment, so they are answered as in production (secure cookies, HSTS).
Only the HTTPS redirect is off (DJANGO_SECURE_SSL_REDIRECT=false): the browser fetches the service worker
script on its own, without the headers added here, and that fetch would be redirected to https, which this
local server doesn't speak. Before measuring, Dr Lee's demo clinic grows to a clinic of 200 patients (`--clinic`),
each with 120 days of diary, seeded as `make bench` seeds its teens. It signs in as the demo teen (Today, Trends)
and as Dr Lee with the code of the demo authenticator app (the dashboard, the clinic's list, Maya's summary and
Clinic outcomes), then for each page:

- the bytes transferred on a first load with an empty cache, signed in: the sum of Chromium's
  `encodedDataLength` over every request of the page (HTML, CSS, scripts, API answers, icons), measured
  through the DevTools protocol in a fresh browser context, and the Content-Encoding of each static file;
- Lighthouse's mobile performance and accessibility scores and the layout shift (CLS) of every run
  (Lighthouse is installed from the npm registry into `.tools/`, which git ignores, at the pinned version, if it
  is missing). Lighthouse drives a Chromium started here (one per person), whose own cookie jar holds the
  session: a `Cookie` header passed with `--extra-headers` is not enough, because Chromium replaces it on the
  page's `fetch()` calls once the site has set a cookie of its own (Django refreshes `csrftoken` on every page),
  and the API calls would then be signed out.

The service worker downloads its precache in the background after the first load, once per version; that is
reported on its own line, not counted in the page's bytes. It exits non-zero when a target is missed.
"""

import argparse
import collections
import http.client
import http.cookies
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pyotp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clinic import refresh_statuses, seed_patients, set_up_django, share_with_clinic  # noqa: E402
from production_copy import free_port, served_demo  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / ".tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]  # fmt: skip
PROXY = {"X-Forwarded-Proto": "https"}
# name: (who, path, largest first load in KB, whether layout shift has a target); {clinic} and {maya} are filled in
# once the clinician signs in. Today's shift is printed, not held to the target: its answers never move, but the
# cards under them (the plan and the week's goals, from the API) push the optional part down as they come.
PAGES = {
    "Today": ("teen", "/today/", 60, False),
    "Trends": ("teen", "/trends/", 150, True),
    "Dashboard": ("clinician", "/patients/", 150, True),
    "Clinic list": ("clinician", "/clinics/{clinic}/patients/", 100, True),
    "Summary": ("clinician", "/patients/{maya}/summary/", 150, True),
    "Outcomes": ("clinician", "/outcomes/", 150, True),
}
PERFORMANCE_TARGET, ACCESSIBILITY_TARGET, SHIFT_TARGET = 95, 100, 0.05
CLINIC_SIZE, CLINIC_DAYS = 200, 120
# The metrics Lighthouse's performance score is made of (mobile weights: 10, 25, 30, 25 and 10 per cent).
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
Run = collections.namedtuple("Run", "performance accessibility failed metrics long_tasks")
KB = 1024


def ensure_lighthouse():
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("make audit needs Node.js and npm to install Lighthouse.")
    print(f"Installing Lighthouse {LIGHTHOUSE_VERSION} into {TOOLS.relative_to(ROOT)}/ ...", flush=True)
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip


def call(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers={**PROXY, **(headers or {})})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response, payload


def cookies_of(response, jar):
    for header in response.msg.get_all("Set-Cookie") or []:
        for name, morsel in http.cookies.SimpleCookie(header).items():
            jar[name] = morsel.value
    return jar


def sign_in(port, email, password, app_key=""):
    """A session as the browser gets one: the CSRF cookie from the sign-in page, then the session API (with the
    authenticator app's current code where the account has one)."""
    response, _ = call(port, "GET", "/login/")
    jar = cookies_of(response, {})
    origin = f"https://127.0.0.1:{port}"
    response, payload = call(
        port,
        "POST",
        "/api/v1/auth/session/",
        {
            "Content-Type": "application/json",
            "X-CSRFToken": jar["csrftoken"],
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Origin": origin,
            "Referer": f"{origin}/login/",
        },
        json.dumps({"email": email, "password": password, **({"otp": pyotp.TOTP(app_key).now()} if app_key else {})}),
    )
    if response.status != 200:
        raise SystemExit(f"Signing in answered {response.status}: {payload[:200]!r}")
    return cookies_of(response, jar)


def first_load(browser, base, jar, path):
    """Bytes over the wire for one first load (empty cache), and the encoding of each static file."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, extra_http_headers=PROXY)
    context.add_cookies([{"name": k, "value": v, "url": base} for k, v in jar.items()])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes, urls, encodings = {}, {}, {}

    def received(event):
        urls[event["requestId"]] = event["response"]["url"]
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "none")

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    response = page.goto(f"{base}{path}", wait_until="networkidle")
    if response.status != 200 or page.url != f"{base}{path}":
        raise SystemExit(f"{path} answered {response.status} at {page.url}: not signed in?")
    page.wait_for_timeout(500)
    requests = [
        (urls.get(rid, "?"), size, encodings.get(rid))
        for rid, size in sizes.items()
        if not urls.get(rid, "").startswith("data:")  # drawn by the browser itself (the date field's icon)
    ]
    context.close()
    return requests


def precache_bytes(port, jar):
    """What the service worker fetches in the background when it installs: its precache list, compressed."""
    _, script = call(port, "GET", "/sw.js")
    config = json.loads(re.search(rb"^const CONFIG = (.*);$", script, re.MULTILINE).group(1))
    total = 0
    for url in config["precache"]:
        response, payload = call(port, "GET", url, {"Accept-Encoding": "gzip"})
        if response.status != 200:
            raise SystemExit(f"The service worker precaches {url}, which answers {response.status}.")
        total += len(payload)
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    for url in [*config["pages"], config["offline"]]:
        _, payload = call(port, "GET", url, {"Accept-Encoding": "gzip", "Cookie": cookie})
        total += len(payload)
    return len(config["precache"]), total


def lighthouse_once(debug_port, url, save_to=None):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        run = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--only-categories=performance,accessibility", "--form-factor=mobile",
             "--output=json", f"--output-path={report.name}", f"--port={debug_port}", "--hostname=127.0.0.1",
             f"--extra-headers={json.dumps(PROXY)}", "--quiet"],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
        )  # fmt: skip
        if run.returncode != 0:
            print(f"  (a Lighthouse run of {url} failed: {run.stderr.strip()[-300:]})", flush=True)
            return None
        if save_to:
            shutil.copyfile(report.name, save_to)
        result = json.loads(Path(report.name).read_text())
    categories = result["categories"]
    failed = [
        ref["id"]
        for ref in categories["accessibility"]["auditRefs"]
        if ref["weight"] and (result["audits"][ref["id"]].get("score") or 0) < 1
    ]
    metrics = {name: result["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    return Run(
        round(categories["performance"]["score"] * 100),
        round(categories["accessibility"]["score"] * 100),
        failed,
        metrics,
        _long_tasks(result),
    )


def _long_tasks(result):
    """The main thread's tasks of 50 ms or more, as Lighthouse simulates them on a phone: (ms, script)."""
    items = result["audits"].get("long-tasks", {}).get("details", {}).get("items", [])
    return [(round(item["duration"]), item["url"].rsplit("/", 1)[-1]) for item in items]


def lighthouse(debug_port, url, runs, save_to=None):
    """The median scores of `runs` Lighthouse runs: on this kind of machine one run moves by several points.
    With `save_to` (a path ending in .json), run n's report is kept as that name with -n before the suffix."""
    results = []
    for n in range(1, runs + 1):
        report = save_to.with_name(f"{save_to.stem}-{n}{save_to.suffix}") if save_to else None
        if result := lighthouse_once(debug_port, url, report):
            results.append(result)
    if not results:
        raise SystemExit(f"Lighthouse failed on {url} every time.")
    performance = statistics.median_low(sorted(result.performance for result in results))
    accessibility = statistics.median_low(sorted(result.accessibility for result in results))
    failed = sorted({audit for result in results for audit in result.failed})
    return performance, accessibility, failed, results


def describe(run):
    """One run's score and the metrics it is made of, as Lighthouse reports them."""
    m = run.metrics
    tasks = ", ".join(f"{ms} ms {script or '(page)'}" for ms, script in run.long_tasks[:4]) or "none"
    return (
        f"{run.performance:3d}: FCP {m['FCP'] / 1000:.1f} s, LCP {m['LCP'] / 1000:.1f} s, TBT {m['TBT']:.0f} ms, "
        f"CLS {m['CLS']:.3f}, SI {m['SI'] / 1000:.1f} s; long tasks: {tasks}"
    )


def load_average():
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def verdict(ok):
    return "met" if ok else "NOT met"


def grow_clinic(served, size, days):
    """Dr Lee's demo clinic grown to `size` patients (it has 2), with `days` days of diary each, their attention
    statuses worked out as the worker would. Seeded in this process, on the served copy's database."""
    set_up_django(f"sqlite:///{served.folder}/stride.sqlite3", served.folder)
    from django.db import connections

    from accounts.models import ClinicMember

    member = ClinicMember.objects.get(user__email=served.logins["clinician"][0], ended_at__isnull=True)
    added = size - member.clinic.patient_links.count()
    share_with_clinic(member, seed_patients(added, days), first_number=100)
    refresh_statuses()
    connections.close_all()
    return member.clinic_id


def paths_of(port, jar, clinic_id):
    """The clinician pages' paths: Maya is the demo patient Dr Lee sees as her own clinician."""
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    response, payload = call(port, "GET", "/api/v1/patients/", {"Cookie": cookie})
    if response.status != 200:
        raise SystemExit(f"The clinician's patients answered {response.status}: {payload[:200]!r}")
    maya = next(patient["id"] for patient in json.loads(payload) if patient["relation"] == "clinician")
    return {name: (who, path.format(clinic=clinic_id, maya=maya), *rest) for name, (who, path, *rest) in PAGES.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-lighthouse", action="store_true", help="only measure the bytes")
    parser.add_argument("--reports", type=Path, help="a folder to keep Lighthouse's JSON reports in")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page, the median counts (default 3)")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES), help="pages to measure")
    parser.add_argument(
        "--clinic", type=int, default=CLINIC_SIZE, help=f"the clinic's patients (default {CLINIC_SIZE})"
    )
    args = parser.parse_args()
    # Lighthouse's slowed-down phone is simulated from this machine's own timings: a busy machine scores lower.
    load_before = load_average()
    if not args.skip_lighthouse:
        ensure_lighthouse()

    from playwright.sync_api import sync_playwright

    with served_demo(workers=2, extra_env={"DJANGO_SECURE_SSL_REDIRECT": "false"}) as served:
        port, folder = served.port, served.folder
        base = f"http://127.0.0.1:{port}"
        clinic_id = grow_clinic(served, args.clinic, CLINIC_DAYS)
        # One sign-in each: the authenticator app's code is refused a second time within its 30 seconds.
        jars = {
            "teen": sign_in(port, *served.logins["teen"]),
            "clinician": sign_in(port, *served.logins["clinician"], served.clinician_key),
        }
        pages = {
            name: page for name, page in paths_of(port, jars["clinician"], clinic_id).items() if name in args.pages
        }
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for name, (who, path, *_) in pages.items():
                results[name] = {"requests": first_load(browser, base, jars[who], path)}
            browser.close()
            if not args.skip_lighthouse:
                for who in jars:
                    # Lighthouse drives a Chromium whose own cookie jar holds the session: one per person.
                    debug_port = free_port()
                    chromium = playwright.chromium.launch_persistent_context(
                        str(folder / f"profile-{who}"),
                        executable_path=CHROMIUM,
                        args=[*LAUNCH_ARGS, f"--remote-debugging-port={debug_port}"],
                    )
                    chromium.add_cookies([{"name": k, "value": v, "url": base} for k, v in jars[who].items()])
                    for name, (page_of, path, *_) in pages.items():
                        if page_of != who:
                            continue
                        save_to = (
                            args.reports / f"lighthouse-{name.lower().replace(' ', '-')}.json" if args.reports else None
                        )
                        results[name]["lighthouse"] = lighthouse(debug_port, f"{base}{path}", args.runs, save_to)
                    chromium.close()
        precached = precache_bytes(port, jars["teen"])

    ok = True
    print(f"\nStride on gunicorn with production settings: the demo teen ({served.logins['teen'][0]}), and Dr Lee")
    print(f"({served.logins['clinician'][0]}) with a clinic of {args.clinic} patients")
    print(f"Load average before: {load_before}; after: {load_average()}")
    for name, (who, path, limit, still) in pages.items():
        requests = results[name]["requests"]
        total = sum(size for _, size, _ in requests)
        plain = [url for url, _, encoding in requests if "/static/" in url and encoding == "none"
                 and re.search(r"\.(js|css|svg|json)$", url)]  # fmt: skip
        print(f"\n{name} ({path}, as the {who}), first load with an empty cache: {len(requests)} requests")
        for url, size, encoding in sorted(requests, key=lambda item: -item[1]):
            print(f"    {size / KB:7.1f} KB  {encoding:5}  {url.replace(base, '')}")
        met = total <= limit * KB
        ok &= met
        print(f"  transferred   {total / KB:6.1f} KB   (target <= {limit} KB): {verdict(met)}")
        if plain:
            ok = False
            print(f"  NOT compressed: {', '.join(plain)}")
        if "lighthouse" in results[name]:
            performance, accessibility, failed, each = results[name]["lighthouse"]
            shift = max(run.metrics["CLS"] for run in each)
            ok &= performance >= PERFORMANCE_TARGET and accessibility >= ACCESSIBILITY_TARGET
            ok &= shift < SHIFT_TARGET or not still
            scores = ", ".join(str(run.performance) for run in each)
            print(f"  performance   {performance:6d}      (target >= {PERFORMANCE_TARGET}): "
                  f"{verdict(performance >= PERFORMANCE_TARGET)}   median of {scores}")  # fmt: skip
            target = (
                f"(target < {SHIFT_TARGET}, every run): {verdict(shift < SHIFT_TARGET)}" if still else "(no target)"
            )
            print(f"  layout shift  {shift:6.3f}      {target}")
            print(f"  accessibility {accessibility:6d}      (target {ACCESSIBILITY_TARGET}): "
                  f"{verdict(accessibility >= ACCESSIBILITY_TARGET)}")  # fmt: skip
            for n, run in enumerate(each, 1):
                print(f"    run {n}: {describe(run)}")
            if failed:
                print(f"  Lighthouse audits not passed: {', '.join(failed)}")
    count, size = precached
    print(f"\nService worker, in the background after the first load (once per version): {count} static files")
    print(f"and the page shells, {size / KB:.1f} KB compressed, not counted above.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
