"""Stride at clinic scale on PostgreSQL, as `make bench` runs it: `scripts/with-postgres .venv/bin/python
scripts/bench_clinic.py` (as root; with-postgres starts a throwaway cluster and sets DATABASE_URL).

1. A throwaway database on that server, migrated and seeded by a production copy (scripts/production_copy.py: the
   demo, gunicorn with gunicorn.conf.py and production settings, DEBUG off).
2. 1,000 teens with three years of daily entries each and a weekly check-in, written in bulk (bulk_create, and COPY
   on PostgreSQL; timed; target under 2 minutes), and ANALYZE, as autovacuum would do soon after.
3. The answers, timed over HTTP on gunicorn, interleaved round by round with `/api/v1/me/` of the same caller so
   that whatever else the machine does hits both alike: a teen's trends over 30, 365 and 1,095 days, summary and
   entries list; a clinician's list of 200 patients and Clinic outcomes over them. Each is printed as its median
   and as a ratio to `/me/` (targets: 3x per patient, 4x for the list).
4. The queries of each answer, counted in this process: the same request through Django's test client on the
   same database, with `CaptureQueriesContext` (Django's connection.queries). The server's code is the same;
   counting there would need a hook in the served app. The clinician's list and outcomes are counted with 3
   patients and again with 200 (target: the same count).

The client asks for gzip like a browser does (`--no-gzip` to leave it out), so the times include compressing.
Nothing outside the throwaway database and a temporary folder is touched; both are removed at the end.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from production_copy import served_demo  # noqa: E402

DEFAULT_PATIENTS, DEFAULT_DAYS, LISTED = 1000, 1095, 200
PER_PATIENT_TARGET, LIST_TARGET = 3.0, 4.0
LIST, OUTCOMES = "clinician's list", "clinic outcomes"


# The throwaway database ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_database(server_url):
    """A new, empty database on the PostgreSQL server of `server_url` (its role needs CREATEDB), dropped after."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"stride_bench_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        for attempt in range(20):  # autovacuum may still be busy in it for a moment
            try:
                with psycopg.connect(admin, autocommit=True) as connection:
                    connection.execute(f"DROP DATABASE IF EXISTS {name}")
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(0.5)


def production_env(database_url, folder):
    """What the served copy runs with, for this process's own Django (seeding and counting queries)."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": f"{folder}/static",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }


def set_up_django(database_url, folder):
    """Django in this process, on the served copy's database and static folder (`folder`)."""
    os.environ.update(production_env(database_url, folder))
    import django

    django.setup()


# Seeding ------------------------------------------------------------------------------------------------------


COURSES = 50  # distinct courses (diary.demo's, each its own seed), shared round robin by the patients


