"""The access log's one writer: each read of a diary by someone other than its owner, grouped into visits.

A read joins the visit of the same person, diary and action when that visit's latest read is at most WINDOW
old and it began at most MAX_VISIT ago, so the teen sees one line for a parent's ten minutes of reading instead of
eight near-identical ones.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, DateTimeField, F, JSONField, Value, When
from django.utils.timezone import now as current_time

from accounts.models import AccessLogEntry, Clinic, Patient, User

# One sitting: moving between Days, Trends and the Summary, with a pause to read a chart or take a call.
# Longer, and separate looks on the same afternoon would melt into one line and the teen could not tell them
# apart; shorter, and a parent reading slowly would fill the log with repeats again.
WINDOW = datetime.timedelta(minutes=10)
# A visit lasts at most this long, however closely its reads follow each other: a day's clinic (or a page left open,
# reading again every few minutes) is one line, not a week of them; and the recent visits of a reader are found by
# when they began (accounts.models.AccessLogEntry keeps `at`, which every read moves, out of its indexes).
MAX_VISIT = datetime.timedelta(hours=12)
# A visit names at most this many things, so that an app fetching one day after another cannot grow one row
# without end: the next new thing read starts a new visit.
MAX_DETAILS = 20
DETAIL_LENGTH = AccessLogEntry._meta.get_field("detail").max_length


def record_reads(
    *,
    actor: User,
    patient_ids: Collection[int],
    reading: str,
    action: str = AccessLogEntry.Action.READ,
    clinics: Mapping[int, Clinic | None] | None = None,
    reader_locked: bool = False,
) -> None:
    """Log that `actor` read `reading` of each patient in `patient_ids`, now, in the caller's transaction. `clinics`
    names the clinic each patient was read through, where the teen shared with a clinic rather than the reader.
    `reader_locked`: the caller's transaction already holds the reader's turn (a query with READER_LOCK).

    Four queries at most, however many patients: a lock, the open visits, one UPDATE of those the read joins
    and one INSERT of a new visit for each of the others (one per clinic read through).
    """
    if not patient_ids:
        return
    # select_for_update needs a transaction: a request already runs in one (ATOMIC_REQUESTS), and then this
    # adds no savepoint.
    with transaction.atomic(savepoint=False):
        if not reader_locked:
            _wait_for_other_reads(actor=actor)
        at = current_time()  # after the wait, so that a read that waited is never dated before the one it waited for
        visits = _open_visits(actor=actor, patient_ids=patient_ids, action=action, at=at)
        joined = [visit for visit in visits if reading in visit.details or len(visit.details) < MAX_DETAILS]
        _extend(joined, reading=reading, at=at)
        joined_ids = {visit.patient_id for visit in joined}
        fresh = defaultdict(list)
        for patient_id in patient_ids:
            if patient_id not in joined_ids:
                fresh[(clinics or {}).get(patient_id)].append(patient_id)
        for clinic, ids in fresh.items():
            _start(actor=actor, patient_ids=ids, reading=reading, action=action, at=at, clinic=clinic)


def detail_line(details: list[str]) -> str:
    """The `detail` of a visit: what was read, comma-separated, with "and N more" where it would not fit."""
    shown, text = len(details), ", ".join(details)
    while len(text) > DETAIL_LENGTH and shown > 1:
        shown -= 1
        text = f"{', '.join(details[:shown])} and {len(details) - shown} more"
    return text[:DETAIL_LENGTH]


# How a reader's own row is locked for their turn (below), for a query that reads the User as "user" with it.
READER_LOCK = {"of": ("user",), "no_key": True}


def _wait_for_other_reads(*, actor: User) -> None:
    """One person's reads take their turn here, on PostgreSQL, until the transaction ends: two at once (a page
    fetches Trends and the Profile together) would otherwise both find no open visit and start two, or both extend
    one from the same old details. The reader's own row is the lock: one row however many diaries a read names (a
    clinician's list names 200 care-team links, and locking each of them was a fifth of the list's time), and
    FOR NO KEY UPDATE leaves rows that merely point at the reader free to be written. SQLite's IMMEDIATE
    transactions already let one writer through at a time."""
    list(User.objects.select_for_update(no_key=True).filter(pk=actor.pk).values_list("pk", flat=True))


class _Visit(NamedTuple):
    """What joining a visit needs of it: a clinician's list of 200 patients reads 200 open visits on every load,
    and whole rows (names, dates, the detail line, as model instances) took several times as long as these."""

    pk: int
    patient_id: int
    details: list[str]


def _open_visits(*, actor: User, patient_ids: Collection[int], action: str, at: datetime.datetime) -> list[_Visit]:
    """The latest visit of each patient that a read at `at` may join: its latest read within WINDOW, its first
    within MAX_VISIT."""
    rows = AccessLogEntry.objects.filter(
        actor=actor,
        action=action,
        patient_id__in_ids=patient_ids,
        first_at__gte=at - MAX_VISIT,
        at__gte=at - WINDOW,
    ).order_by("at", "pk")
    visits = (_Visit(*row) for row in rows.values_list("pk", "patient_id", "details"))
    return list({visit.patient_id: visit for visit in visits}.values())


def _extend(visits: list[_Visit], *, reading: str, at: datetime.datetime) -> None:
    if not visits:
        return
    grown = {visit.pk: [*visit.details, reading] for visit in visits if reading not in visit.details}
    changes = {}
    if grown:
        changes["details"] = Case(
            *(When(pk=pk, then=Value(details, output_field=JSONField())) for pk, details in grown.items()),
            default=F("details"),
        )
        changes["detail"] = Case(
            *(When(pk=pk, then=Value(detail_line(details))) for pk, details in grown.items()), default=F("detail")
        )
    AccessLogEntry.objects.filter(pk__in_ids=[visit.pk for visit in visits]).update(
        count=F("count") + 1, at=at, **changes
    )


def _start(
    *,
    actor: User,
    patient_ids: Collection[int],
    reading: str,
    action: str,
    at: datetime.datetime,
    clinic: Clinic | None = None,
) -> None:
    """A new visit for each patient, in one INSERT ... SELECT: bulk_create would send one INSERT per 99 rows on
    SQLite (Django keeps to 999 parameters there), and the patients list must cost the same queries for 3
    patients or 300."""
    if not patient_ids:
        return
    row = {
        "patient": F("pk"),
        "actor": Value(actor.pk),
        "actor_name": Value(actor.display_name),
        "actor_role": Value(actor.role),
        "action": Value(action),
        "detail": Value(reading),
        "details": Value([reading], output_field=JSONField()),
        "first_at": Value(at, output_field=DateTimeField()),
        "at": Value(at, output_field=DateTimeField()),
        "count": Value(1),
        "clinic": Value(clinic.pk if clinic else None, output_field=BigIntegerField()),
        "clinic_name": Value(clinic.name if clinic else ""),
    }
    aliases = {f"new_{name}": value for name, value in row.items()}
    select = Patient.objects.filter(pk__in_ids=patient_ids).order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(AccessLogEntry._meta.get_field(name).column) for name in row)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(AccessLogEntry._meta.db_table)} ({columns}) {sql}", params)
