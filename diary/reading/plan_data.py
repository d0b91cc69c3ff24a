"""The treatment plan's answers: the plan, a day of it, its adherence, and the plan's part of Trends, the Summary,
Clinic outcomes, the downloads and FHIR. Rows come from diary.reading.health_data (cut to what the reader may see),
numbers from diary.rules.plan's rules; no other arithmetic here.
"""

import datetime
from collections.abc import Sequence

from accounts.access import Access
from accounts.models import Patient
from diary.models import PlanItem
from diary.reading import health_data, words
from diary.rules import figures, plan

AHEAD_WEEKS = 8  # the Plan page shows the doses of the next eight weeks


def _person(user) -> dict | None:
    return {"id": user.pk, "display_name": user.display_name} if user is not None else None


def terms_answer(terms: plan.Terms) -> dict:
    return {
        "valid_from": terms.valid_from,
        "unit": terms.unit,
        "amount": terms.amount,
        "step_amount": terms.step_amount,
        "step_every_weeks": terms.step_every_weeks,
        "max_amount": terms.max_amount,
        "days_per_week": terms.days_per_week,
        "weekdays": list(terms.weekdays) or None,
        "school_level": terms.school_level,
    }


def item_answer(item: PlanItem, today: datetime.date) -> dict:
    """An item as docs/API.md describes it: its current terms (the newest: a change shows at once, in force from the
    day after it was made), and beside them the dose today, the doses of the weeks ahead and every set of terms it
    had, with the day each began."""
    spec = item.spec()
    current = spec.terms[-1]
    ahead = plan.doses(spec, today, today + datetime.timedelta(weeks=AHEAD_WEEKS))
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "instructions": item.instructions,
        "unit": current.unit,
        "amount": current.amount,
        "days_per_week": current.days_per_week,
        "weekdays": list(current.weekdays) or None,
        "starts_on": item.starts_on,
        "step_every_weeks": current.step_every_weeks,
        "step_amount": current.step_amount,
        "max_amount": current.max_amount,
        "school_level": current.school_level,
        "ended_on": item.ended_on,
        "created_by": _person(item.created_by),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "dose_today": plan.dose_on(spec, today),
        "description": words.plan_item_words(spec, today),
        "ahead": [{"from": step.day, "dose": step.dose} for step in ahead],
        "terms": [terms_answer(terms) for terms in spec.terms],
    }


def plan_answer(access: Access, *, include_ended: bool = False) -> dict:
    """docs/API.md: `{items, updated_at, updated_by}`; the latest change counts every item, an ended one too."""
    items = health_data.plan_items(access)
    today = access.patient.today()
    latest = max(items, key=lambda item: (item.updated_at, item.pk), default=None)
    shown = [item for item in items if include_ended or item.ended_on is None or item.ended_on > today]
    return {
        "items": [item_answer(item, today) for item in shown],
        "updated_at": latest.updated_at if latest else None,
        "updated_by": _person(latest.updated_by) if latest else None,
    }


def day_answer(access: Access, day: datetime.date) -> list[dict]:
    """docs/API.md: the items due on `day`, each with that day's dose and the amount the entry records (None when none;
    for school, 1 or 0 from the entry's `school` answer)."""
    items = [item.spec() for item in health_data.plan_items(access)]
    logged = health_data.plan_days(access, day, day).get(day)
    rows = []
    for item in plan.due_on(items, day):
        if item.kind == plan.SCHOOL:
            done = None if logged is None or logged.school is None else int(plan.done_on(item, day, logged))
        else:
            done = None if logged is None else logged.done.get(item.id)
        rows.append(
            {
                "item": item.id,
                "kind": item.kind,
                "title": item.title,
                "unit": plan.terms_on(item, day).unit,
                "dose": plan.dose_on(item, day),
                "done": done,
            }
        )
    return rows


def counted_until(patient: Patient, last: datetime.date, *, today: datetime.date | None = None) -> datetime.date:
    """Days after the patient's today have not happened: nothing is expected of them yet. `today`: the patient's,
    where the caller worked it out already (for many patients in one time zone)."""
    return min(last, today or patient.today())


def adherence_answer(access: Access, first: datetime.date, last: datetime.date) -> dict:
    """docs/API.md: `{weeks: [...], adherence}` over `first`..`last` (days after today not counted)."""
    until = counted_until(access.patient, last)
    items = [item.spec() for item in health_data.plan_items(access)]
    rows = plan.weeks(items, health_data.plan_days(access, first, until), first, until) if items else []
    return {
        "from": first,
        "to": last,
        "weeks": [plan.week_row(week) for week in rows],
        "adherence": plan.as_number(plan.adherence(rows)),
    }


