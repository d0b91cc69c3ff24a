"""Stride at clinic scale on PostgreSQL, as `make bench` runs it: `scripts/with-postgres .venv/bin/python
scripts/bench_clinic.py` (as root; with-postgres starts a throwaway cluster and sets DATABASE_URL).

1. A throwaway database on that server, migrated and seeded by a production copy (scripts/production_copy.py: the
   demo, gunicorn with gunicorn.conf.py and production settings, DEBUG off).
2. 1,000 teens with three years of daily entries each and a weekly check-in, written in bulk (bulk_create, and COPY
   on PostgreSQL; timed; target under 2 minutes), and VACUUM ANALYZE, as autovacuum does soon after a bulk load
   (it also marks the pages all-visible, so that a count reads the index alone).
3. The answers, timed over HTTP on gunicorn, interleaved round by round with `/api/v1/me/` of the same caller so
   that whatever else the machine does hits both alike: a teen's trends over 30, 365 and 1,095 days, summary and
   entries list; a clinician's list of 200 patients and Clinic outcomes over them. Each is printed as its median
   and as a ratio to `/me/` (targets: 3x per patient, 4x for the list).
4. The queries of each answer, counted in this process: the same request through Django's test client on the
   same database, with `CaptureQueriesContext` (Django's connection.queries). The server's code is the same;
   counting there would need a hook in the served app. The clinician's list and outcomes are counted with 3
   patients and again with 200 (target: the same count).
5. A clinic team (issue 22): Dr Lee makes a clinic (accounts.clinics, as the API does) with which the first 50 teens
   share, then grows it to 5,000 (`--clinic-patients`), seeding the teens it lacks as in 2 (timed). Their attention
   statuses are worked out by the worker's job (`diary.reading.tasks.refresh_statuses`, timed), as bulk-written
   diaries never pass the services that keep them. The first page of the clinic's patients (50 a page) is timed at
   50 and at 5,000 against Dr Lee's `/me/` (target: at most 3x), and at 5,000 in the same rounds as the page of a
   second clinic kept at 50 (target: at most 1.5x; the two sizes of the one clinic are timed minutes apart, when the
   machine may be busier), and its queries counted at each (target: the same).

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
CLINIC_START, CLINIC_PATIENTS, CLINIC_PAGE = 50, 5000, 50
CLINIC_TARGET, CLINIC_GROWTH_TARGET = 3.0, 1.5  # a page against /me/, and a page at 5,000 against one at 50
OUTCOME_SIZES = (20, 200, 1000)
OUTCOMES_TARGET, OUTCOMES_GROWTH_TARGET = 10.0, 1.5  # outcomes against /me/, and at 1,000 against 20 (issue 25)
SEEDING_TARGET = 120  # seconds for --patients teens
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


def make_clinic(clinician, name="Bench clinic"):
    """A new clinic with `clinician` as its admin, through the service the API calls. Answers the membership."""
    from accounts import clinics

    return clinics.create_clinic(user=clinician, name=name)


def share_with_clinic(member, patients, *, first_number=0):
    """Each of `patients` shares with the clinic of `member` (a membership): the link `accounts.sharing` writes when
    a member accepts a teen's code for the clinic (relation clinic, accepted by the member), with a record number,
    written in bulk. Every third shares core only, the others core and mood. bulk_create skips the model's save(),
    which keeps `mood_shared` in step with `sees`; it is set here the same way."""
    from accounts.models import CareTeamMember, Relation, Share

    links = []
    for number, patient in enumerate(patients, start=first_number):
        sees = [Share.CORE] if number % 3 == 2 else [Share.CORE, Share.MOOD]
        link = CareTeamMember(
            patient=patient,
            clinic_id=member.clinic_id,
            accepted_by=member.user,
            relation=Relation.CLINIC,
            sees=sees,
            record_number=f"MRN-{number:05}",
        )
        link.mood_shared = Share.MOOD in link.shared
        links.append(link)
    CareTeamMember.objects.bulk_create(links, batch_size=1000)


def refresh_statuses():
    """Every attention status that is missing or stale worked out and stored, as the worker's job does every
    minute (`diary.reading.tasks.refresh_statuses`, which calls the same function). Answers (how many, seconds)."""
    from diary.reading import dashboard

    started = time.perf_counter()
    worked_out = dashboard.refresh_all_stale()
    return worked_out, time.perf_counter() - started


def clinic_page(clinic_id):
    return f"/api/v1/clinics/{clinic_id}/patients/?page_size={CLINIC_PAGE}"


def right_page(answer, size):
    """Whether `answer` is the first page of a clinic of `size` patients, those who need attention first."""
    rows = answer["results"]
    flags = [len(row["flags"]) for row in rows]
    return (
        answer["count"] == size
        and len(rows) == min(size, CLINIC_PAGE)
        and bool(answer["next"]) == (size > CLINIC_PAGE)
        and flags == sorted(flags, reverse=True)
        and all(row["record_number"].startswith("MRN-") and row["sees"] for row in rows)
    )


def statuses_missing(clinic_id):
    """How many of the clinic's patients have no stored status or no sort key on their link (the list would work
    them out on its first read)."""
    from django.db.models import Q

    from accounts.models import CareTeamMember

    links = CareTeamMember.objects.active().filter(clinic_id=clinic_id)
    return links.filter(Q(patient__status__isnull=True) | Q(rank_flags=None)).count()


def analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


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
    """The queries of a GET of `path`, in this process, through the app the server runs (see `ask`)."""
    return ask(token, path)[0]


def ask(token, path):
    """(queries, answer's JSON) of a GET of `path`, in this process, through the app the server runs. Asked twice,
    counting the second: a care-team member's first read starts a visit in each access log (an INSERT) and later
    reads within 10 minutes join it (an UPDATE), so the first of a run would count one query fewer than every other."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code} in-process: {response.content[:300]!r}")
    return len(queries), response.json()


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
    parser.add_argument(
        "--clinic-start", type=int, default=CLINIC_START, help="the clinic team's patients at first (default 50)"
    )
    parser.add_argument(
        "--clinic-patients",
        type=int,
        default=CLINIC_PATIENTS,
        help="the clinic team's patients once grown (default 5000; 0 leaves the clinic team out)",
    )
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Run it on PostgreSQL: scripts/with-postgres .venv/bin/python scripts/bench_clinic.py")
    if not 3 <= args.listed <= args.patients + 3:
        raise SystemExit("--listed must be from 3 (Dr Lee's demo patients) to --patients + 3.")
    if args.clinic_patients and not 1 <= args.clinic_start <= args.clinic_patients:
        raise SystemExit("--clinic-start must be from 1 to --clinic-patients.")

    with (
        throwaway_database(server_url) as database_url,
        served_demo(workers=None, extra_env={"DATABASE_URL": database_url}) as served,
    ):
        set_up_django(database_url, served.folder)
        from accounts.models import ApiToken, User

        clinician = User.objects.get(email=served.logins["clinician"][0])
        clinician_token = ApiToken.objects.issue(clinician)
        patients, missed = bench_patients(served.port, clinician, clinician_token, args)
        missed += bench_outcomes(served.port, patients, args)
        if args.clinic_patients:
            missed += bench_clinic_team(served.port, clinician, clinician_token, patients, args)

    if missed:
        print("Targets missed:", ", ".join(missed))
    return 1 if missed else 0