def seed_patients(count, days, *, first_number=0, batch=50):
    """`count` teens (bench0@example.com ...), each with `days` days of diary ending today (one of COURSES courses
    of diary.demo, 5% of days left out) and a weekly check-in. Answers their Patient rows.

    Accounts and patients go in with bulk_create. On PostgreSQL the million entries and the check-ins go in with
    COPY, through the same connection and transaction: bulk_create spends some 50 ms of Python per three-year diary
    adapting every value of 20 columns, which alone would take most of the 2 minutes allowed; COPY takes a fraction
    of that. Elsewhere (SQLite, for the load run and the tests) everything uses bulk_create."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import Patient, Role, User
    from diary.demo import demo_checkins, demo_course
    from diary.models import DailyEntry, FunctionCheckin
    from diary.models.checkins import ANSWER_FIELDS

    password = make_password(secrets.token_urlsafe(16))  # once: hashing is slow on purpose
    birth = datetime.date.today() - datetime.timedelta(days=round(15 * 365.25))
    today = datetime.datetime.now(datetime.UTC).date()  # the bench patients live in UTC (the default time zone)
    courses, lines = {}, {}
    patients = []
    for start in range(first_number, first_number + count, batch):
        numbers = range(start, min(start + batch, first_number + count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=f"bench{n}@example.com", display_name=f"Teen {n:04}", role=Role.TEEN, password=password)
                for n in numbers
            )
            made = Patient.objects.bulk_create(
                Patient(account=user, display_name=user.display_name, birth_date=birth) for user in users
            )
            entries, checkins = [], []
            for n, patient in zip(numbers, made, strict=True):
                seed = n % COURSES
                if seed not in courses:
                    courses[seed] = (
                        demo_course(today, days=days, seed=seed, skip_rate=0.05),
                        demo_checkins(today, days=days, seed=seed),
                    )
                course, weekly = courses[seed]
                entries.append((patient, course))
                checkins.append((patient, weekly))
            if connection.vendor == "postgresql":
                _copy_entries(connection, entries, lines)
                _copy_checkins(connection, checkins, ANSWER_FIELDS)
            else:
                DailyEntry.objects.bulk_create(
                    (
                        DailyEntry(patient=patient, entered_by_id=patient.account_id, **entry)
                        for patient, course in entries
                        for entry in course
                    ),
                    batch_size=2000,
                )
                FunctionCheckin.objects.bulk_create(
                    (
                        FunctionCheckin(
                            patient=patient,
                            date=day,
                            total=sum(answers),
                            entered_by_id=patient.account_id,
                            **dict(zip(ANSWER_FIELDS, answers, strict=True)),
                        )
                        for patient, weekly in checkins
                        for day, answers in weekly
                    ),
                    batch_size=2000,
                )
        patients += made
    return patients


def _text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = json.dumps(value) if isinstance(value, list) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(connection, model, columns, blocks):
    """COPY of `blocks`: per patient, (patient, lines of the other columns in COPY's text format)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for patient, lines in blocks:
            prefix = f"{patient.pk}\t{patient.account_id}\t"
            copy.write("".join(prefix + line for line in lines))


ENTRY_COLUMNS = ("date", "function", "pain", "sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes")
ENTRY_COLUMNS += ("school", "symptoms", "pain_locations", "therapies", "note", "note_private")


def _copy_entries(connection, entries, lines):
    """[(patient, course)] into the entries table; the other columns get what a save gives them. `lines` keeps
    each course's lines in COPY's text format, made once."""
    from django.utils.timezone import now

    from diary.models import DailyEntry

    at = _text(now())
    columns = ["patient_id", "entered_by_id", *ENTRY_COLUMNS, "goals_done", "plan_done", "version"]
    columns += ["created_at", "updated_at"]
    for _patient, course in entries:
        if id(course) not in lines:
            tail = f"\t[]\t[]\t1\t{at}\t{at}\n"
            lines[id(course)] = ["\t".join(_text(entry[name]) for name in ENTRY_COLUMNS) + tail for entry in course]
    _copy(connection, DailyEntry, columns, ((patient, lines[id(course)]) for patient, course in entries))


def _copy_checkins(connection, checkins, answer_fields):
    """[(patient, [(day, answers)])] into the check-ins table."""
    from django.utils.timezone import now

    from diary.models import FunctionCheckin

    at = _text(now())
    columns = ["patient_id", "entered_by_id", "date", *answer_fields, "total", "created_at", "updated_at"]
    blocks = (
        (
            patient,
            [f"{day}\t" + "\t".join(map(str, answers)) + f"\t{sum(answers)}\t{at}\t{at}\n" for day, answers in weekly],
        )
        for patient, weekly in checkins
    )
    _copy(connection, FunctionCheckin, columns, blocks)


def share_with(clinician, patients):
    from accounts.models import CareTeamMember

    CareTeamMember.objects.bulk_create(
        CareTeamMember(patient=patient, member=clinician, relation="clinician", sees=["core", "mood"])
        for patient in patients
    )


def analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# Asking -------------------------------------------------------------------------------------------------------


class Caller:
    """One person's requests to the served copy over one kept-alive connection, as a browser would."""

    def __init__(self, port, token, *, gzip=True):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # As behind the TLS-terminating proxy of a real deployment, so production settings don't redirect.
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json", "X-Forwarded-Proto": "https"}
        if gzip:
            self.headers["Accept-Encoding"] = "gzip"

    def get(self, path):
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers=self.headers)
                response = self.connection.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # gunicorn closes a connection idle for 5 s (keepalive), as while the other caller waited on Clinic
                # outcomes; a browser opens a new one. Timed from the new one.
                self.connection.close()
                if attempt == 2:
                    raise
                continue
            body = response.read()
            elapsed = time.perf_counter() - started
            break
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}: {body[:300]!r}")
        return elapsed, len(body)


