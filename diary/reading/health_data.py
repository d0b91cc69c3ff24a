"""The one way health data leaves the database: rows already cut to what their reader may see.

Every reader (the API's entries, the CSV and FHIR downloads, trends, the Summary, the dashboard) takes its entries
(and the treatment plan, with each day's ticks) from here, given the reader's `Access` (the policy of
`accounts.access`): a field the reader was not given is never read into these rows, and a private note is its
writer's alone. So what a viewer may see is decided in the policy,
and applied here, once.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from accounts.access import Access
from accounts.models import Share
from diary.models import DailyEntry, FunctionCheckin, Goal, PlanItem, PlanTerms
from diary.recording.services import ENTRY_FIELDS
from diary.rules import plan

NOTE_FIELDS = ("note", "note_private")


def shown_fields(access: Access) -> tuple[str, ...]:
    """The entry fields this reader sees, in the API's order (a private note may still be left out of one row)."""
    hidden = access.hidden_entry_fields
    return tuple(field for field in ENTRY_FIELDS if field not in hidden)


def shown_columns(access: Access, names: Sequence[str]) -> tuple[str, ...]:
    """Of the entry columns `names`, those this reader may be given (trends and the Summary read no others)."""
    hidden = access.hidden_entry_fields
    return tuple(name for name in names if name not in hidden)


@dataclass(frozen=True)
class ShownEntry:
    """One day's entry as one reader may see it: `values` holds exactly the fields they were given."""

    date: datetime.date
    values: dict
    entered_by_id: int | None
    entered_by_role: str | None
    version: int
    updated_at: datetime.datetime


def shown(access: Access, entry: DailyEntry, fields: Sequence[str] | None = None) -> ShownEntry:
    fields = shown_fields(access) if fields is None else fields
    values = {field: getattr(entry, field) for field in fields}
    if "note" in values and not access.may_read_note(private=entry.note_private, written_by=entry.entered_by_id):
        for field in NOTE_FIELDS:
            values.pop(field, None)
    writer = entry.entered_by
    return ShownEntry(
        date=entry.date,
        values=values,
        entered_by_id=writer.pk if writer else None,
        entered_by_role=writer.role if writer else None,
        version=entry.version,
        updated_at=entry.updated_at,
    )


class EntryRows(Sequence):
    """A reader's entries over a period, lazily: counted and sliced in the database (a page of the API's list), or
    iterated whole (a download). Each item is a `ShownEntry`."""

    def __init__(self, access: Access, rows: QuerySet[DailyEntry]):
        self.access = access
        self.fields = shown_fields(access)
        hidden = set(ENTRY_FIELDS) - set(self.fields)
        self.rows = rows.select_related("entered_by").defer(*hidden)

    def __len__(self) -> int:  # a page's count for the paginator, in the database
        return self.rows.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [shown(self.access, entry, self.fields) for entry in self.rows[index]]
        return shown(self.access, self.rows[index], self.fields)

    def __iter__(self) -> Iterator[ShownEntry]:
        return (shown(self.access, entry, self.fields) for entry in self.rows.iterator(chunk_size=500))


def _in_period(rows: QuerySet, date_from: datetime.date | None, date_to: datetime.date | None) -> QuerySet:
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    return rows


def entries(
    access: Access,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    oldest_first: bool = False,
) -> EntryRows:
    rows = _in_period(DailyEntry.objects.filter(patient=access.patient), date_from, date_to)
    return EntryRows(access, rows.order_by("date" if oldest_first else "-date"))


def entry_on(access: Access, day: datetime.date) -> ShownEntry | None:
    found = entries(access, date_from=day, date_to=day)[:1]
    return found[0] if found else None


def checkins(
    access: Access,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    oldest_first: bool = False,
) -> QuerySet[FunctionCheckin]:
    """The weekly check-ins: `core`, which every reader sees."""
    rows = _in_period(FunctionCheckin.objects.filter(patient=access.patient), date_from, date_to)
    return rows.select_related("entered_by").order_by("date" if oldest_first else "-date")


