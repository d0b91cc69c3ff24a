"""Files that leave Stride: a diary as CSV, and everything Stride holds about one person.

Both apply the API's `sees` rules (accounts.access), so a download never shows more than the screen does.
"""

import csv
import datetime
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.timezone import now as current_time

from accounts.access import Access, owner_access
from accounts.models import CareTeamMember, Invitation, Patient
from accounts.models.care import normalize_sees
from accounts.timezones import today_in
from diary.models import DailyEntry, FunctionCheckin, Goal, PlanItem
from diary.models.entries import CODE_LISTS
from diary.reading.health_data import EntryRows, ShownEntry, shown, shown_fields
from diary.reading.plan_data import care_plan
from diary.recording.services import ENTRY_FIELDS

ENTRY_COLUMNS = ("date", *ENTRY_FIELDS, "entered_by_role", "version", "updated_at")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filename(name, day, extension):
    """An ASCII file name such as stride-maya-2026-03-02.csv (a name with no Latin letters becomes "diary")."""
    return f"stride-{slugify(name) or 'diary'}-{day.isoformat()}.{extension}"


def entry_columns(fields: Sequence[str]) -> list[str]:
    """The CSV's columns for a reader who sees the entry fields `fields` (diary.reading.health_data.shown_fields)."""
    return ["date", *fields, *ENTRY_COLUMNS[len(ENTRY_FIELDS) + 1 :]]


def entry_values(entry: ShownEntry, columns: Sequence[str]) -> dict:
    """One entry as {column: value}; a note its reader may not read (private) is an empty cell."""
    values = {
        "date": entry.date,
        "entered_by_role": entry.entered_by_role,
        "version": entry.version,
        "updated_at": entry.updated_at,
    }
    for column in columns:
        if column not in values:
            values[column] = entry.values.get(column, "" if column == "note" else None)
    return {column: values[column] for column in columns}


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    elif isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    elif isinstance(value, datetime.datetime):
        value = value.isoformat(timespec="seconds")
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def words_column(column):
    return f"{column}_words"


def _with_words(columns):
    """Each list of codes followed by the same list in words, for a person reading the spreadsheet."""
    for column in columns:
        yield column
        if column in CODE_LISTS:
            yield words_column(column)


def _in_words(field, codes):
    """The codes' labels in the active language (the downloader's), "; " between them."""
    labels = dict(CODE_LISTS[field].choices)
    return "; ".join(str(labels.get(code, code)) for code in codes)


def plan_columns(items: Sequence) -> dict[int, str]:
    """{item id: its CSV column}, each named by the item's title ("plan: Brisk walk"; with its start where two share
    a title). School has no column of its own here: it is done from the `school` column."""
    ticked = [item for item in items if item.kind != "school"]
    titles = [item.title for item in ticked]
    return {
        item.pk: f"plan: {item.title}"
        + (f" (from {item.starts_on.isoformat()})" if titles.count(item.title) > 1 else "")
        for item in ticked
    }


# Put first in a CSV file: without it Excel reads UTF-8 as the machine's old code page ("JosÃ©" for "José").
BYTE_ORDER_MARK = "\ufeff"


def diary_csv(entries: EntryRows, plan_items: Sequence = (), goal_titles: Mapping[int, str] | None = None) -> str:
    """The entries as CSV text: a header row, then one row per entry in the order given. The lists (symptoms, pain
    locations, therapies) come as codes, then in words; the goals ticked (`goals_done`) by title (`goal_titles`, {id:
    title}; "; " between them); what was done of the treatment plan comes as one column per item (`plan_items`, named
    by title), each holding the amount done that day."""
    titles = goal_titles or {}
    plan = plan_columns(plan_items)
    columns = [column for column in entry_columns(entries.fields) if column != "plan_done"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_cell(name) for name in [*_with_words(columns), *plan.values()])
    for entry in entries:
        values = entry_values(entry, columns)
        for field in CODE_LISTS:
            if field in values:
                values[words_column(field)] = _in_words(field, values[field])
        if values.get("goals_done"):
            values["goals_done"] = "; ".join(titles.get(goal, str(goal)) for goal in values["goals_done"])
        done = {tick["item"]: tick["amount"] for tick in entry.values.get("plan_done", ())}
        cells = [values[column] for column in _with_words(columns)] + [done.get(item) for item in plan]
        writer.writerow(_cell(value) for value in cells)
    return out.getvalue()


def _person(user):
    return {"id": user.pk, "display_name": user.display_name, "role": user.role}


def _actor(row):
    # The access log keeps the name and role as they were, so it still reads right after an account is deleted.
    return {"id": row.actor_id, "display_name": row.actor_name, "role": row.actor_role}


