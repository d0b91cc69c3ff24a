"""The codes the API uses, from PRODUCT.md. Labels are what a 12-year-old reads; where a plain word stands for a
clinical term, `HINTS` keeps the term, so a teen can match it to what the clinic calls it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from diary.rules import attention, goals, trends


class School(models.TextChoices):
    FULL = "full", _("Full day")
    PARTIAL = "partial", _("Part of the day")
    MISSED = "missed", _("Missed school")
    NONE = "none", _("No school")


class Symptom(models.TextChoices):
    FATIGUE = "fatigue", _("Tired")
    TROUBLE_SLEEPING = "trouble_sleeping", _("Trouble sleeping")
    HEADACHE = "headache", _("Headache")
    ABDOMINAL_PAIN = "abdominal_pain", _("Tummy pain")
    DIZZINESS = "dizziness", _("Dizzy")
    RACING_HEART = "racing_heart", _("Racing heart")
    COLOR_CHANGE = "color_change", _("Skin cold, blue or blotchy")
    SWELLING = "swelling", _("Swelling")
    SWEATING = "sweating", _("Sweating")
    TOUCH_SENSITIVITY = "touch_sensitivity", _("Light touch hurts")
    STIFFNESS = "stiffness", _("Stiff")
    NAUSEA = "nausea", _("Sick to my stomach")
    ANXIOUS = "anxious", _("Worried or anxious")
    LOW_MOOD = "low_mood", _("Low mood")


class PainLocation(models.TextChoices):
    HEAD = "head", _("Head")
    JAW = "jaw", _("Jaw")
    NECK = "neck", _("Neck")
    CHEST = "chest", _("Chest")
    ABDOMEN = "abdomen", _("Tummy")
    UPPER_BACK = "upper_back", _("Upper back")
    LOWER_BACK = "lower_back", _("Lower back")
    LEFT_SHOULDER = "left_shoulder", _("Left shoulder")
    RIGHT_SHOULDER = "right_shoulder", _("Right shoulder")
    LEFT_ARM = "left_arm", _("Left arm")
    RIGHT_ARM = "right_arm", _("Right arm")
    LEFT_HAND = "left_hand", _("Left hand")
    RIGHT_HAND = "right_hand", _("Right hand")
    LEFT_HIP = "left_hip", _("Left hip")
    RIGHT_HIP = "right_hip", _("Right hip")
    LEFT_LEG = "left_leg", _("Left leg")
    RIGHT_LEG = "right_leg", _("Right leg")
    LEFT_KNEE = "left_knee", _("Left knee")
    RIGHT_KNEE = "right_knee", _("Right knee")
    LEFT_FOOT = "left_foot", _("Left foot")
    RIGHT_FOOT = "right_foot", _("Right foot")
    WHOLE_BODY = "whole_body", _("All over")


class Therapy(models.TextChoices):
    PHYSICAL_THERAPY = "physical_therapy", _("Physical therapy")
    OCCUPATIONAL_THERAPY = "occupational_therapy", _("Everyday skills")
    PSYCHOLOGY = "psychology", _("Talking therapy")
    HOME_EXERCISE = "home_exercise", _("Exercises at home")
    AEROBIC_EXERCISE = "aerobic_exercise", _("Heart-pumping exercise")
    RELAXATION = "relaxation", _("Relaxing, calm breathing")
    DESENSITIZATION = "desensitization", _("Touch practice")


# The clinical term behind a plain label, shown beside it as a hint (chips on Today, the printed summary's key).
HINTS = {
    "symptoms": {
        Symptom.RACING_HEART: _("Palpitations"),
        Symptom.COLOR_CHANGE: _("Colour or temperature changes"),
        Symptom.TOUCH_SENSITIVITY: _("Allodynia"),
        Symptom.NAUSEA: _("Nausea"),
    },
    "therapies": {
        Therapy.OCCUPATIONAL_THERAPY: _("Occupational therapy (OT)"),
        Therapy.PSYCHOLOGY: _("Psychology or counselling"),
        Therapy.AEROBIC_EXERCISE: _("Aerobic exercise"),
        Therapy.RELAXATION: _("Relaxation"),
        Therapy.DESENSITIZATION: _("Desensitization"),
    },
}


class SymptomGroup(models.TextChoices):
    """How Today groups the symptoms, each group folded away behind one tap."""

    BODY = "body", pgettext_lazy("symptom group", "Body, and where it hurt")
    SLEEP_ENERGY = "sleep_energy", pgettext_lazy("symptom group", "Sleep and energy")
    FEELINGS = "feelings", pgettext_lazy("symptom group", "Feelings")


SYMPTOM_GROUPS = {
    SymptomGroup.BODY: (
        Symptom.HEADACHE,
        Symptom.ABDOMINAL_PAIN,
        Symptom.STIFFNESS,
        Symptom.TOUCH_SENSITIVITY,
        Symptom.SWELLING,
        Symptom.COLOR_CHANGE,
        Symptom.SWEATING,
        Symptom.DIZZINESS,
        Symptom.RACING_HEART,
        Symptom.NAUSEA,
    ),
    SymptomGroup.SLEEP_ENERGY: (Symptom.FATIGUE, Symptom.TROUBLE_SLEEPING),
    SymptomGroup.FEELINGS: (Symptom.ANXIOUS, Symptom.LOW_MOOD),
}


def with_hints(field, choices):
    """`(code, label, hint)` for each of `choices`, the hint None where the label needs none."""
    hints = HINTS.get(field, {})
    return [(code, label, hints.get(code)) for code, label in choices]


class GoalMeasure(models.TextChoices):
    """What a weekly goal counts (docs/API.md, "Weekly goals"), with the words the Goals page shows."""

    EXERCISE_MINUTES = goals.EXERCISE_MINUTES, _("Minutes of exercise in the week")
    SCHOOL_DAYS = goals.SCHOOL_DAYS, _("Days at school (full or part of the day)")
    THERAPY_DAYS = goals.THERAPY_DAYS, _("Days with something for your treatment")
    LOGGED_DAYS = goals.LOGGED_DAYS, _("Days you log in Stride")
    CUSTOM = goals.CUSTOM, _("Something else: you tick it on Today")


class FunctionBand(models.TextChoices):
    """Bands of the Functional Disability Inventory total (Kashikar-Zuck and others, 2011)."""

    MINIMAL = "minimal", _("Little or no trouble with everyday activities")
    MODERATE = "moderate", _("Some trouble with everyday activities")
    SEVERE = "severe", _("A lot of trouble with everyday activities")

    @classmethod
    def for_total(cls, total):
        if total <= 12:
            return cls.MINIMAL
        return cls.MODERATE if total <= 29 else cls.SEVERE


class InsightStatus(models.TextChoices):
    """The function-first insight's status (docs/API.md), with the words a clinician reads on Clinic outcomes."""

    NOT_ENOUGH_DATA = trends.NOT_ENOUGH_DATA, _("Not enough data yet")
    FUNCTION_FIRST = trends.FUNCTION_FIRST, _("Function improved first, then pain")
    PAIN_FIRST = trends.PAIN_FIRST, _("Pain improved first, then function")
    TOGETHER = trends.TOGETHER, _("Function and pain improved together")
    FUNCTION_IMPROVING = trends.FUNCTION_IMPROVING, _("Function improved, pain not yet")
    PAIN_IMPROVING = trends.PAIN_IMPROVING, _("Pain improved, function not yet")
    NO_CHANGE_YET = trends.NO_CHANGE_YET, _("Neither improved by 2 points yet")