def goal_titles(access: Access) -> dict[int, str]:
    """{goal id: its title} of every goal of the patient (a stopped one too) an entry's `goals_done` may name, for a
    reader given `goals_done`; empty for anyone else. One query."""
    if "goals_done" not in shown_fields(access):
        return {}
    return dict(Goal.objects.filter(patient=access.patient).values_list("pk", "title"))


# The treatment plan (docs/API.md, "Treatment plan"): `core`, which every member of the care team is given. Its items
# and the ticks of each day leave the database here too, for one reader (`plan_items`, `plan_days`) or, for what is
# worked out for every viewer alike (the dashboard's stored status, Clinic outcomes, reminders), for many patients at
# once (`plan_items_of`, `plan_days_of`).

PLAN_DAY_COLUMNS = ("school", "plan_done")


def _plan_rows(patients: QuerySet | Sequence) -> QuerySet[PlanItem]:
    terms = Prefetch("terms", PlanTerms.objects.order_by("valid_from"))
    return (
        PlanItem.objects.filter(patient__in=patients).select_related("created_by", "updated_by").prefetch_related(terms)
    )


def plan_items(access: Access, *, include_ended: bool = True) -> list[PlanItem]:
    """The patient's plan items, oldest first, each with its terms; ended ones left out unless `include_ended`.
    Two queries."""
    if Share.CORE not in access.sees:
        return []
    rows = _plan_rows([access.patient.pk]).order_by("pk")
    if not include_ended:
        rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=access.patient.today()))
    return list(rows)


def plan_item(access: Access, item_id: int) -> PlanItem | None:
    if Share.CORE not in access.sees:
        return None
    return _plan_rows([access.patient.pk]).filter(pk=item_id).first()


def plan_day(school: str | None, done: Sequence[dict]) -> plan.Day:
    """What the plan counts of one entry, from its `school` and `plan_done` (PLAN_DAY_COLUMNS)."""
    return plan.Day(school, {tick["item"]: tick["amount"] for tick in done})


def _days(rows) -> dict[datetime.date, plan.Day]:
    return {day: plan_day(school, done) for day, school, done in rows}


def plan_days(access: Access, first: datetime.date, last: datetime.date) -> dict[datetime.date, plan.Day]:
    """{day: what the plan counts of it} for the logged days from `first` to `last`, in one query."""
    if Share.CORE not in access.sees or first > last:
        return {}
    rows = DailyEntry.objects.filter(patient=access.patient, date__range=(first, last)).order_by()
    return _days(rows.values_list("date", *PLAN_DAY_COLUMNS))


def plan_items_of(patient_ids: Collection[int]) -> dict[int, list[plan.Item]]:
    """{patient id: their plan items, oldest first} for many patients: one query however many."""
    rows = PlanTerms.objects.filter(item__patient__in=list(patient_ids)).select_related("item")
    by_item: dict[int, tuple[PlanItem, list[plan.Terms]]] = {}
    for terms in rows.order_by("item_id", "valid_from"):
        by_item.setdefault(terms.item_id, (terms.item, []))[1].append(terms.spec())
    found = defaultdict(list)
    for item, item_terms in by_item.values():
        found[item.patient_id].append(
            plan.Item(
                id=item.pk,
                kind=item.kind,
                starts_on=item.starts_on,
                ended_on=item.ended_on,
                terms=tuple(item_terms),
                title=item.title,
            )
        )
    return found


def plan_days_of(
    patient_ids: Collection[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[datetime.date, plan.Day]]:
    """{patient id: {day: what the plan counts of it}} for many patients from `first` to `last`: one query."""
    found = defaultdict(list)
    if patient_ids:
        rows = DailyEntry.objects.filter(patient__in=patient_ids, date__range=(first, last)).order_by()
        for patient_id, *row in rows.values_list("patient", "date", *PLAN_DAY_COLUMNS):
            found[patient_id].append(row)
    return defaultdict(dict, {patient_id: _days(rows) for patient_id, rows in found.items()})
