"""The treatment plan (docs/API.md, "Treatment plan"): its items, and the terms each item asked over time.

An item (`PlanItem`) is what the clinician named and explained, from `starts_on` until `ended_on` (exclusive). What it
asks (its dose, grading and days) lives in `PlanTerms` rows, each in force from its `valid_from` until the next: a
change of dose is a new row from the next day, so the past keeps the dose it had and every past figure is worked out
again exactly (diary.rules.plan does the arithmetic). Kind and title live on the item; each terms row repeats the kind
so that the database itself can refuse terms that do not fit it.

Every range is checked twice, as elsewhere: a validator (or `clean`) for a friendly message, a CheckConstraint in the
database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.timezone import now
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Patient
from diary.models.entries import range_message
from diary.rules import plan

TITLE_MAX_LENGTH = 80
INSTRUCTIONS_MAX_LENGTH = 1000
ALL_WEEKDAYS = plan.weekdays_to_mask(range(plan.MONDAY, plan.SUNDAY + 1))
# (field, lowest, highest) of the terms: checked by validators and by CheckConstraints.
TERMS_RANGES = {
    "amount": (1, plan.MAX_AMOUNT),
    "max_amount": (1, plan.MAX_AMOUNT),
    "step_amount": (0, plan.MAX_AMOUNT),
    "step_every_weeks": (0, plan.MAX_STEP_EVERY),
    "days_per_week": (1, plan.WEEK),
}


class PlanKind(models.TextChoices):
    """What an item is, with the words the Plan page shows."""

    EXERCISE = plan.EXERCISE, _("Exercise")
    DESENSITISATION = plan.DESENSITISATION, _("Touch practice")
    SESSION = plan.SESSION, _("Therapy session")
    ACTIVITY = plan.ACTIVITY, _("Everyday activity")
    SCHOOL = plan.SCHOOL, _("School")


class PlanUnit(models.TextChoices):
    MINUTES = plan.MINUTES, _("minutes")
    REPETITIONS = plan.REPETITIONS, _("repetitions")
    TIMES = plan.TIMES, _("times")


class SchoolLevel(models.TextChoices):
    PARTIAL = plan.PARTIAL, _("Part of the day")
    FULL = plan.FULL, _("Full day")


def _in_range(name):
    low, high = TERMS_RANGES[name]
    return [
        MinValueValidator(low, message=range_message(low, high)),
        MaxValueValidator(high, message=range_message(low, high)),
    ]


def validate_weekdays_mask(value):
    if value is not None and not 1 <= value <= ALL_WEEKDAYS:
        raise ValidationError(_("Choose one or more days of the week."))


class PlanItem(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    title = models.CharField(max_length=TITLE_MAX_LENGTH, validators=[MaxLengthValidator(TITLE_MAX_LENGTH)])
    instructions = models.TextField(blank=True, default="", validators=[MaxLengthValidator(INSTRUCTIONS_MAX_LENGTH)])
    starts_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="The first day it no longer runs (exclusive).")
    # Null once the writer's account is deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_item_kind_known"),
            models.CheckConstraint(condition=~Q(title=""), name="plan_item_title_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), TITLE_MAX_LENGTH), name="plan_item_title_length"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("instructions"), INSTRUCTIONS_MAX_LENGTH),
                name="plan_item_instructions_length",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")), name="plan_item_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["patient", "starts_on"], name="plan_item_patient_start")]

    def __str__(self):
        return f"{self.patient} {self.title}"

    def spec(self) -> plan.Item:
        """The item for diary.rules.plan's arithmetic, from its terms (prefetched, oldest first)."""
        return plan.Item(
            id=self.pk,
            kind=self.kind,
            starts_on=self.starts_on,
            ended_on=self.ended_on,
            terms=tuple(terms.spec() for terms in self.terms.all()),
            title=self.title,
        )

    def clean(self):
        if not (self.title or "").strip():
            raise ValidationError({"title": [gettext("Give the item a short name, such as “Brisk walk”.")]})


