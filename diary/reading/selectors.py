"""Reads from the diary, scoped to the patients the caller was given."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.utils.translation import gettext as _

from accounts.access import Access, visible_patients
from accounts.access_log import record_reads
from accounts.clinics import membership
from accounts.models import AccessLogEntry, Patient, Reading, Role, User
from diary.models import DailyEntry, FunctionCheckin, Goal
from diary.reading import words
from diary.rules import checkin_offer, goals


def _newest_first(model, patient, date_from, date_to):
    rows = model.objects.filter(patient=patient).select_related("entered_by").order_by("-date")
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    return rows


def entries_for(patient, *, date_from=None, date_to=None):
    return _newest_first(DailyEntry, patient, date_from, date_to)


def checkins_for(patient, *, date_from=None, date_to=None):
    return _newest_first(FunctionCheckin, patient, date_from, date_to)


def latest_checkin(patient):
    return FunctionCheckin.objects.filter(patient=patient).order_by("-date").first()


def checkin_offered(patient, today: datetime.date, last_checkin: FunctionCheckin | None) -> bool:
    """Whether Today invites the weekly check-in (diary.rules.checkin_offer), given the latest check-in: one query."""
    diary = DailyEntry.objects.filter(patient=patient).aggregate(first=Min("date"), days=Count("pk"))
    return checkin_offer.checkin_due(
        today=today,
        first_logged=diary["first"],
        days_logged=diary["days"],
        last_checkin=last_checkin.date if last_checkin else None,
    )


def entry_on(patient, day):
    return DailyEntry.objects.select_related("entered_by").filter(patient=patient, date=day).first()


def clinic_patients(
    user: User, *, clinic_id: int | None = None, action: str = AccessLogEntry.Action.READ
) -> list[Access]:
    """The patients who share their diary with `user` as a clinician (directly or through a clinic), or with the
    clinic `clinic_id` of theirs alone, for Clinic outcomes.

    Only clinicians have a clinic: anyone else gets PermissionDenied (403) before anything is read. Every patient
    read is logged in that patient's access log, one grouped line per visit (accounts.access_log).
    """
    if not user.is_authenticated or user.role != Role.CLINICIAN:
        raise PermissionDenied(_("Clinic outcomes are for clinicians."))
    if clinic_id is not None:
        membership(user, clinic_id)
    accesses = [access for access in visible_patients(user) if access.is_clinician]
    if clinic_id is not None:
        accesses = [a for a in accesses if any(link.clinic_id == clinic_id for link in a.clinic_links)]
    record_reads(
        actor=user,
        patient_ids=[access.patient.pk for access in accesses],
        reading=Reading.OUTCOMES,
        action=action,
        clinics={access.patient.pk: access.clinic for access in accesses},
    )
    return accesses


# Weekly goals: one query for the goals, one for the days they count; the arithmetic is diary.rules.goals'.

GOAL_DAY_COLUMNS = ("exercise_minutes", "school", "therapies", "goals_done")


def goals_for(patient: Patient):
    """Every goal of the patient, the active ones first, each group oldest first."""
    return Goal.objects.filter(patient=patient).order_by("-active", "created_at", "pk")


def active_goals(patient: Patient) -> list[goals.GoalSpec]:
    return [goal.spec(patient) for goal in Goal.objects.filter(patient=patient, active=True)]


def goal_days(patient: Patient, first: datetime.date, last: datetime.date) -> dict[datetime.date, goals.Day]:
    """{day: what goals count of it} for the logged days from `first` to `last`, in one query."""
    rows = DailyEntry.objects.filter(patient=patient, date__range=(first, last)).values_list("date", *GOAL_DAY_COLUMNS)
    return {day: goals.Day(*values) for day, *values in rows}


def goal_progress(patient: Patient, day: datetime.date | None = None) -> list[dict]:
    """docs/API.md's progress of every active goal in the week that holds `day` (default: the patient's today)."""
    today = patient.today()
    monday = goals.week_start(day or today)
    specs = active_goals(patient)
    days = goal_days(patient, monday, monday + datetime.timedelta(days=goals.WEEK_DAYS - 1)) if specs else {}
    rows = [(goal, goals.progress(goal, days, monday)) for goal in specs]
    return [words.progress_in_words(goal, row, over=row["week_end"] < today) for goal, row in rows]


def goal_streaks(patient: Patient) -> dict:
    """The kind streaks as of the patient's today: days logged of the last 7, and each active goal's weeks in a
    row (looking back a year at most)."""
    today = patient.today()
    specs = active_goals(patient)
    since = goals.week_start(today - datetime.timedelta(weeks=goals.STREAK_WEEKS))
    if not specs:
        since = today - datetime.timedelta(days=goals.RECENT_DAYS - 1)
    return words.streaks_in_words(goals.streaks(specs, goal_days(patient, since, today), today))
