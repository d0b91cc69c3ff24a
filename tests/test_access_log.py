"""The access log: every read by someone other than the owner, one row per visit (reads close together)."""

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.access_log import MAX_DETAILS, MAX_VISIT, WINDOW, record_reads
from accounts.models import AccessLogEntry, CareTeamMember, Patient, Reading, Role
from tests.conftest import client_for
from tests.factories import EntryFactory, UserFactory
from tests.personas import Circle

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 21, 14, 2, tzinfo=datetime.UTC)


@pytest.fixture
def circle():
    return Circle()


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def url(circle, rest=""):
    return f"/api/v1/patients/{circle.patient.pk}/{rest}"


def log_of(patient):
    return list(AccessLogEntry.objects.filter(patient=patient))


@pytest.mark.parametrize("reader", ["linked_parent", "linked_clinician"])
def test_the_list_and_the_profile_are_logged_for_a_care_team_member(circle, reader):
    reader = circle.person(reader)
    client = client_for(reader)
    assert client.get("/api/v1/patients/").status_code == 200
    assert client.get(url(circle)).status_code == 200
    (visit,) = log_of(circle.patient)
    assert (visit.actor, visit.action, visit.count) == (reader, "read", 2)
    assert visit.details == ["list", "profile"] and visit.detail == "list, profile"


def test_the_teen_reading_their_own_diary_is_not_logged(circle):
    teen = client_for(circle.teen)
    for path in ("/api/v1/patients/", url(circle), url(circle, "trends/"), url(circle, "entries/")):
        assert teen.get(path).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_a_managing_parent_is_not_logged_and_sees_the_clinicians_reads(circle):
    parent = client_for(circle.unlinked_parent)
    child = parent.post(
        "/api/v1/patients/", {"display_name": "Ben", "birth_date": "2018-01-01", "consent": True}
    ).json()
    EntryFactory(patient_id=child["id"], entered_by=circle.unlinked_parent)
    for path in ("/api/v1/patients/", f"/api/v1/patients/{child['id']}/", f"/api/v1/patients/{child['id']}/trends/"):
        assert parent.get(path).status_code == 200
    assert not AccessLogEntry.objects.exists()
    CareTeamMember.objects.create(
        patient_id=child["id"], member=circle.linked_clinician, relation="clinician", sees=["core"]
    )
    assert client_for(circle.linked_clinician).get("/api/v1/patients/").status_code == 200
    log = parent.get(f"/api/v1/patients/{child['id']}/access-log/").json()["results"]
    assert [(row["actor"]["display_name"], row["details"]) for row in log] == [("Dr Lee", ["list"])]


def test_the_list_logs_every_shared_diary_and_only_those(circle):
    other = EntryFactory().patient
    CareTeamMember.objects.create(patient=other, member=circle.linked_clinician, relation="clinician", sees=["core"])
    unshared = EntryFactory().patient
    client_for(circle.linked_clinician).get("/api/v1/patients/")
    assert {row.patient for row in AccessLogEntry.objects.filter(detail="list")} == {circle.patient, other}
    assert not log_of(unshared)


def test_five_reads_within_minutes_make_one_line(circle, clock):
    parent = client_for(circle.linked_parent)
    # Each read 3 minutes after the one before: 12 minutes from first to last, never 10 between two.
    for path in ("trends/", "entries/", "trends/", "entries/", "trends/"):
        assert parent.get(url(circle, path)).status_code == 200
        clock.shift(datetime.timedelta(minutes=3))
    (visit,) = log_of(circle.patient)
    assert (visit.count, visit.details, visit.detail) == (5, ["trends", "entries"], "trends, entries")
    assert (visit.first_at, visit.at) == (START, START + datetime.timedelta(minutes=12))

    body = client_for(circle.teen).get(url(circle, "access-log/")).json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "at": "2026-11-21T14:14:00Z",
            "actor": {"id": circle.linked_parent.pk, "display_name": "Dana", "role": "parent"},
            "action": "read",
            "detail": "trends, entries",
            "first_at": "2026-11-21T14:02:00Z",
            "count": 5,
            "details": ["trends", "entries"],
            "clinic": None,  # read through a direct share, not a clinic
        }
    ]


def test_a_read_more_than_the_window_after_the_last_starts_a_new_line(circle, clock):
    parent = client_for(circle.linked_parent)
    parent.get(url(circle, "trends/"))
    clock.shift(WINDOW)
    parent.get(url(circle, "trends/"))
    clock.shift(datetime.timedelta(minutes=11))
    parent.get(url(circle, "summary/"))
    newest, oldest = log_of(circle.patient)
    assert (oldest.count, oldest.details, oldest.at) == (2, ["trends"], START + WINDOW)
    assert (newest.count, newest.details, newest.first_at) == (1, ["summary"], START + datetime.timedelta(minutes=21))


def test_a_visit_lasts_at_most_half_a_day_however_close_its_reads(circle, clock):
    """A page left open that reads again every 5 minutes: one line for 12 hours (MAX_VISIT) from its first read, then
    a new one, so that the teen can tell the days apart (and a reader's recent visits are found by when they began)."""
    parent = client_for(circle.linked_parent)
    step = datetime.timedelta(minutes=5)
    reads = int(MAX_VISIT / step) + 2  # from 14:02 to 02:02 the next day, and once more at 02:07
    for _ in range(reads):
        assert parent.get(url(circle, "trends/")).status_code == 200
        clock.shift(step)
    newest, oldest = log_of(circle.patient)
    assert (oldest.first_at, oldest.at, oldest.count) == (START, START + MAX_VISIT, reads - 1)
    assert (newest.first_at, newest.count) == (START + MAX_VISIT + step, 1)


