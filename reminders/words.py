"""What a reminder says: kind, plain, about the day and never about pain (tests check every word of it)."""

from django.utils.translation import gettext as _

from accounts.emails import site_link


def today_path(settings) -> str:
    """Where a reminder leads: Today of the diary it is about (a managed child's under /patients/<id>/)."""
    if settings.patient.account_id == settings.user_id:
        return "/today/"
    return f"/patients/{settings.patient_id}/today/"


def _child(settings) -> str | None:
    return None if settings.patient.account_id == settings.user_id else settings.patient.display_name


def push_payload(settings) -> dict:
    child = _child(settings)
    if child:
        body = _("A minute for %(child)s's diary today?") % {"child": child}
    else:
        body = _("How did today go? Logging it takes about a minute.")
    return {"title": "Stride", "body": body, "url": today_path(settings), "tag": "stride-reminder"}


def email_context(settings) -> dict:
    link = site_link(today_path(settings))
    return {"name": settings.user.display_name, "child": _child(settings), "today_link": link}