def load_average():
    load = os.getloadavg()
    return f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def bench_patients(port, clinician, clinician_token, args):
    """Parts 2 to 4: the teens seeded, a teen's answers and the clinician's list. Answers (the teens' Patient
    rows, the targets missed)."""
    from accounts.models import ApiToken

    clinic_paths = {LIST: "/api/v1/patients/", OUTCOMES: "/api/v1/outcomes/"}
    clinic_labels = {label: f"{label}, {args.listed} patients" for label in clinic_paths}
    at_three = {label: count_queries(clinician_token, path) for label, path in clinic_paths.items()}

    started = time.perf_counter()
    patients = seed_patients(args.patients, args.days)
    share_with(clinician, patients[: args.listed - 3])
    analyze()
    seeded = time.perf_counter() - started
    from diary.models import DailyEntry, FunctionCheckin

    refresh_statuses()  # as the worker does within a minute of the teens joining: Clinic outcomes keep rows by them
    analyze()
    entries, checkins = DailyEntry.objects.count(), FunctionCheckin.objects.count()
    print(
        f"Seeded {args.patients:,} teens x {args.days:,} days: {entries:,} entries and {checkins:,} check-ins "
        f"in {seeded:.1f} s (bulk_create, COPY, VACUUM ANALYZE) (target under {SEEDING_TARGET} s: "
        f"{'met' if seeded < SEEDING_TARGET else 'NOT met'})"
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
        (clinic_labels[OUTCOMES], "clinician", clinic_paths[OUTCOMES], OUTCOMES_TARGET),
    ]
    tokens = {"teen": teen_token, "clinician": clinician_token}
    queries = {label: count_queries(tokens[who], path) for label, who, path, _ in asks}
    callers = {who: Caller(port, token, gzip=not args.no_gzip) for who, token in tokens.items()}
    times, sizes = timed(callers, asks, args.rounds, sparse={clinic_labels[OUTCOMES]})

    print(
        f"\nClinic scale on PostgreSQL, gunicorn (gunicorn.conf.py), {args.rounds} rounds (outcomes in every 5th), "
        f"{'gzip' if not args.no_gzip else 'plain JSON'}, {load_average()}"
    )
    missed = report(times, sizes, queries, asks, {"teen": "/me/ (teen)", "clinician": "/me/ (clinician)"})
    print(f"  queries with 3 patients and with {args.listed} (target: the same):")
    for label in clinic_paths:
        at_listed = queries[clinic_labels[label]]
        same = at_three[label] == at_listed
        print(f"    {label:<20} {at_three[label]:>3} and {at_listed:>3}: {'met' if same else 'NOT met'}")
        if not same:
            missed.append(f"{label}'s queries")
    if seeded >= SEEDING_TARGET:
        missed.append("seeding time")
    return patients, missed


