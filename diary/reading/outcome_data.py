"""Clinic outcomes: each patient's row for a period, by the Summary's own arithmetic (diary.reading.trend_data), kept
(diary.models.kept) so that a clinic's outcomes work out again only the diaries that changed since, or whose period
has counted another day. A clinic of 1,000 costs one query when nothing changed, and the rows are the ones working
every diary out again would give (tests/test_outcomes.py compares them).
"""

import dataclasses
import datetime
import json
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from django.db import connection
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from accounts.access import Access
from accounts.models import Patient
from accounts.timezones import today_in
from diary.models import DailyEntry, FunctionCheckin, KeptOutcome
from diary.reading import health_data, plan_data
from diary.reading.trend_data import COLUMNS, COURSE, OUTCOME_COLUMNS, period_of
from diary.rules import outcomes, plan, summary

Key = tuple[int, str, datetime.date]  # patient id, the columns given, the last day counted
KEPT_FOR = datetime.timedelta(days=8)  # a row no one has worked out for this long is let go


def outcome_rows(
    accesses: Collection[Access], *, date_from: datetime.date, date_to: datetime.date
) -> list[outcomes.PatientOutcome]:
    """Each patient's outcome for the period, in the order of `accesses`: the kept ones as they are, the others
    worked out (in four queries however many) and kept. Logging the reads is the caller's part."""
    by_id = {access.patient.pk: access for access in accesses}
    # What a reader is given depends on what was shared alone, and today on the time zone alone: worked out once
    # each, not once for each of a clinic's 1,000 patients.
    one_of_each = {access.sees: access for access in by_id.values()}
    given = {sees: ",".join(health_data.shown_columns(access, OUTCOME_COLUMNS)) for sees, access in one_of_each.items()}
    today = {zone: today_in(zone) for zone in {access.patient.timezone for access in by_id.values()}}
    keys = {
        pk: (
            pk,
            given[access.sees],
            plan_data.counted_until(access.patient, date_to, today=today[access.patient.timezone]),
        )
        for pk, access in by_id.items()
    }
    versions, kept = _kept(keys, date_from=date_from, date_to=date_to)
    found = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [by_id[pk] for pk in by_id if pk not in found]
    if missing:
        worked_out = work_out(missing, date_from=date_from, date_to=date_to)
        found.update(worked_out)
        # A patient without a status yet has no version to keep a row by: worked out again until the worker makes one.
        _keep(
            {keys[pk]: outcome for pk, outcome in worked_out.items() if pk in versions},
            versions,
            date_from=date_from,
            date_to=date_to,
        )
    return [found[pk] for pk in by_id]


def _kept(
    keys: Mapping[int, Key], *, date_from: datetime.date, date_to: datetime.date
) -> tuple[dict[int, int], dict[Key, outcomes.PatientOutcome]]:
    """({patient id: their diary's version}, {key: the kept outcome still good}) in one query. The version is read
    before any diary is, so a change saved meanwhile makes the row kept from it stale, never the other way."""
    rows = (
        Patient.objects.filter(pk__in_ids=keys)
        .annotate(
            kept=FilteredRelation(
                "kept_outcomes", condition=Q(kept_outcomes__date_from=date_from, kept_outcomes__date_to=date_to)
            )
        )
        .order_by()
    )
    versions, kept = {}, {}
    for pk, version, given, until, kept_version, figures in rows.values_list(
        "pk", "status__diary_version", "kept__given", "kept__counted_until", "kept__diary_version", "kept__figures"
    ):
        if version is None:
            continue
        versions[pk] = version
        if kept_version == version and (pk, given, until) == keys[pk]:
            kept[keys[pk]] = outcomes.PatientOutcome(**figures)
    return versions, kept