def _sees(link):
    return normalize_sees(link.shared)


def _consent(patient):
    """A child's profile: the terms its parent agreed to (`accounts.terms`), which version and when; else None."""
    if patient.consent_given_at is None:
        return None
    given_by = patient.consent_given_by
    return {
        "given_at": patient.consent_given_at,
        "terms_version": patient.consent_terms_version,
        "given_by": {"id": given_by.pk, "display_name": given_by.display_name} if given_by else None,
    }


def _diary(access: Access, relation: str):
    patient = access.patient
    columns = entry_columns(shown_fields(access))
    return {
        "patient": {
            "id": patient.pk,
            "display_name": patient.display_name,
            "birth_date": patient.birth_date,
            "timezone": patient.timezone,
            "treatment_start": patient.treatment_start,
            "created_at": patient.created_at,
            "consent": _consent(patient),
            "handed_over_at": patient.handed_over_at,
            "adult_notice_sent_at": patient.adult_notice_sent_at,
        },
        "relation": relation,
        "entries": [entry_values(shown(access, entry), columns) for entry in patient.entries.all()],
        "checkins": [
            {"date": c.date, "answers": c.answers, "total": c.total, "band": c.band.value, "updated_at": c.updated_at}
            for c in patient.checkins.all()
        ],
        # The treatment plan, every item with the terms it had and its dose history (diary.reading.plan_data.care_plan).
        "plan": care_plan(patient, patient.plan_items.all()),
        "goals": [
            {
                "id": g.pk,
                "title": g.title,
                "measure": g.measure,
                "target": g.target,
                "active": g.active,
                "created_at": g.created_at,
            }
            for g in patient.goals.all()
        ],
        "care_team": [
            {
                "user": _person(link.member),
                "relation": link.relation,
                "sees": _sees(link),
                "manages": link.manages,
                "since": link.since,
                "ended_at": link.ended_at,
                "paused_at": link.paused_at,
                "resumed_at": link.resumed_at,
            }
            for link in patient.care_team.all()
        ],
        # A pending code itself is left out: the Sharing page shows it, and a file travels further than a page.
        "pending_invitations": [
            {"id": i.pk, "role": i.role, "sees": i.sees, "created_at": i.created_at, "expires_at": i.expires_at}
            for i in patient.pending_invitations
        ],
        "access_log": [
            {
                "at": row.at,
                "actor": _actor(row),
                "action": row.action,
                "detail": row.detail,
                "first_at": row.first_at,
                "count": row.count,
                "details": row.details,
                "clinic": {"id": row.clinic_id, "name": row.clinic_name} if row.clinic_name else None,
            }
            for row in patient.access_log.all()
        ],
    }


def _diaries_of(user):
    """The caller's own diary and the children's diaries they manage, each table read once for all of them."""
    pending = Invitation.objects.pending()
    return (
        Patient.objects.owned_by(user)
        .select_related("consent_given_by")
        .order_by("pk")
        .prefetch_related(
            Prefetch("entries", DailyEntry.objects.select_related("entered_by").order_by("date")),
            Prefetch("checkins", FunctionCheckin.objects.order_by("date")),
            Prefetch("goals", Goal.objects.order_by("created_at", "pk")),
            Prefetch(
                "plan_items",
                PlanItem.objects.select_related("created_by", "updated_by").prefetch_related("terms").order_by("pk"),
            ),
            Prefetch("care_team", CareTeamMember.objects.select_related("member").order_by("since", "pk")),
            Prefetch("invitations", pending, to_attr="pending_invitations"),
            "access_log",
        )
    )


def my_data(user):
    """Everything Stride holds about `user`, as JSON-ready data (dates and decimals left to the encoder)."""
    links = CareTeamMember.objects.filter(member=user).select_related("patient").order_by("since", "pk")
    return {
        "exported_at": current_time(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "timezone": user.timezone,
            "date_joined": user.date_joined,
        },
        "api_tokens": [
            {"created_at": at} for at in user.api_tokens.order_by("created_at").values_list("created_at", flat=True)
        ],
        "diaries": [
            _diary(owner_access(user, patient), "self" if patient.account_id == user.pk else "parent")
            for patient in _diaries_of(user)
        ],
        "care_links": [
            {
                "patient": {"id": link.patient_id, "display_name": link.patient.display_name},
                "relation": link.relation,
                "sees": _sees(link),
                "manages": link.manages,
                "since": link.since,
                "ended_at": link.ended_at,
            }
            for link in links
        ],
    }


def my_data_filename(user):
    return f"stride-my-data-{today_in(user.timezone).isoformat()}.json"
