from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.timezone import now
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Patient
from diary.rules import goals
from diary.vocabularies import GoalMeasure

TITLE_MAX_LENGTH = 80
MAX_ACTIVE_GOALS = 5  # "a few": Today shows each one, and Today stays quick
TARGET_MESSAGE = _("Use a whole number of at least 1.")


class Goal(models.Model):
    """A weekly goal of one patient: `target` of `measure` each Monday-to-Sunday week (diary.rules.goals does the
    counting).

    The target's range is checked twice, like every range: a validator for a friendly message (`clean`, which knows
    the measure's cap) and CheckConstraints in the database.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, validators=[MaxLengthValidator(TITLE_MAX_LENGTH)])
    measure = models.CharField(max_length=20, choices=GoalMeasure.choices)
    target = models.PositiveIntegerField(validators=[MinValueValidator(1, message=TARGET_MESSAGE)])
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1), name="goal_target_positive"),
            models.CheckConstraint(
                condition=Q(target__lte=goals.max_target(goals.EXERCISE_MINUTES))
                & (Q(measure=goals.EXERCISE_MINUTES) | Q(target__lte=goals.MAX_DAYS_TARGET)),
                name="goal_target_fits_a_week",
            ),
            models.CheckConstraint(condition=Q(measure__in=GoalMeasure.values), name="goal_measure_known"),
            models.CheckConstraint(condition=~Q(title=""), name="goal_title_not_blank"),
        ]

    def __str__(self):
        return f"{self.patient} {self.title}"

    def clean(self):
        if self.measure in GoalMeasure.values and self.target is not None:
            highest = goals.max_target(self.measure)
            if self.target > highest:
                numbers = {"highest": formats.number_format(highest, force_grouping=True)}
                if self.measure == goals.EXERCISE_MINUTES:
                    message = ngettext(
                        "A week holds at most %(highest)s minute: use %(highest)s or fewer.",
                        "A week holds at most %(highest)s minutes: use %(highest)s or fewer.",
                        highest,
                    )
                else:
                    message = ngettext(
                        "A week holds at most %(highest)s day: use %(highest)s or fewer.",
                        "A week holds at most %(highest)s days: use %(highest)s or fewer.",
                        highest,
                    )
                raise ValidationError({"target": [message % numbers]})
        if not (self.title or "").strip():
            message = gettext("Give the goal a short name, such as “Physio exercises”.")
            raise ValidationError({"title": [message]})

    def spec(self, patient: Patient) -> goals.GoalSpec:
        """The goal for diary.rules.goals' arithmetic; `since` is the day it was set, in `patient`'s (its own) time
        zone."""
        return goals.GoalSpec(
            id=self.pk,
            measure=self.measure,
            target=self.target,
            title=self.title,
            since=patient.today(self.created_at),
        )
