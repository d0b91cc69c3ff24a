"""What a reminder says: kind, plain, about the day and never about pain (tests check every word of it)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.emails import site_link
from diary.rules import plan

PLAN_ITEMS_NAMED = 3  # a notification is short: the rest are counted


def today_path(settings) -> str:
    """Where a reminder leads: Today of the diary it is about (a managed child's under /patients/<id>/)."""
    if settings.patient.account_id == settings.user_id:
        return "/today/"
    return f"/patients/{settings.patient_id}/today/"


def _child(settings) -> str | None:
    return None if settings.patient.account_id == settings.user_id else settings.patient.display_name


def _with_dose(item: plan.Item, day) -> str:
    """An item of today's plan as a reminder names it: "Brisk walk 25 min", "Towel 3x", "Physical therapy"."""
    dose, unit = plan.dose_on(item, day), plan.terms_on(item, day).unit
    values = {"title": item.title, "dose": dose}
    if dose is None:
        return item.title
    if unit == plan.MINUTES:
        return _("%(title)s %(dose)s min") % values
    if unit == plan.TIMES:
        return _("%(title)s %(dose)sx") % values
    return _("%(title)s %(dose)s reps") % values


def plan_line(items: Sequence[plan.Item], day) -> str | None:
    """What today's treatment plan holds, in a few words ("Brisk walk 25 min, Towel 3x"), or None when nothing is
    due. School is left out: it is counted from the day's school answer, not something to remember."""
    due = [item for item in plan.due_on(items, day) if item.kind != plan.SCHOOL]
    if not due:
        return None
    named = ", ".join(_with_dose(item, day) for item in due[:PLAN_ITEMS_NAMED])
    rest = len(due) - PLAN_ITEMS_NAMED
    if rest > 0:
        named = ngettext("%(named)s and %(rest)s more", "%(named)s and %(rest)s more", rest) % {
            "named": named,
            "rest": rest,
        }
    return named


def push_payload(settings, plan_today: str | None = None) -> dict:
    """The notification; `plan_today` is `plan_line`'s words for the day, if the plan holds anything."""
    child = _child(settings)
    if child and plan_today:
        body = _("A minute for %(child)s's diary today? Today's plan: %(plan)s.") % {"child": child, "plan": plan_today}
    elif child:
        body = _("A minute for %(child)s's diary today?") % {"child": child}
    elif plan_today:
        body = _("How did today go? Today's plan: %(plan)s.") % {"plan": plan_today}
    else:
        body = _("How did today go? Logging it takes about a minute.")
    return {"title": "Stride", "body": body, "url": today_path(settings), "tag": "stride-reminder"}


def email_context(settings, plan_today: str | None = None) -> dict:
    link = site_link(today_path(settings))
    return {"name": settings.user.display_name, "child": _child(settings), "today_link": link, "plan_line": plan_today}
