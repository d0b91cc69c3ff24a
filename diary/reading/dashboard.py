"""The dashboard's rows: each patient's attention status, kept in `PatientStatus` and read as its viewer may see it.

`refresh` works statuses out (diary.rules.attention's rules as of each patient's day, mood counted, and the treatment
plan's adherence of the last two whole weeks) for many patients at once: three reads and one upsert, however many.
`fresh_statuses` answers the rows of the patients asked for, first refreshing those that are missing or stale (a
diary changed since, or its day has ended). `viewer_status` shapes one row for one viewer: the low-mood flag only
where mood is shared.

A clinic's list (`clinic_page`) filters, sorts and counts in the database over these rows and reads the patients of
one page only, so it costs the same for a clinic of 50 or of 5,000.
"""

import datetime
from collections.abc import Collection, Iterable

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.access import Access
from accounts.models import CareTeamMember, Patient
from accounts.timezones import day_bounds
from diary.models import DailyEntry, FunctionCheckin
from diary.models.status import PatientStatus
from diary.reading import health_data, words
from diary.rules import attention, plan
from diary.vocabularies import FunctionBand

REFRESH_BATCH = 500  # patients worked out at once: their last three weeks of entries are held in memory together
STALE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # a stale_after long past: work it out again
COLUMNS = [
    "as_of",
    "fresh_from",
    "stale_after",
    "first_entry",
    "last_entry",
    "days_logged_14",
    "days_counted_14",
    "adherence_14",
    "function_trend",
    "no_recent_entry",
    "function_fell",
    "low_mood",
    "plan_low",
    "core_flags",
    "flag_facts",
    "latest_checkin_date",
    "latest_checkin_total",
]


def mark_changed(patient_id: int) -> None:
    """The diary changed: its status is worked out again before it is next shown (or by the worker)."""
    PatientStatus.objects.filter(patient_id=patient_id).update(stale_after=STALE)


def refresh(patients: Collection[Patient], *, now: datetime.datetime | None = None) -> None:
    """Works out and stores the status of each patient as of their own day at `now`."""
    now = now or timezone.now()
    patients = list(patients)
    for start in range(0, len(patients), REFRESH_BATCH):
        _refresh_batch(patients[start : start + REFRESH_BATCH], now)


def _refresh_batch(patients: list[Patient], now: datetime.datetime) -> None:
    if not patients:
        return
    by_id = {patient.pk: patient for patient in patients}
    # One instant for the whole batch, and each time zone's date worked out once: a clinic's patients share a few.
    dates = {zone: Patient(timezone=zone).today(now) for zone in {patient.timezone for patient in patients}}
    today = {pk: dates[patient.timezone] for pk, patient in by_id.items()}
    newest_entry = DailyEntry.objects.filter(patient=OuterRef("pk")).order_by("-date")
    oldest_entry = DailyEntry.objects.filter(patient=OuterRef("pk")).order_by("date")
    newest_checkin = FunctionCheckin.objects.filter(patient=OuterRef("pk")).order_by("-date")
    latest = Patient.objects.filter(pk__in=by_id).annotate(
        first_entry=Subquery(oldest_entry.values("date")[:1]),
        last_entry=Subquery(newest_entry.values("date")[:1]),
        checkin_date=Subquery(newest_checkin.values("date")[:1]),
        checkin_total=Subquery(newest_checkin.values("total")[:1]),
    )
    since = min(today.values()) - datetime.timedelta(days=attention.LOOKBACK)
    # The plan_low flag looks at the two whole weeks before this one: from 20 days back on a Sunday, within these.
    recent = {pk: {} for pk in by_id}
    plan_days = {pk: {} for pk in by_id}
    rows = DailyEntry.objects.filter(patient__in=by_id, date__gte=since).order_by()  # no sort: read into dicts
    for patient_id, day, function, mood, school, done in rows.values_list(
        "patient", "date", "function", "mood", *health_data.PLAN_DAY_COLUMNS
    ):
        recent[patient_id][day] = (function, mood)
        plan_days[patient_id][day] = health_data.plan_day(school, done)
    plans = health_data.plan_items_of(by_id)
    bounds = {}
    statuses = []
    for pk, first_entry, last_entry, checkin_date, checkin_total in latest.values_list(
        "pk", "first_entry", "last_entry", "checkin_date", "checkin_total"
    ):
        day = today[pk]
        zone = by_id[pk].timezone
        if (zone, day) not in bounds:
            bounds[zone, day] = day_bounds(zone, day)
        plan_recent = plan.recent_adherence(plans[pk], plan_days[pk], day) if plans[pk] else None
        review = attention.review(
            day, last_entry, recent[pk], sees_mood=True, diary_start=first_entry, plan_recent=plan_recent
        )
        flags = set(review["flags"])
        statuses.append(
            PatientStatus(
                patient_id=pk,
                as_of=day,
                fresh_from=bounds[zone, day][0],
                stale_after=bounds[zone, day][1],
                first_entry=first_entry,
                last_entry=last_entry,
                days_logged_14=review["days_logged_14"],
                days_counted_14=review["days_counted_14"],
                adherence_14=review["adherence_14"],
                function_trend=review["function_trend"] or "",
                no_recent_entry=attention.NO_RECENT_ENTRY in flags,
                function_fell=attention.FUNCTION_FELL in flags,
                low_mood=attention.LOW_MOOD_FLAG in flags,
                plan_low=attention.PLAN_LOW in flags,
                core_flags=len(flags - {attention.LOW_MOOD_FLAG}),
                flag_facts=review["flag_facts"],  # counts and words only: JSON keeps them as they are
                latest_checkin_date=checkin_date,
                latest_checkin_total=checkin_total,
            )
        )
    PatientStatus.objects.bulk_create(statuses, update_conflicts=True, unique_fields=["patient"], update_fields=COLUMNS)