class Flag(models.TextChoices):
    """The care team's flags (diary.rules.attention), named for the clinic list's filter. A flag on a patient says its
    own exact count in words (diary.reading.words.flag_message); these are the names of the kinds."""

    NO_RECENT_ENTRY = attention.NO_RECENT_ENTRY, _("No recent entry")
    FUNCTION_FELL = attention.FUNCTION_FELL, _("Function going down")
    LOW_MOOD = attention.LOW_MOOD_FLAG, _("Low mood")
    PLAN_LOW = attention.PLAN_LOW, _("Less than half the plan done")


# The 15 activities of the Functional Disability Inventory (Walker and Greene, 1991), in the order of
# PRODUCT.md, which is the order of `answers` in the API. Each is answered for the past few days.
FDI_ACTIVITIES = (
    ("walking_to_bathroom", _("Walking to the bathroom")),
    ("walking_up_stairs", _("Walking up stairs")),
    ("time_with_friend", _("Doing something with a friend")),
    ("chores", _("Doing chores at home")),
    ("regular_meals", _("Eating regular meals")),
    ("up_all_day", _("Being up all day without a nap or rest")),
    ("bus_or_car", _("Riding the school bus or travelling in a car")),
    ("school_all_day", _("Being at school all day")),
    ("gym_or_sports", _("Doing the activities in gym class or playing sports")),
    ("reading_homework", _("Reading or doing homework")),
    ("watching_tv", _("Watching TV")),
    ("walking_field", _("Walking the length of a football field")),
    ("running_field", _("Running the length of a football field")),
    ("shopping", _("Going shopping")),
    ("sleeping", _("Getting to sleep at night and staying asleep")),
)
FDI_ANSWERS = (_("No trouble"), _("A little trouble"), _("Some trouble"), _("A lot of trouble"), _("Impossible"))