def work_out(
    accesses: Sequence[Access], *, date_from: datetime.date, date_to: datetime.date
) -> dict[int, outcomes.PatientOutcome]:
    """{patient id: outcome} worked out from the diaries: four queries however many patients.

    Each whole diary is read: the baseline may lie before the period, and the day counts start at the first entry
    whatever its date. Only pain and function, though: an outcome holds no other figure of its Summary (the sleep,
    school and exercise there are left empty), and 200 three-year diaries are 200,000 rows.
    """
    by_id = {access.patient.pk: access for access in accesses}
    rows: defaultdict[int, dict[datetime.date, tuple]] = defaultdict(dict)
    unread = (None,) * (len(COLUMNS) - len(COURSE))
    entries = DailyEntry.objects.filter(patient__in=by_id).order_by()  # in any order: no sort of 200,000 rows
    for patient_id, day, *values in entries.values_list("patient", "date", *COURSE):
        rows[patient_id][day] = (*values, *unread)
    checkins = defaultdict(list)
    in_period = FunctionCheckin.objects.filter(patient__in=by_id, date__range=(date_from, date_to)).order_by("date")
    for patient_id, day, total in in_period.values_list("patient", "date", "total"):
        checkins[patient_id].append((day, total))
    # The plan's adherence over the period: every plan in one query, the days they count in one more (none without).
    plans = health_data.plan_items_of(by_id)
    plan_days = health_data.plan_days_of([pk for pk in by_id if plans[pk]], date_from, date_to)
    result = {}
    for patient_id, access in by_id.items():
        given = health_data.shown_columns(access, OUTCOME_COLUMNS)
        period = period_of(access.patient, given, rows[patient_id], checkins[patient_id], first=date_from, last=date_to)
        until = plan_data.counted_until(access.patient, date_to)
        followed = plan.summary(plans[patient_id], plan_days[patient_id], date_from, until)
        result[patient_id] = outcomes.from_summary(summary.summary(period, (), (), plan=followed))
    return result


# One INSERT ... SELECT over a JSON array of the rows, updating a row kept before for the same key: bulk_create
# would send one INSERT per 124 rows on SQLite (Django keeps to 999 parameters there), and outcomes must cost the
# same queries for 5 patients or 1,000. Neither database has a portable way to read rows out of one parameter.
_UPSERT = """
INSERT INTO {table} (patient_id, date_from, date_to, given, counted_until, diary_version, figures, worked_out_at)
SELECT {select} WHERE true
ON CONFLICT (patient_id, date_from, date_to, given) DO UPDATE SET counted_until = excluded.counted_until,
    diary_version = excluded.diary_version, figures = excluded.figures, worked_out_at = excluded.worked_out_at
"""
_SELECT = {
    "sqlite": "json_extract(value, '$[0]'), %s, %s, json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
    "json_extract(value, '$[3]'), json(json_extract(value, '$[4]')), %s FROM json_each(%s)",
    "postgresql": "(r->>0)::bigint, %s, %s, r->>1, (r->>2)::date, (r->>3)::integer, r->4, %s "
    "FROM jsonb_array_elements(%s::jsonb) AS r",
}


def _keep(
    worked_out: Mapping[Key, outcomes.PatientOutcome],
    versions: Mapping[int, int],
    *,
    date_from: datetime.date,
    date_to: datetime.date,
) -> None:
    if not worked_out:
        return
    rows = [
        [pk, given, until.isoformat(), versions[pk], dataclasses.asdict(outcome)]
        for (pk, given, until), outcome in worked_out.items()
    ]
    ops = connection.ops
    sql = _UPSERT.format(table=ops.quote_name(KeptOutcome._meta.db_table), select=_SELECT[connection.vendor])
    params = [
        ops.adapt_datefield_value(date_from),
        ops.adapt_datefield_value(date_to),
        ops.adapt_datetimefield_value(timezone.now()),
        json.dumps(rows),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def forget_old(*, now: datetime.datetime | None = None) -> int:
    """Rows of a diary that changed since (never shown again, and made of entries that may be deleted now), and rows
    not worked out in the last 8 days (the default period moves on every day), deleted: how many."""
    now = now or timezone.now()
    stale = ~Q(diary_version=F("patient__status__diary_version"))
    deleted, _ = KeptOutcome.objects.filter(stale | Q(worked_out_at__lt=now - KEPT_FOR)).delete()
    return deleted