def count_queries(token, path):
    """The queries of a GET of `path`, in this process, through the app the server runs. Asked twice, counting
    the second: a care-team member's first read starts a visit in each access log (an INSERT) and later reads
    within 10 minutes join it (an UPDATE), so the first of a run would count one query fewer than every other."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code} in-process: {response.content[:300]!r}")
    return len(queries)


def timed(callers, asks, rounds, warm_up=3, sparse=(), every=5):
    """{label: [seconds]} and {label: bytes} for `asks` [(label, caller, path, target)], asked in turn, round after
    round. The `sparse` labels (seconds each, such as Clinic outcomes) are asked in every `every`th round only."""
    times = {ask[0]: [] for ask in asks}
    sizes = {}
    for number in range(-warm_up, rounds):
        for label, who, path, _target in asks:
            if label in sparse and number % every:
                continue
            elapsed, sizes[label] = callers[who].get(path)
            if number >= 0:
                times[label].append(elapsed)
    return times, sizes


def report(times, sizes, queries, asks, me_of):
    """Prints the table; answers the labels whose target was missed."""
    missed = []
    median = {label: statistics.median(values) * 1000 for label, values in times.items()}
    print(f"  {'answer':<34} {'median':>9} {'ratio':>7} {'target':>10} {'bytes':>8} {'queries':>8}")
    for label, who, _path, target in asks:
        ratio = median[label] / median[me_of[who]]
        verdict = "" if target is None else (f"<={target:g}x" if ratio <= target else f">{target:g}x MISSED")
        if target is not None and ratio > target:
            missed.append(label)
        print(
            f"  {label:<34} {median[label]:7.2f}ms {ratio:6.2f}x {verdict:>10} {sizes[label]:>8,} {queries[label]:>8}"
        )
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=DEFAULT_PATIENTS)
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days of diary per patient (default 1095)")
    parser.add_argument("--listed", type=int, default=LISTED, help="patients on the clinician's list (default 200)")
    parser.add_argument("--rounds", type=int, default=60, help="requests of each kind (default 60)")
    parser.add_argument("--no-gzip", action="store_true", help="ask for plain JSON")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Run it on PostgreSQL: scripts/with-postgres .venv/bin/python scripts/bench_clinic.py")
    if not 3 <= args.listed <= args.patients + 3:
        raise SystemExit("--listed must be from 3 (Dr Lee's demo patients) to --patients + 3.")

    with (
        throwaway_database(server_url) as database_url,
        served_demo(workers=None, extra_env={"DATABASE_URL": database_url}) as served,
    ):
        set_up_django(database_url, served.folder)
        from accounts.models import ApiToken, User

        clinician = User.objects.get(email=served.logins["clinician"][0])
        clinician_token = ApiToken.objects.issue(clinician)
        clinic_paths = {LIST: "/api/v1/patients/", OUTCOMES: "/api/v1/outcomes/"}
        clinic_labels = {label: f"{label}, {args.listed} patients" for label in clinic_paths}
        at_three = {label: count_queries(clinician_token, path) for label, path in clinic_paths.items()}

        started = time.perf_counter()
        patients = seed_patients(args.patients, args.days)
        share_with(clinician, patients[: args.listed - 3])
        analyze()
        seeded = time.perf_counter() - started
        from diary.models import DailyEntry, FunctionCheckin

        entries, checkins = DailyEntry.objects.count(), FunctionCheckin.objects.count()
        print(
            f"Seeded {args.patients:,} teens x {args.days:,} days: {entries:,} entries and {checkins:,} check-ins "
            f"in {seeded:.1f} s (bulk_create, COPY, ANALYZE) (target under 120 s: "
            f"{'met' if seeded < 120 else 'NOT met'})"
        )

        teen = patients[0]
        teen_token = ApiToken.objects.issue(teen.account)
        today = teen.today()
        trends = f"/api/v1/patients/{teen.pk}/trends/"

        def since(days):
            return f"{trends}?from={today - datetime.timedelta(days=days - 1)}&to={today}"

        each = PER_PATIENT_TARGET
        asks = [
            ("/me/ (teen)", "teen", "/api/v1/me/", None),
            ("trends, 30 days", "teen", since(30), each),
            ("trends, 365 days", "teen", since(365), each),
            (f"trends, {args.days:,} days", "teen", since(args.days), each),
            ("summary", "teen", f"/api/v1/patients/{teen.pk}/summary/", each),
            ("entries list (50 a page)", "teen", f"/api/v1/patients/{teen.pk}/entries/", each),
            ("/me/ (clinician)", "clinician", "/api/v1/me/", None),
            (clinic_labels[LIST], "clinician", clinic_paths[LIST], LIST_TARGET),
            (clinic_labels[OUTCOMES], "clinician", clinic_paths[OUTCOMES], None),  # issue 16 sets no target for it
        ]
        tokens = {"teen": teen_token, "clinician": clinician_token}
        queries = {label: count_queries(tokens[who], path) for label, who, path, _ in asks}
        callers = {who: Caller(served.port, token, gzip=not args.no_gzip) for who, token in tokens.items()}
        times, sizes = timed(callers, asks, args.rounds, sparse={clinic_labels[OUTCOMES]})

    load = os.getloadavg()
    print(
        f"\nClinic scale on PostgreSQL, gunicorn (gunicorn.conf.py), {args.rounds} rounds (outcomes in every 5th), "
        f"{'gzip' if not args.no_gzip else 'plain JSON'}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    missed = report(times, sizes, queries, asks, {"teen": "/me/ (teen)", "clinician": "/me/ (clinician)"})
    print(f"  queries with 3 patients and with {args.listed} (target: the same):")
    for label in clinic_paths:
        at_listed = queries[clinic_labels[label]]
        same = at_three[label] == at_listed
        print(f"    {label:<20} {at_three[label]:>3} and {at_listed:>3}: {'met' if same else 'NOT met'}")
        if not same:
            missed.append(f"{label}'s queries")
    if seeded >= 120:
        missed.append("seeding time")
    if missed:
        print("Targets missed:", ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