def outcome_clinician(number, patients):
    """A clinician of their own (verified email, authenticator app) with whom `patients` share: (user, token)."""
    from accounts import mfa
    from accounts.models import ApiToken, Role, User

    user = User.objects.create_user(
        email=f"outcomes{number}@example.com",
        password=secrets.token_urlsafe(16),
        display_name=f"Dr Outcomes {number}",
        role=Role.CLINICIAN,
        email_verified=True,
    )
    mfa.set_up_app_without_code(user=user)
    share_with(user, patients)
    return user, ApiToken.objects.issue(user)


def same_outcomes(user):
    """Whether the outcomes `user` was answered (the default period, kept by the server), row by row and figure by
    figure, are what working each diary out again gives (diary.reading.outcome_data.work_out: the arithmetic of
    outcomes before they were kept)."""
    from accounts.timezones import today_in
    from diary.reading.outcome_data import outcome_rows, work_out
    from diary.reading.selectors import clinic_patients
    from diary.rules import outcomes

    accesses = clinic_patients(user)
    today = today_in(user.timezone)
    period = {"date_from": today - datetime.timedelta(days=83), "date_to": today}
    kept = outcome_rows(accesses, **period)
    fresh = list(work_out(accesses, **period).values())
    return kept == fresh and outcomes.outcomes(kept) == outcomes.outcomes(fresh)