# --- the plan in Trends, the Summary and Clinic outcomes -------------------------------------------------------------


def plan_reading(access: Access, first: datetime.date, last: datetime.date) -> tuple[list[plan.Item], dict]:
    """The plan's items and the days they count from `first` to `last` (never after today): three queries, or one
    for a diary without a plan."""
    items = [item.spec() for item in health_data.plan_items(access)]
    until = counted_until(access.patient, last)
    return items, (health_data.plan_days(access, first, until) if items else {})


def trend_weeks(
    items: Sequence[plan.Item],
    logged: dict,
    *,
    first: datetime.date,
    last: datetime.date,
    until: datetime.date,
    columns: dict,
    function_improved_on: str | None = None,
) -> dict:
    """Trends' `plan_adherence` (docs/API.md): one value per Monday-to-Sunday week that overlaps the days shown
    (`first`..`last`), oldest first, None where nothing was expected (nothing is expected after `until`, today); and
    `plan_weeks`, each such week with what was expected and done beside function's and pain's means over the same days
    (diary.rules.figures), to show side by side; and `plan_message`, what those weeks show in words (None without a plan
    in them). `columns` hold one value per day from `first`."""
    counted = dict(plan.every_week(items, logged, first, until)) if items and first <= until else {}
    rows = []
    monday = plan.week_start(first)
    while monday <= last:
        start, end = max(first, monday), min(last, monday + datetime.timedelta(days=plan.WEEK - 1))
        span = slice((start - first).days, (end - first).days + 1)
        week = counted.get(monday)
        rows.append(
            {
                "week_start": monday,
                "from": start,
                "to": end,
                "expected": plan.as_number(week.expected) if week else None,
                "done": plan.as_number(week.done) if week else None,
                "adherence": plan.as_number(week.adherence) if week else None,
                "function": figures.mean(columns["function"][span]),
                "pain": figures.mean(columns["pain"][span]),
            }
        )
        monday += datetime.timedelta(days=plan.WEEK)
    improved = datetime.date.fromisoformat(function_improved_on) if function_improved_on else None
    sentences = plan.trend_sentences([week for week in counted.values() if week], improved)
    return {
        "plan_adherence": [row["adherence"] for row in rows],
        "plan_weeks": rows,
        "plan_message": words.plan_trend_message(sentences),
    }


def plan_summary(access: Access, *, first: datetime.date, last: datetime.date) -> tuple[dict, list | None]:
    """The Summary's `plan` for `first`..`last`, and the adherence of the two whole weeks before `last`'s week (for
    the flag plan_low as of `last`; None without a plan). Three queries, or one for a diary without a plan."""
    flag_from = plan.whole_weeks_before(last)[0]
    items, logged = plan_reading(access, min(first, flag_from), last)
    until = counted_until(access.patient, last)
    answer = plan.summary(items, logged, first, until) if first <= until else plan.summary([], {}, first, last)
    return answer, (plan.recent_adherence(items, logged, last) if items else None)


# --- FHIR (a CarePlan) and the downloads --------------------------------------------------------------------------


def care_plan(patient: Patient, items: Sequence[PlanItem] | None = None) -> list[dict]:
    """Every item of `patient`'s plan, ended ones too, with its dose history: each set of terms with the day it began,
    and each day from its start to its end (or today) on which its dose changed. For a FHIR CarePlan (one activity per
    item, its dosage from `doses`) and the data download. `items` may come prefetched with their terms; else two
    queries.

    Not cut by a reader's `sees`: the caller is the diary's owner, or decides what may leave (the plan is `core`,
    which every member of the care team sees)."""
    today = patient.today()
    if items is None:
        items = PlanItem.objects.filter(patient=patient).select_related("created_by", "updated_by")
        items = items.prefetch_related("terms").order_by("pk")
    answers = []
    for item in items:
        spec = item.spec()
        last = (item.ended_on - datetime.timedelta(days=1)) if item.ended_on else today
        answers.append(
            {
                **item_answer(item, today),
                "doses": [{"from": step.day, "dose": step.dose} for step in plan.doses(spec, item.starts_on, last)],
            }
        )
    return answers