def _stale(now: datetime.datetime) -> Q:
    return Q(status__isnull=True) | Q(status__stale_after__lte=now) | Q(status__fresh_from__gt=now)


def refresh_stale(patients: QuerySet[Patient], *, now: datetime.datetime | None = None) -> int:
    """Works out again the statuses of `patients` that are missing or stale. Answers how many."""
    now = now or timezone.now()
    stale = list(patients.filter(_stale(now)).only("pk", "timezone"))
    refresh(stale, now=now)
    return len(stale)


def refresh_all_stale(*, now: datetime.datetime | None = None) -> int:
    """The worker's job, every minute: every status that is missing or stale (days end at every hour somewhere)."""
    return refresh_stale(Patient.objects.all(), now=now)


def fresh_statuses(patient_ids: Iterable[int], *, now: datetime.datetime | None = None) -> dict[int, PatientStatus]:
    """{patient id: status}, each worked out again first where missing or stale. Two queries when all are fresh."""
    now = now or timezone.now()
    ids = set(patient_ids)
    if not ids:
        return {}
    refresh_stale(Patient.objects.filter(pk__in=ids), now=now)
    return {status.patient_id: status for status in PatientStatus.objects.filter(patient_id__in=ids)}


def viewer_status(status: PatientStatus, *, sees_mood: bool) -> dict:
    """One patient's dashboard row as a viewer sees it (the keys of diary.rules.attention.review, and the words)."""
    facts = [flag for flag in status.flag_facts if sees_mood or flag["code"] != attention.LOW_MOOD_FLAG]
    checkin = status.latest_checkin_date and {
        "date": status.latest_checkin_date,
        "total": status.latest_checkin_total,
        "band": FunctionBand.for_total(status.latest_checkin_total),
    }
    return {
        "last_entry": status.last_entry,
        "days_logged_14": status.days_logged_14,
        "days_counted_14": status.days_counted_14,
        "adherence_14": status.adherence_14,
        "function_trend": status.function_trend or None,
        "flags": [flag["code"] for flag in facts],
        "flag_facts": facts,
        "flag_messages": words.flag_messages(facts),
        "latest_checkin": checkin,
    }


def care_status(accesses: Collection[Access]) -> dict[int, dict]:
    """{patient id: what the dashboard shows} for every access given, in two queries when every status is fresh."""
    statuses = fresh_statuses(access.patient.pk for access in accesses)
    return {
        access.patient.pk: viewer_status(statuses[access.patient.pk], sees_mood=access.sees_mood) for access in accesses
    }


# A clinic's patients (docs/API.md, "Clinic teams"): filtered, sorted and counted in the database.


def clinic_links(clinic_id: int, *, query: str = "", flag: str | None = None) -> QuerySet[CareTeamMember]:
    """The clinic's active patient links, those who need attention first (most flags, the longest without an entry,
    then by name), each annotated with `flag_count` as the clinic sees it. `query` searches the name and the record
    number; `flag` keeps those with that flag."""
    links = CareTeamMember.objects.active().filter(clinic_id=clinic_id)
    if query:
        links = links.filter(Q(patient__display_name__icontains=query) | Q(record_number__icontains=query))
    sees_low_mood = Q(patient__status__low_mood=True, mood_shared=True)
    if flag == attention.NO_RECENT_ENTRY:
        links = links.filter(patient__status__no_recent_entry=True)
    elif flag == attention.FUNCTION_FELL:
        links = links.filter(patient__status__function_fell=True)
    elif flag == attention.PLAN_LOW:
        links = links.filter(patient__status__plan_low=True)
    elif flag == attention.LOW_MOOD_FLAG:
        links = links.filter(sees_low_mood)
    mood = Case(When(sees_low_mood, then=Value(1)), default=Value(0), output_field=IntegerField())
    return links.annotate(flag_count=F("patient__status__core_flags") + mood).order_by(
        F("flag_count").desc(),
        F("patient__status__last_entry").asc(nulls_first=True),
        Lower("patient__display_name"),
        "patient_id",
    )


def refresh_clinic(clinic_id: int, *, now: datetime.datetime | None = None) -> int:
    """Before a clinic's list is sorted: the statuses of its patients that are missing or stale (usually none, the
    worker keeps them fresh), worked out again."""
    patients = Patient.objects.filter(care_team__clinic_id=clinic_id, care_team__ended_at__isnull=True)
    return refresh_stale(patients, now=now)
