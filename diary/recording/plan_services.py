"""Writes to the treatment plan (docs/API.md, "Treatment plan"): clinicians on the care team add, change and end items.

Every write asks the viewer's policy (`Access.can_write_plan`) first, works in one transaction, leaves the day's
figures of the past as they were (a change of what an item asks is new terms from the patient's tomorrow), and is
written in the patient's access log under the writer's name (and clinic): "plan added 12", "plan changed 12" (its
words), "plan dose 12" (its dose or days, from tomorrow), "plan ended 12".
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from accounts.access import Access
from accounts.access_log import record_reads
from accounts.errors import NotVisible
from accounts.models import AccessLogEntry, User
from diary.models import DailyEntry, PlanItem, PlanTerms
from diary.reading.dashboard import mark_changed
from diary.rules import plan

WORDS = ("title", "instructions")
TERMS = (
    "unit",
    "amount",
    "step_amount",
    "step_every_weeks",
    "max_amount",
    "days_per_week",
    "weekdays",
    "school_level",
)
LATEST_START = datetime.timedelta(days=366)  # an item may be written ahead, up to a year


def require_plan_writer(access: Access) -> None:
    if not access.can_write_plan:
        raise PermissionDenied(_("Only a clinician on the care team can change the treatment plan."))


def _log(access: Access, actor: User, change: str, item: PlanItem) -> None:
    record_reads(
        actor=actor,
        patient_ids=[access.patient.pk],
        reading=f"plan {change} {item.pk}",
        action=AccessLogEntry.Action.CHANGE,
        clinics={access.patient.pk: access.clinic},
    )


def _check_start(access: Access, starts_on: datetime.date) -> None:
    patient = access.patient
    if starts_on < patient.birth_date:
        raise ValidationError({"starts_on": [_("That day is before the birth date on this profile.")]})
    if starts_on > patient.today() + LATEST_START:
        raise ValidationError({"starts_on": [_("Choose a start within the next year.")]})


def _terms_values(values: Mapping, *, kind: str, base: Mapping | None = None) -> dict:
    """The terms an item asks, from the fields given over `base` (the terms in force): days one way or the other,
    weekdays as their mask, and a most that follows the amount of a dose that does not rise."""
    terms = {name: (base or {}).get(name) for name in TERMS}
    terms.update({name: values[name] for name in TERMS if name in values})
    if values.get("days_per_week") is not None and values.get("weekdays"):
        raise ValidationError({"days_per_week": [_("Choose either how many days a week, or which days of the week.")]})
    if values.get("days_per_week") is not None:
        terms["weekdays"] = None
    elif values.get("weekdays"):
        terms["days_per_week"] = None
    terms["step_amount"] = terms["step_amount"] or 0
    terms["step_every_weeks"] = terms["step_every_weeks"] or 0
    rises = terms["step_amount"] and terms["step_every_weeks"]
    if terms["amount"] is None:
        terms["max_amount"] = None
    elif values.get("max_amount") is None and not rises:
        terms["max_amount"] = terms["amount"]  # a dose that does not rise: its most is its amount
    elif values.get("max_amount") is None and ("max_amount" in values or terms["max_amount"] is None):
        raise ValidationError({"max_amount": [_("Say the most it rises to.")]})
    if isinstance(terms["weekdays"], list | tuple):
        terms["weekdays"] = plan.weekdays_to_mask(terms["weekdays"]) if terms["weekdays"] else None
    return {**terms, "kind": kind}


def _save(model) -> None:
    model.full_clean(validate_unique=False, validate_constraints=False)
    model.save()


@transaction.atomic
def create_item(access: Access, *, values: Mapping, actor: User) -> PlanItem:
    """A new item from `starts_on` (default: the patient's today), with its first terms from that day."""
    require_plan_writer(access)
    starts_on = values.get("starts_on") or access.patient.today()
    _check_start(access, starts_on)
    at = now()
    item = PlanItem(
        patient=access.patient,
        kind=values["kind"],
        title=(values.get("title") or "").strip(),
        instructions=(values.get("instructions") or "").strip(),
        starts_on=starts_on,
        created_by=actor,
        created_at=at,
        updated_by=actor,
        updated_at=at,
    )
    terms = PlanTerms(valid_from=starts_on, created_at=at, **_terms_values(values, kind=item.kind))
    _check_item_and_terms(item, terms)
    item.save()
    terms.item = item
    terms.save()
    _log(access, actor, "added", item)
    mark_changed(access.patient.pk)
    return item


def _check_item_and_terms(item: PlanItem, terms: PlanTerms) -> None:
    """Both checked before either is saved, so every problem is named in one answer."""
    errors = {}
    for model, exclude in ((item, ["patient"]), (terms, ["item"])):
        try:
            model.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def _item_of(access: Access, item_id: int) -> PlanItem:
    item = PlanItem.objects.select_for_update().filter(patient=access.patient, pk=item_id).first()
    if item is None:
        raise NotVisible(_("No such plan item."))
    return item


def _current_terms(item: PlanItem) -> PlanTerms:
    return item.terms.latest("valid_from")  # an item is made with its first terms


@transaction.atomic
def update_item(access: Access, item_id: int, changes: Mapping, *, actor: User) -> PlanItem:
    """Changes an item's words at once, and what it asks (dose, grading, days, school level) from the patient's
    tomorrow on: new terms from that day, the past keeping its own. An item that has not started yet may move its
    start, and then its terms start with it (it has no past to keep)."""
    require_plan_writer(access)
    item = _item_of(access, item_id)
    today = access.patient.today()
    if "kind" in changes and changes["kind"] != item.kind:
        raise ValidationError({"kind": [_("An item's kind can't change: end it and add a new one.")]})
    if item.ended_on is not None and item.ended_on <= today:
        raise ValidationError({"detail": [_("This item has ended: add a new one instead.")]})
    moved = "starts_on" in changes and changes["starts_on"] != item.starts_on
    if moved and item.starts_on <= today:
        raise ValidationError(
            {"starts_on": [_("This item has started, so its start can't move: end it and add a new one.")]}
        )
    if moved:
        _check_start(access, changes["starts_on"])
    words = {
        name: changes[name].strip()
        for name in WORDS
        if name in changes and changes[name].strip() != getattr(item, name)
    }
    current = _current_terms(item)
    old = {name: getattr(current, name) for name in TERMS}
    new = _terms_values(changes, kind=item.kind, base=old)
    dose_changed = any(new[name] != old[name] for name in TERMS) or moved
    if not (words or dose_changed):
        return item
    at = now()
    for name, value in words.items():
        setattr(item, name, value)
    item.updated_by, item.updated_at = actor, at
    if moved:
        item.starts_on = changes["starts_on"]
        item.terms.all().delete()
        terms = PlanTerms(item=item, valid_from=item.starts_on, created_at=at, **new)
    else:
        valid_from = max(today + datetime.timedelta(days=1), item.starts_on)
        terms = item.terms.filter(valid_from=valid_from).first() or PlanTerms(item=item, valid_from=valid_from)
        for name, value in new.items():
            setattr(terms, name, value)
        terms.created_at = at
    _check_item_and_terms(item, terms)
    item.save()
    if dose_changed:
        terms.save()
        _log(access, actor, "dose", item)
    if words:
        _log(access, actor, "changed", item)
    mark_changed(access.patient.pk)
    return item


@transaction.atomic
def end_item(access: Access, item_id: int, *, actor: User) -> None:
    """Ends an item today (`ended_on`, the first day it no longer runs), in the patient's day; one that has not
    started yet ends before it ran. It stays in the plan's history and in every figure of the days it ran; a tick of
    it on a day it no longer runs (today's) leaves that day, as a new version of the entry. Ending it again changes
    nothing."""
    require_plan_writer(access)
    item = _item_of(access, item_id)
    if item.ended_on is not None:
        return
    item.ended_on = max(access.patient.today(), item.starts_on)
    item.updated_by, item.updated_at = actor, now()
    _save(item)
    ticked = [
        entry
        for entry in DailyEntry.objects.select_for_update().filter(patient=access.patient, date__gte=item.ended_on)
        if any(tick["item"] == item.pk for tick in entry.plan_done)
    ]
    for entry in ticked:
        entry.plan_done = [tick for tick in entry.plan_done if tick["item"] != item.pk]
        entry.version += 1
        entry.updated_at = item.updated_at
    DailyEntry.objects.bulk_update(ticked, ["plan_done", "version", "updated_at"])
    _log(access, actor, "ended", item)
    mark_changed(access.patient.pk)