def bench_outcomes(port, patients, args, *, sizes=OUTCOME_SIZES):
    """Part 4b: Clinic outcomes for clinicians of 20, 200 and 1,000 patients (as many as were seeded), each against
    their own /me/ in the same rounds. Each is asked once before timing, which works out and keeps every patient's row
    (timed, and printed), then timed as a clinician opening it again finds it; and the kept rows are compared with
    every diary worked out again. Answers the targets missed."""
    sizes = [size for size in sizes if size <= len(patients)]
    users = {size: outcome_clinician(size, patients[:size]) for size in sizes}
    tokens = {size: token for size, (_user, token) in users.items()}
    worked_out, refreshed = refresh_statuses()  # the worker's job: each patient's status, the kept rows' version
    analyze()
    print(f"\nClinic outcomes (issue 25) for clinicians of {', '.join(f'{s:,}' for s in sizes)} patients")
    print(f"  The worker's job worked out {worked_out:,} statuses in {refreshed:.1f} s")
    asks, me_of, missed = [], {}, []
    callers = {}
    for size in sizes:
        who = f"of {size:,}"
        callers[who] = Caller(port, tokens[size], gzip=not args.no_gzip)
        first, _bytes = callers[who].get("/api/v1/outcomes/")
        print(f"  First asked, {size:,} patients worked out and kept: {first * 1000:.0f} ms")
        me_of[who] = f"/me/ (clinician of {size:,})"
        asks += [
            (me_of[who], who, "/api/v1/me/", None),
            (f"outcomes, {size:,} patients", who, "/api/v1/outcomes/", OUTCOMES_TARGET),
        ]
    token_of = {f"of {size:,}": tokens[size] for size in sizes}
    queries = {label: count_queries(token_of[who], path) for label, who, path, _ in asks}
    times, answer_sizes = timed(callers, asks, args.rounds)
    print(f"\nClinic outcomes on PostgreSQL, gunicorn, {args.rounds} rounds, {load_average()}")
    missed += report(times, answer_sizes, queries, asks, me_of)
    median = {label: statistics.median(values) for label, values in times.items()}
    ratio = {size: median[f"outcomes, {size:,} patients"] / median[me_of[f"of {size:,}"]] for size in sizes}
    growth = ratio[sizes[-1]] / ratio[sizes[0]]
    met = growth <= OUTCOMES_GROWTH_TARGET
    print(
        f"  {sizes[-1]:,} patients against {sizes[0]:,} (each against its /me/): {growth:.2f}x (target at most "
        f"{OUTCOMES_GROWTH_TARGET:g}x: {'met' if met else 'NOT met'})"
    )
    if not met:
        missed.append("outcomes as the clinic grew")
    same = all(same_outcomes(users[size][0]) for size in sizes)
    print(f"  kept rows and figures the same as every diary worked out again: {'yes' if same else 'NO'}")
    if not same:
        missed.append("outcomes' answers")
    return missed