class PlanTerms(models.Model):
    """What an item asks from `valid_from` on: the dose (`amount`, graded by `step_amount` every `step_every_weeks`
    up to `max_amount`, in `unit`) and the days (`days_per_week`, or fixed `weekdays` as a mask, Monday 1 ... Sunday
    64); for school, the level."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="terms")
    valid_from = models.DateField()
    kind = models.CharField(max_length=20, choices=PlanKind.choices, help_text="The item's kind, for the checks.")
    unit = models.CharField(max_length=12, choices=PlanUnit.choices, null=True, blank=True)  # noqa: DJ001
    amount = models.PositiveSmallIntegerField(null=True, blank=True, validators=_in_range("amount"))
    step_amount = models.PositiveSmallIntegerField(default=0, validators=_in_range("step_amount"))
    step_every_weeks = models.PositiveSmallIntegerField(default=0, validators=_in_range("step_every_weeks"))
    max_amount = models.PositiveSmallIntegerField(null=True, blank=True, validators=_in_range("max_amount"))
    days_per_week = models.PositiveSmallIntegerField(null=True, blank=True, validators=_in_range("days_per_week"))
    weekdays = models.PositiveSmallIntegerField(null=True, blank=True, validators=[validate_weekdays_mask])
    school_level = models.CharField(max_length=10, choices=SchoolLevel.choices, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["valid_from"]
        verbose_name_plural = "plan terms"
        constraints = [
            models.UniqueConstraint(fields=["item", "valid_from"], name="plan_terms_one_per_day"),
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_terms_kind_known"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": low, f"{name}__lte": high}) | Q(**{f"{name}__isnull": True}),
                    name=f"plan_terms_{name}_range",
                )
                for name, (low, high) in TERMS_RANGES.items()
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=F("amount")), name="plan_terms_max_at_least"
            ),
            # A unit, an amount and a most come together, or not at all; without an amount there is nothing to grade.
            models.CheckConstraint(
                condition=Q(
                    unit__isnull=True, amount__isnull=True, max_amount__isnull=True, step_amount=0, step_every_weeks=0
                )
                | Q(unit__in=PlanUnit.values, amount__isnull=False, max_amount__isnull=False),
                name="plan_terms_dose_whole",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=plan.NO_AMOUNT) | Q(amount__isnull=True), name="plan_terms_no_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=plan.DOSED) | Q(amount__isnull=False), name="plan_terms_dosed_has_amount"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__isnull=True, weekdays__gte=1, weekdays__lte=ALL_WEEKDAYS)
                | Q(days_per_week__isnull=False, weekdays__isnull=True),
                name="plan_terms_days_one_way",
            ),
            models.CheckConstraint(
                condition=Q(kind=plan.SCHOOL, school_level__in=SchoolLevel.values, days_per_week__isnull=False)
                | (~Q(kind=plan.SCHOOL) & Q(school_level__isnull=True)),
                name="plan_terms_school_level",
            ),
        ]

    def __str__(self):
        return f"{self.item_id} from {self.valid_from}"

    def clean(self):  # noqa: C901 (one message per rule of docs/API.md)
        errors = {}
        dosed = self.amount is not None
        if self.kind in plan.NO_AMOUNT:
            if self.unit or dosed:
                errors["amount"] = [gettext("A therapy session or school takes no amount: it is done or not.")]
        elif self.kind in plan.DOSED and not (self.unit and dosed):
            errors["amount"] = [gettext("Give an amount and its unit, such as 15 minutes.")]
        elif bool(self.unit) != dosed:
            errors["amount"] = [gettext("Give both an amount and its unit, or neither.")]
        if dosed and self.max_amount is None:
            errors["max_amount"] = [gettext("Say the most it rises to.")]
        elif dosed and self.max_amount < self.amount:
            errors["max_amount"] = [gettext("The most must be at least the amount to start with.")]
        if not dosed and (self.step_amount or self.step_every_weeks):
            errors["step_amount"] = [gettext("Only an item with an amount can rise week by week.")]
        if (self.days_per_week is None) == (self.weekdays is None):
            errors["days_per_week"] = [gettext("Choose either how many days a week, or which days of the week.")]
        if self.kind == plan.SCHOOL:
            if not self.school_level:
                errors["school_level"] = [gettext("Choose part of the day or full days.")]
            if self.days_per_week is None:
                errors["days_per_week"] = [gettext("Say how many school days a week.")]
        elif self.school_level:
            errors["school_level"] = [gettext("Only a school item has a school level.")]
        if errors:
            raise ValidationError(errors)

    def spec(self) -> plan.Terms:
        return plan.Terms(
            valid_from=self.valid_from,
            unit=self.unit,
            amount=self.amount,
            step_amount=self.step_amount,
            step_every_weeks=self.step_every_weeks,
            max_amount=self.max_amount,
            days_per_week=self.days_per_week,
            weekdays=plan.mask_to_weekdays(self.weekdays),
            school_level=self.school_level,
        )


def check_plan_done(patient, day, ticks) -> None:
    """docs/API.md: each tick of `plan_done` names an item of this patient's plan that runs on `day` and is ticked there
    (school is counted from the entry's `school`), with an amount from 0 to 10 times the day's dose (1, done, for a
    session or an activity). Anything else is refused, every problem named, and the day stays as it was."""
    ids = [tick["item"] for tick in ticks]
    found = {item.pk: item for item in PlanItem.objects.filter(patient=patient, pk__in=ids).prefetch_related("terms")}
    unknown = [str(item_id) for item_id in ids if item_id not in found]
    problems = []
    if unknown:
        problems.append(
            gettext("Only this plan's own items can be ticked: not %(items)s.") % {"items": ", ".join(unknown)}
        )
    for tick in ticks:
        item = found.get(tick["item"])
        if item is None:
            continue
        spec, title = item.spec(), item.title
        most = plan.highest_tick(spec, day)
        if item.kind == plan.SCHOOL:
            problems.append(
                gettext("“%(title)s” is counted from the day's school answer: no tick is needed.") % {"title": title}
            )
        elif item.ended_on is not None and day >= item.ended_on:
            problems.append(gettext("“%(title)s” has ended, so it can't be ticked on this day.") % {"title": title})
        elif day < item.starts_on:
            problems.append(gettext("“%(title)s” hadn't started yet on this day.") % {"title": title})
        elif tick["amount"] > most and item.kind in plan.DONE_OR_NOT:
            problems.append(gettext("“%(title)s” is ticked with 1 for done, or 0.") % {"title": title})
        elif tick["amount"] > most:
            values = {"title": title, "most": most}
            problems.append(gettext("“%(title)s”: at most %(most)s on this day (10 times the day's amount).") % values)
    if problems:
        raise ValidationError({"plan_done": problems})
