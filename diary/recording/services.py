"""Writes to the diary. Forms and the API both come through here, so the rules are checked once."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import Access
from accounts.errors import NotVisible
from accounts.models import User
from diary.models import MAX_ACTIVE_GOALS, DailyEntry, FunctionCheckin, Goal

ENTRY_FIELDS = (
    "function",
    "pain",
    "sleep_hours",
    "sleep_quality",
    "mood",
    "fatigue",
    "exercise_minutes",
    "school",
    "symptoms",
    "pain_locations",
    "therapies",
    "note",
    "note_private",
    "goals_done",
    "plan_done",
)
# Fields a full save (PUT) leaves as they were when the body does not name them: the plan's ticks came after the
# first clients, which PUT whole days without them and must not wipe ticks made elsewhere. `[]` clears them.
KEPT_UNLESS_GIVEN = ("plan_done",)
GOAL_CHANGES = ("title", "target", "active")


class EntryVersionMismatch(Exception):
    """The caller edited a version of the entry that is no longer the current one."""

    def __init__(self, current_version):
        super().__init__(f"current version is {current_version}")
        self.current_version = current_version


class EntryNotFound(Exception):
    pass


def _blank_values():
    blank = DailyEntry()
    return {field: getattr(blank, field) for field in ENTRY_FIELDS if field not in KEPT_UNLESS_GIVEN}


def _version_matches(entry, expected_version):
    """If-Match semantics: no condition, "*" (the entry must exist), or an exact version."""
    if expected_version is None:
        return True
    if entry is None:
        return False
    return expected_version == "*" or entry.version == expected_version


def _require_write(access):
    if not access.can_write:
        raise PermissionDenied(_("You can read this diary, but only its owner can change it."))


def save_entry(access, day, values, *, actor, expected_version=None, partial=False):
    """Creates or changes the entry for `day`; returns (entry, created).

    A full save (PUT) replaces every field, a partial one (PATCH) only those given. `expected_version`
    comes from If-Match: a mismatch raises EntryVersionMismatch and nothing is written. Saving the same
    values again changes nothing, so a replayed request is harmless.
    """
    _require_write(access)
    return _again_if_raced(_save_entry, access.patient, day, values, actor, expected_version, partial)


def _again_if_raced(save, *args):
    try:
        return save(*args)
    except IntegrityError:
        # Two first saves of the same day raced; the loser retries as a change of the winner's record.
        return save(*args)


@transaction.atomic
def _save_entry(patient, day, values, actor, expected_version, partial):
    found = DailyEntry.objects.select_for_update().filter(patient=patient, date=day).first()
    if not _version_matches(found, expected_version):
        raise EntryVersionMismatch(found.version if found else None)
    created = found is None
    if found is None and partial:
        raise EntryNotFound()
    entry = found or DailyEntry(date=day)
    entry.patient = patient  # the access's own row: clean() reads it, and would load it again
    new_values = {} if partial else _blank_values()
    new_values.update({field: values[field] for field in ENTRY_FIELDS if field in values})
    changed = [field for field, value in new_values.items() if created or getattr(entry, field) != value]
    if not changed:
        return entry, False
    if entry.entered_by_id != actor.pk:
        changed.append("entered_by")
    for field, value in new_values.items():
        setattr(entry, field, value)
    entry.entered_by = actor
    # Whether the patient and the writer exist is no question: both came with the request (a query each, otherwise).
    entry.full_clean(exclude=["patient", "entered_by"], validate_unique=False, validate_constraints=False)
    if created:
        entry.save()
    else:
        entry.version += 1
        # Only what changed: the day and the patient stay, and writing them again rewrote their indexes each time.
        entry.save(update_fields=[*changed, "version", "updated_at"])
    return entry, created


@transaction.atomic
def delete_entry(access, day, *, expected_version=None):
    _require_write(access)
    entry = DailyEntry.objects.select_for_update().filter(patient=access.patient, date=day).first()
    if entry is None:
        raise EntryNotFound()
    if not _version_matches(entry, expected_version):
        raise EntryVersionMismatch(entry.version)
    entry.delete()


def save_checkin(access, day, answers, *, actor):
    """Creates or replaces the weekly function check-in of `day`; returns (checkin, created).

    Like an entry, a check-in is addressed by its date, so sending the same answers again is harmless.
    """
    _require_write(access)
    return _again_if_raced(_save_checkin, access.patient, day, answers, actor)


@transaction.atomic
def _save_checkin(patient, day, answers, actor):
    found = FunctionCheckin.objects.select_for_update().filter(patient=patient, date=day).first()
    created = found is None
    if found is not None and found.answers == list(answers):
        return found, False
    checkin = found or FunctionCheckin(patient=patient, date=day)
    checkin.answers = answers
    checkin.entered_by = actor
    checkin.full_clean(validate_unique=False, validate_constraints=False)
    checkin.save()
    return checkin, created


# Weekly goals (docs/API.md, version 1.1): the teen or a managing parent writes them, like entries.


def _check_room_for(patient, *, leaving_out: int | None = None) -> None:
    active = Goal.objects.filter(patient=patient, active=True)
    if leaving_out is not None:
        active = active.exclude(pk=leaving_out)
    if active.count() >= MAX_ACTIVE_GOALS:
        message = ngettext(
            "You can have %(count)s goal at a time. Stop one to start another.",
            "You can have %(count)s goals at a time. Stop one to start another.",
            MAX_ACTIVE_GOALS,
        )
        raise ValidationError({"detail": [message % {"count": MAX_ACTIVE_GOALS}]})


@transaction.atomic
def create_goal(access: Access, *, title: str, measure: str, target: int, actor: User) -> Goal:
    """A new weekly goal, active from this week; at most MAX_ACTIVE_GOALS are active at once."""
    _require_write(access)
    # Locks the patient's row, so two goals sent at once cannot both take the last place.
    type(access.patient).objects.select_for_update().filter(pk=access.patient.pk).first()
    _check_room_for(access.patient)
    goal = Goal(patient=access.patient, title=title.strip(), measure=measure, target=target, created_by=actor)
    goal.full_clean()
    goal.save()
    return goal


def _goal_of(patient, goal_id: int, *, lock: bool = False) -> Goal:
    goals = Goal.objects.select_for_update() if lock else Goal.objects
    goal = goals.filter(patient=patient, pk=goal_id).first()
    if goal is None:
        raise NotVisible(_("No such goal."))
    return goal


@transaction.atomic
def update_goal(access: Access, goal_id: int, changes: Mapping[str, object]) -> Goal:
    """Changes a goal's title, target or whether it is active (stopped goals keep their weeks)."""
    _require_write(access)
    type(access.patient).objects.select_for_update().filter(pk=access.patient.pk).first()
    goal = _goal_of(access.patient, goal_id, lock=True)
    if changes.get("active") and not goal.active:
        _check_room_for(access.patient, leaving_out=goal.pk)
    for field in GOAL_CHANGES:
        if field in changes:
            value = changes[field]
            setattr(goal, field, value.strip() if isinstance(value, str) else value)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def delete_goal(access: Access, goal_id: int) -> None:
    """Deletes a goal; a `custom` one leaves the days it was ticked on (each such entry is a new version)."""
    _require_write(access)
    goal = _goal_of(access.patient, goal_id, lock=True)
    ticked = [
        entry
        for entry in DailyEntry.objects.select_for_update().filter(patient=access.patient).exclude(goals_done=[])
        if goal.pk in entry.goals_done
    ]
    changed_at = now()
    for entry in ticked:
        entry.goals_done = [other for other in entry.goals_done if other != goal.pk]
        entry.version += 1
        entry.updated_at = changed_at
    DailyEntry.objects.bulk_update(ticked, ["goals_done", "version", "updated_at"])
    goal.delete()
