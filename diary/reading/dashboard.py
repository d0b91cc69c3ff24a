"""The dashboard's rows: each patient's attention status, kept in `PatientStatus` and read as its viewer may see it.

`refresh` works statuses out (diary.rules.attention's rules as of each patient's day, mood counted, and the treatment
plan's adherence of the last two whole weeks) for many patients at once: three reads and one upsert, however many,
then gives their clinic links their sort key (`rank_links`: one read, and an UPDATE per 250 links).
`fresh_statuses` answers the rows of the patients asked for, first refreshing those that are missing or stale (a
diary changed since, or its day has ended). `viewer_status` shapes one row for one viewer: the low-mood flag only
where mood is shared.

A clinic's list (`clinic_links`, shaped by `clinic_rows`) reads one page from the clinic's links in the order of the
index `clinic_list_order`, whose sort key (`rank_*` on each link: the flags the clinic sees, the last entry, the name)
`rank_links` keeps from the statuses; `refresh_clinic` finds what needs working out from the stale side (an index on
each end of a status's day, and one of the links not yet ranked). So a page costs the same for a clinic of 50 or of
5,000.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.access import Access
from accounts.models import CareTeamMember, Patient
from accounts.models.care import CLINIC_LIST_ORDER, NEVER_LOGGED
from accounts.timezones import day_bounds
from diary.models import DailyEntry, FunctionCheckin
from diary.models.status import PatientStatus
from diary.reading import health_data, words
from diary.rules import attention, plan
from diary.vocabularies import FunctionBand

RANK_BATCH = 250  # clinic links given their sort key in one UPDATE
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
    """The diary changed: its status is worked out again before it is next shown (or by the worker), and its kept
    outcomes (diary.models.kept) are no longer its own."""
    PatientStatus.objects.filter(patient_id=patient_id).update(stale_after=STALE, diary_version=F("diary_version") + 1)


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
    rank_links(
        {status.patient_id: status for status in statuses}, names={pk: p.display_name for pk, p in by_id.items()}
    )


def rank_links(statuses: Mapping[int, PatientStatus], *, names: Mapping[int, str]) -> None:
    """The sort key of each active clinic link of these patients, from their statuses and names (two queries)."""
    links = list(
        CareTeamMember.objects.active()
        .filter(patient_id__in=statuses, clinic__isnull=False)
        .only("pk", "patient_id", "mood_shared")
    )
    for link in links:
        status = statuses[link.patient_id]
        link.rank_flags = status.core_flags + (status.low_mood and link.mood_shared)
        link.rank_last_entry = status.last_entry or NEVER_LOGGED
        link.patient_name = names[link.patient_id]
    # In batches: an UPDATE of many rows by CASE grows with the square of its rows on PostgreSQL.
    CareTeamMember.objects.bulk_update(links, ["rank_flags", "rank_last_entry", "patient_name"], batch_size=RANK_BATCH)


def rank_links_of(patient_id: int) -> None:
    """One patient's clinic links ranked again (their sharing or the name changed): the status worked out first if
    there is none yet."""
    status = PatientStatus.objects.filter(patient_id=patient_id).select_related("patient").first()
    if status is None:
        refresh(Patient.objects.filter(pk=patient_id).only("pk", "timezone", "display_name"))
    else:
        rank_links({patient_id: status}, names={patient_id: status.patient.display_name})


def _stale(now: datetime.datetime) -> Q:
    unranked = CareTeamMember.objects.active().filter(patient=OuterRef("pk"), clinic__isnull=False, rank_flags=None)
    return (
        Q(status__isnull=True) | Q(status__stale_after__lte=now) | Q(status__fresh_from__gt=now) | Q(Exists(unranked))
    )


def refresh_stale(patients: QuerySet[Patient], *, now: datetime.datetime | None = None) -> int:
    """Works out again the statuses of `patients` that are missing or stale. Answers how many."""
    now = now or timezone.now()
    stale = list(patients.filter(_stale(now)).only("pk", "timezone", "display_name"))
    refresh(stale, now=now)
    return len(stale)


def refresh_all_stale(*, now: datetime.datetime | None = None) -> int:
    """The worker's job, every minute: every status that is missing or stale (days end at every hour somewhere)."""
    return refresh_stale(Patient.objects.all(), now=now)


# What a viewer is shown of a status (viewer_status): read as plain rows, as model instances of them took as long
# as the rest of a clinic's page.
SHOWN = (
    "last_entry",
    "days_logged_14",
    "days_counted_14",
    "adherence_14",
    "function_trend",
    "flag_facts",
    "latest_checkin_date",
    "latest_checkin_total",
)


