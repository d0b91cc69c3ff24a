from functools import reduce
from operator import add

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Patient
from diary.models.entries import check_diary_day
from diary.vocabularies import FDI_ACTIVITIES, FunctionBand

ANSWER_FIELDS = tuple(name for name, _ in FDI_ACTIVITIES)
ANSWER_MESSAGE = _("Use 0 (no trouble) to 4 (impossible).")


def _answer_field(name):
    return models.PositiveSmallIntegerField(
        verbose_name=dict(FDI_ACTIVITIES)[name],
        validators=[MinValueValidator(0, message=ANSWER_MESSAGE), MaxValueValidator(4, message=ANSWER_MESSAGE)],
    )


def _constraints():
    checks = [
        models.CheckConstraint(condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 4}), name=f"fdi_{name}_range")
        for name in ANSWER_FIELDS
    ]
    # The stored total exists for queries and summaries; the database keeps it equal to the answers.
    total = reduce(add, (F(name) for name in ANSWER_FIELDS))
    checks.append(models.CheckConstraint(condition=Q(total=total), name="fdi_total_is_sum"))
    checks.append(models.UniqueConstraint(fields=["patient", "date"], name="one_checkin_per_patient_per_day"))
    return checks


class FunctionCheckin(models.Model):
    """A weekly Functional Disability Inventory: 15 activities, each 0 (no trouble) to 4 (impossible)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField()
    walking_to_bathroom = _answer_field("walking_to_bathroom")
    walking_up_stairs = _answer_field("walking_up_stairs")
    time_with_friend = _answer_field("time_with_friend")
    chores = _answer_field("chores")
    regular_meals = _answer_field("regular_meals")
    up_all_day = _answer_field("up_all_day")
    bus_or_car = _answer_field("bus_or_car")
    school_all_day = _answer_field("school_all_day")
    gym_or_sports = _answer_field("gym_or_sports")
    reading_homework = _answer_field("reading_homework")
    watching_tv = _answer_field("watching_tv")
    walking_field = _answer_field("walking_field")
    running_field = _answer_field("running_field")
    shopping = _answer_field("shopping")
    sleeping = _answer_field("sleeping")
    total = models.PositiveSmallIntegerField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = _constraints()

    def __str__(self):
        return f"{self.patient} {self.date} FDI {self.total}"

    @property
    def answers(self):
        return [getattr(self, name) for name in ANSWER_FIELDS]

    @answers.setter
    def answers(self, values):
        for name, value in zip(ANSWER_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.total = sum(values)

    @property
    def band(self):
        return FunctionBand.for_total(self.total)

    def clean(self):
        check_diary_day(self.patient, self.date)