def test_an_export_never_joins_a_visit_of_reads(circle, clock):
    parent = client_for(circle.linked_parent)
    parent.get(url(circle, "trends/"))
    clock.shift(datetime.timedelta(minutes=1))
    assert parent.get(url(circle, "export.csv")).status_code == 200
    clock.shift(datetime.timedelta(minutes=1))
    parent.get(url(circle, "entries/"))
    clock.shift(datetime.timedelta(minutes=1))
    parent.get(url(circle, "export.csv"))
    rows = {row.action: row for row in log_of(circle.patient)}
    assert (rows["read"].count, rows["read"].details) == (2, ["trends", "entries"])
    assert (rows["export"].count, rows["export"].details) == (2, ["CSV export"])


def test_each_person_and_each_diary_has_its_own_line(circle):
    client_for(circle.linked_parent).get(url(circle, "trends/"))
    client_for(circle.linked_clinician).get(url(circle, "trends/"))
    assert sorted(row.actor_name for row in log_of(circle.patient)) == ["Dana", "Dr Lee"]


def test_a_visit_names_a_bounded_number_of_things(circle):
    first = datetime.date(2026, 1, 1)
    days = [Reading.ENTRY.on(first + datetime.timedelta(days=n)) for n in range(MAX_DETAILS + 1)]
    for day in [*days, days[0]]:
        record_reads(actor=circle.linked_clinician, patient_ids=[circle.patient.pk], reading=day)
    newest, oldest = log_of(circle.patient)
    assert (oldest.details, oldest.count) == (days[:MAX_DETAILS], MAX_DETAILS)
    assert len(oldest.detail) <= 120 and oldest.detail.endswith("more")
    assert (newest.details, newest.count) == ([days[-1], days[0]], 2)


@pytest.mark.django_db(transaction=True)
def test_reads_at_the_same_moment_lose_no_count_and_start_one_visit():
    """On PostgreSQL (CI runs the suite there too) this tries the lock in record_reads; on SQLite, the queue."""
    circle = Circle()
    readings = ["trends", "profile", "entries", "summary"] * 2
    start_together = threading.Barrier(len(readings))

    def read(reading):
        start_together.wait()
        try:
            with transaction.atomic():
                record_reads(actor=circle.linked_parent, patient_ids=[circle.patient.pk], reading=reading)
                time.sleep(0.05)  # still in the transaction while the others arrive
        finally:
            connection.close()

    with ThreadPoolExecutor(len(readings)) as pool:
        list(pool.map(read, readings))
    (visit,) = log_of(circle.patient)
    assert (visit.count, sorted(visit.details)) == (8, ["entries", "profile", "summary", "trends"])
    assert visit.first_at <= visit.at


def _list_queries(clinician):
    with CaptureQueriesContext(connection) as queries:
        assert client_for(clinician).get("/api/v1/patients/").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_for_3_and_20_shared_diaries():
    counts = []
    for patients in (3, 20):
        clinician = UserFactory(role=Role.CLINICIAN)
        for _ in range(patients):
            patient = EntryFactory().patient
            CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
        first, again = _list_queries(clinician), _list_queries(clinician)
        counts.append((first, again))
        assert AccessLogEntry.objects.filter(actor=clinician, count=2).count() == patients
    assert counts[0] == counts[1]


def test_a_new_visit_and_a_longer_one_are_written_together(circle, clock):
    """One list read both extends the visit of a diary read a minute ago and starts one for another diary."""
    other = Patient.objects.create(display_name="Ben", birth_date=datetime.date(2018, 1, 1))
    CareTeamMember.objects.create(patient=other, member=circle.linked_clinician, relation="clinician", sees=["core"])
    clinician = client_for(circle.linked_clinician)
    clinician.get(url(circle, "summary/"))
    clock.shift(datetime.timedelta(minutes=1))
    clinician.get("/api/v1/patients/")
    assert [(row.count, row.details) for row in log_of(circle.patient)] == [(2, ["summary", "list"])]
    assert [(row.count, row.details, row.first_at) for row in log_of(other)] == [
        (1, ["list"], START + datetime.timedelta(minutes=1))
    ]


def test_the_who_has_looked_page_has_the_words_for_what_was_read(circle, client):
    client.force_login(circle.teen)
    page = client.get("/access-log/").content.decode()
    assert 'id="read-words"' in page and '"trends": "Trends"' in page and '"list": "the Patients list"' in page


def test_the_full_download_has_the_log_as_the_teen_reads_it(circle, clock):
    parent = client_for(circle.linked_parent)
    parent.get(url(circle, "trends/"))
    clock.shift(datetime.timedelta(minutes=2))
    parent.get(url(circle, "entries/"))
    teen = client_for(circle.teen)
    (diary,) = teen.get("/api/v1/me/export/").json()["diaries"]
    assert diary["access_log"] == teen.get(url(circle, "access-log/")).json()["results"]
    assert diary["access_log"][0]["count"] == 2