def fresh_statuses(patient_ids: Iterable[int], *, now: datetime.datetime | None = None) -> dict[int, dict]:
    """{patient id: what viewer_status needs of the status}, each worked out again first where missing or stale.
    Two queries when all are fresh."""
    now = now or timezone.now()
    ids = set(patient_ids)
    if not ids:
        return {}
    refresh_stale(Patient.objects.filter(pk__in=ids), now=now)
    return {
        row["patient_id"]: row for row in PatientStatus.objects.filter(patient_id__in=ids).values("patient_id", *SHOWN)
    }


def viewer_status(status: Mapping, *, sees_mood: bool) -> dict:
    """One patient's dashboard row as a viewer sees it (the keys of diary.rules.attention.review, and the words), from
    the columns SHOWN of the status."""
    facts = [flag for flag in status["flag_facts"] if sees_mood or flag["code"] != attention.LOW_MOOD_FLAG]
    checkin = status["latest_checkin_date"] and {
        "date": status["latest_checkin_date"],
        "total": status["latest_checkin_total"],
        "band": FunctionBand.for_total(status["latest_checkin_total"]),
    }
    return {
        "last_entry": status["last_entry"],
        "days_logged_14": status["days_logged_14"],
        "days_counted_14": status["days_counted_14"],
        "adherence_14": status["adherence_14"],
        "function_trend": status["function_trend"] or None,
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
    """The clinic's active patient links, those who need attention first (most flags the clinic sees, the longest
    without an entry, then by name: the index clinic_list_order). `query` searches the name and the record number;
    `flag` keeps those with that flag."""
    links = CareTeamMember.objects.active().filter(clinic_id=clinic_id)
    if query:
        links = links.filter(Q(patient_name__icontains=query) | Q(record_number__icontains=query))
    if flag == attention.NO_RECENT_ENTRY:
        links = links.filter(patient__status__no_recent_entry=True)
    elif flag == attention.FUNCTION_FELL:
        links = links.filter(patient__status__function_fell=True)
    elif flag == attention.PLAN_LOW:
        links = links.filter(patient__status__plan_low=True)
    elif flag == attention.LOW_MOOD_FLAG:
        links = links.filter(patient__status__low_mood=True, mood_shared=True)
    return links.order_by(*CLINIC_LIST_ORDER)


def clinic_rows(links: QuerySet[CareTeamMember]) -> QuerySet:
    """The links as the clinic's list shows them, plain rows: the link's own columns, the teen's name as `display_name`
    and the status's columns SHOWN (for viewer_status)."""
    status = {name: F(f"patient__status__{name}") for name in SHOWN}
    return links.values(
        "patient_id",
        "record_number",
        "since",
        "sees",
        "manages",
        "mood_shared",
        display_name=F("patient_name"),
        **status,
    )


class ClinicPage:
    """The clinic's list as a paginator takes it (Django's Paginator asks `count()`, then a slice): counted over the
    links alone, sliced as clinic_rows. Counting the rows themselves joined every patient of the clinic on the way
    to their statuses, 2 ms at 5,000 for a count the links' index answers alone."""

    def __init__(self, links: QuerySet[CareTeamMember]):
        self.links = links

    def count(self) -> int:
        return self.links.count()

    def __getitem__(self, index: slice) -> QuerySet:
        return clinic_rows(self.links)[index]


def clinic_row(link: CareTeamMember) -> dict:
    """One link as the clinic's list shows it (clinic_rows), its status worked out again first if stale."""
    refresh_stale(Patient.objects.filter(pk=link.patient_id))
    return clinic_rows(CareTeamMember.objects.filter(pk=link.pk)).get()


def refresh_clinic(clinic_id: int, *, now: datetime.datetime | None = None) -> int:
    """Before a clinic's list is sorted: its patients whose status is missing or stale, or whose link is not ranked
    yet (usually none: the worker keeps statuses fresh), worked out again. One query when there are none, found from
    the stale side so that it costs the same however many patients the clinic has."""
    now = now or timezone.now()
    links = CareTeamMember.objects.active().filter(clinic_id=clinic_id)
    unranked = links.filter(rank_flags__isnull=True).values("patient_id")
    stale = PatientStatus.objects.filter(
        Q(stale_after__lte=now) | Q(fresh_from__gt=now),
        patient__care_team__clinic_id=clinic_id,
        patient__care_team__ended_at__isnull=True,
    ).values("patient_id")
    ids = {row["patient_id"] for row in unranked.union(stale)}
    if ids:
        refresh(Patient.objects.filter(pk__in=ids).only("pk", "timezone", "display_name"), now=now)
    return len(ids)
