import copy
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Patient
from diary.models.goals import Goal
from diary.vocabularies import GoalMeasure, PainLocation, School, Symptom, Therapy

NOTE_MAX_LENGTH = 2000

# (field, lowest, highest): each range is checked by a validator for a friendly message and by a
# CheckConstraint so that no code path can store a value outside it.
ENTRY_RANGES = {
    "pain": (0, 10),
    "function": (0, 10),
    "sleep_hours": (0, 24),
    "sleep_quality": (1, 5),
    "mood": (1, 5),
    "fatigue": (0, 10),
    "exercise_minutes": (0, 1440),
}
CODE_LISTS = {"symptoms": Symptom, "pain_locations": PainLocation, "therapies": Therapy}


def _range_message(low, high):
    return gettext("Use a number from %(low)s to %(high)s.") % {"low": low, "high": high}


# Worked out when the message is shown, in the language of the request that gets it.
range_message = lazy(_range_message, str)


def in_range(field):
    low, high = ENTRY_RANGES[field]
    return [
        MinValueValidator(low, message=range_message(low, high)),
        MaxValueValidator(high, message=range_message(low, high)),
    ]


def validate_quarter_hours(value):
    if value is not None and (Decimal(value) * 4) % 1 != 0:
        raise ValidationError(_("Use quarter hours, such as 7.25 or 8.5."))


@deconstructible
class CodeListValidator:
    """A list of distinct codes from one vocabulary (a TextChoices class)."""

    def __init__(self, vocabulary):
        self.vocabulary = vocabulary

    def __call__(self, value):
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(_("Send a list of codes."))
        unknown = sorted(set(value) - set(self.vocabulary.values))
        if unknown:
            raise ValidationError(_("Unknown code: %(codes)s."), params={"codes": ", ".join(unknown)})
        if len(set(value)) != len(value):
            raise ValidationError(_("Each code may appear once."))

    def __eq__(self, other):
        return isinstance(other, CodeListValidator) and other.vocabulary is self.vocabulary


def validate_goal_ids(value):
    """The shape of `goals_done`: a list of distinct goal ids. Whose goals they are is checked in `clean`."""
    if not isinstance(value, list) or not all(type(goal) is int and goal > 0 for goal in value):
        raise ValidationError(_("Send a list of goal ids."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Each goal may appear once."))


def check_goals_done(patient, goal_ids):
    """docs/API.md: `goals_done` holds ids of this patient's own `custom` goals (a stopped one too), nothing else."""
    if not goal_ids:
        return
    known = set(
        Goal.objects.filter(patient=patient, measure=GoalMeasure.CUSTOM, pk__in=goal_ids).values_list("pk", flat=True)
    )
    unknown = sorted(set(goal_ids) - known)
    if unknown:
        listed = ", ".join(str(goal) for goal in unknown)
        message = gettext("Only this diary's own tick-on-Today goals can be ticked: not %(goals)s.") % {"goals": listed}
        raise ValidationError({"goals_done": [message]})


def _ticks_well_formed(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(tick, dict)
        and set(tick) == {"item", "amount"}
        and type(tick["item"]) is int
        and tick["item"] > 0
        and type(tick["amount"]) is int
        for tick in value
    )


def validate_plan_done(value):
    """The shape of `plan_done`: a list of `{item, amount}`, each item once. Whose items they are, whether they run
    that day and how much is too much is checked in `clean` (diary.models.plan.check_plan_done)."""
    if not _ticks_well_formed(value):
        raise ValidationError(_("Send a list of {item, amount}."))
    if any(tick["amount"] < 0 for tick in value):
        raise ValidationError(_("An amount can't be below 0."))
    if len({tick["item"] for tick in value}) != len(value):
        raise ValidationError(_("Each plan item may appear once."))


def check_diary_day(patient, day):
    """A diary records days that have happened, in the patient's own time zone, and not before birth."""
    if day and day > patient.today():
        raise ValidationError({"date": [gettext("That day hasn't happened yet. You can log today or an earlier day.")]})
    if day and day < patient.birth_date:
        raise ValidationError({"date": [gettext("That day is before the birth date on this profile.")]})


def _range_constraints():
    checks = []
    for field, (low, high) in ENTRY_RANGES.items():
        condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
        if field not in ("pain", "function"):
            condition |= Q(**{f"{field}__isnull": True})
        checks.append(models.CheckConstraint(condition=condition, name=f"entry_{field}_range"))
    return checks


TICKS = ("goals_done", "plan_done")  # checked against the goals and the plan


class DailyEntry(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField()
    function = models.PositiveSmallIntegerField(validators=in_range("function"))
    pain = models.PositiveSmallIntegerField(validators=in_range("pain"))
    sleep_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[*in_range("sleep_hours"), validate_quarter_hours],
    )
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True, validators=in_range("sleep_quality"))
    mood = models.PositiveSmallIntegerField(null=True, blank=True, validators=in_range("mood"))
    fatigue = models.PositiveSmallIntegerField(null=True, blank=True, validators=in_range("fatigue"))
    exercise_minutes = models.PositiveSmallIntegerField(null=True, blank=True, validators=in_range("exercise_minutes"))
    school = models.CharField(max_length=10, choices=School.choices, null=True, blank=True)  # noqa: DJ001
    symptoms = models.JSONField(default=list, blank=True, validators=[CodeListValidator(Symptom)])
    pain_locations = models.JSONField(default=list, blank=True, validators=[CodeListValidator(PainLocation)])
    therapies = models.JSONField(default=list, blank=True, validators=[CodeListValidator(Therapy)])
    note = models.TextField(blank=True, default="", validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    note_private = models.BooleanField(default=False)
    goals_done = models.JSONField(default=list, blank=True, validators=[validate_goal_ids])
    # What was done of the treatment plan that day (docs/API.md, "Treatment plan"): [{item, amount}].
    plan_done = models.JSONField(default=list, blank=True, validators=[validate_plan_done])
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="one_entry_per_patient_per_day"),
            *_range_constraints(),
            models.CheckConstraint(
                condition=Q(school__in=School.values) | Q(school__isnull=True), name="entry_school_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH), name="entry_note_length"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="entry_version_positive"),
        ]
        verbose_name_plural = "daily entries"

    def __str__(self):
        return f"{self.patient} {self.date}"

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        # The day's ticks as stored (a copy: a list changed in place must not look unchanged), so that `clean` checks
        # against other tables only what a save changes: three queries on every save of a day with ticks, and a goal
        # or plan changed since would otherwise stop a teen from changing that day's pain.
        stored = dict(zip(field_names, values, strict=True))
        entry._stored_ticks = {name: copy.deepcopy(stored[name]) for name in TICKS if name in stored}
        return entry

    def _ticks_unchanged(self, name: str) -> bool:
        stored = getattr(self, "_stored_ticks", {})
        return name in stored and stored[name] == getattr(self, name)

    def clean(self):
        check_diary_day(self.patient, self.date)
        goals_done = self.goals_done
        well_formed = isinstance(goals_done, list) and all(type(goal) is int for goal in goals_done)
        if well_formed and not self._ticks_unchanged("goals_done"):
            check_goals_done(self.patient, goals_done)
        if self.plan_done and _ticks_well_formed(self.plan_done) and not self._ticks_unchanged("plan_done"):
            # Imported here: the plan's models import this module.
            from diary.models.plan import check_plan_done

            check_plan_done(self.patient, self.date, self.plan_done)