def bench_clinic_team(port, clinician, clinician_token, patients, args):
    """Part 5: a clinic team of `--clinic-start` patients, then grown to `--clinic-patients` (teens seeded as
    needed, after `patients`), its first page timed and counted at both sizes. Answers the targets missed.

    The two sizes are timed minutes apart, and the machine may be much busier for one of them: so once grown, the
    page is timed again in the same rounds as the page of a second clinic that stays at the first size (the same
    first patients share with it), and the growth is judged on those two."""
    from diary.models import DailyEntry

    grown, beside = make_clinic(clinician), make_clinic(clinician, name="Bench clinic, kept small")
    path, beside_path = clinic_page(grown.clinic_id), clinic_page(beside.clinic_id)
    small, large = args.clinic_start, args.clinic_patients
    patients = list(patients)
    print(f"\nClinic team (issue 22): GET {path}, first {small:,} patients, then {large:,}")
    times, sizes, queries, asks, me_of, missed = {}, {}, {}, [], {}, []
    for size in (small, large):
        started = time.perf_counter()
        more = size - len(patients)
        if more > 0:
            before = DailyEntry.objects.count()
            patients += seed_patients(more, args.days, first_number=len(patients))
        if size == small:
            share_with_clinic(grown, patients[:small])
            share_with_clinic(beside, patients[:small])
        else:
            share_with_clinic(grown, patients[small:large], first_number=small)
        analyze()
        seeded = time.perf_counter() - started
        worked_out, refreshed = refresh_statuses()
        analyze()  # the worker rewrote the statuses and the links' sort keys: autovacuum would come by after it
        if more > 0:
            entries = DailyEntry.objects.count() - before
            print(
                f"  Seeded {more:,} more teens x {args.days:,} days for it ({entries:,} entries), shared them and "
                f"VACUUM ANALYZE in {seeded:.1f} s ({seeded / more * 1000:.1f} s per 1,000 teens)"
            )
        else:
            print(f"  Shared {size:,} of the teens above with it and VACUUM ANALYZE in {seeded:.1f} s")
        missing = statuses_missing(grown.clinic_id)
        print(
            f"  The worker's job worked out {worked_out:,} attention statuses (their clinic links ranked) in "
            f"{refreshed:.1f} s "
            f"({refreshed / max(worked_out, 1) * 1000:.2f} ms each); the clinic's patients without one: {missing}"
        )
        if missing:
            missed.append(f"statuses at {size:,}")
        who = f"at {size:,}"
        me_of[who] = f"/me/ (clinician), clinic of {size:,}"
        phase = [(me_of[who], who, "/api/v1/me/", None), (f"clinic's patients, {size:,}", who, path, CLINIC_TARGET)]
        if size == large:
            phase.append((f"clinic's patients, {small:,} beside it", who, beside_path, CLINIC_TARGET))
        for label, _who, ask_path, _target in phase:
            queries[label], answer = ask(clinician_token, ask_path)
            count = large if ask_path == path and size == large else small
            if ask_path != "/api/v1/me/" and not right_page(answer, count):
                missed.append(f"the page of {label}")
                print(f"  {label}: the page holds {len(answer['results'])} of {answer['count']} patients: wrong")
        caller = Caller(port, clinician_token, gzip=not args.no_gzip)
        phase_times, phase_sizes = timed({who: caller}, phase, args.rounds)
        times |= phase_times
        sizes |= phase_sizes
        asks += phase
        print(f"  Timed at {size:,}: {load_average()}")

    print(
        f"\nClinic team on PostgreSQL, gunicorn, {args.rounds} rounds at each size, "
        f"{'gzip' if not args.no_gzip else 'plain JSON'}"
    )
    missed += report(times, sizes, queries, asks, me_of)
    at_small, at_large, kept_small = (label for label, *_rest in asks if label.startswith("clinic's patients"))
    median = {label: statistics.median(values) for label, values in times.items()}
    growth, apart = median[at_large] / median[kept_small], median[at_large] / median[at_small]
    met = growth <= CLINIC_GROWTH_TARGET
    print(
        f"  {large:,} patients against {small:,} in the same rounds: {growth:.2f}x (target at most "
        f"{CLINIC_GROWTH_TARGET:g}x: {'met' if met else 'NOT met'}); against the same clinic at {small:,}, timed "
        f"before it grew: {apart:.2f}x"
    )
    if not met:
        missed.append("the clinic's page as it grew")
    counts = [queries[label] for label in (at_small, at_large, kept_small)]
    same = len(set(counts)) == 1
    print(
        f"  queries with {small:,} patients, with {large:,} and with {small:,} beside it (target: the same): "
        f"{', '.join(map(str, counts))}: {'met' if same else 'NOT met'}"
    )
    if not same:
        missed.append("the clinic's page's queries")
    return missed


if __name__ == "__main__":
    sys.exit(main())
