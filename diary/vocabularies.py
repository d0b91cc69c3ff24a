"""The codes the API uses, from PRODUCT.md. Labels are what a 12-year-old reads."""

from django.db import models

from diary import goals, trends


class School(models.TextChoices):
    FULL = "full", "Full day"
    PARTIAL = "partial", "Part of the day"
    MISSED = "missed", "Missed school"
    NONE = "none", "No school today"


class Symptom(models.TextChoices):
    FATIGUE = "fatigue", "Tired"
    TROUBLE_SLEEPING = "trouble_sleeping", "Trouble sleeping"
    HEADACHE = "headache", "Headache"
    ABDOMINAL_PAIN = "abdominal_pain", "Tummy pain"
    DIZZINESS = "dizziness", "Dizzy"
    RACING_HEART = "racing_heart", "Racing heart"
    COLOR_CHANGE = "color_change", "Skin cold, blue or blotchy"
    SWELLING = "swelling", "Swelling"
    SWEATING = "sweating", "Sweating"
    TOUCH_SENSITIVITY = "touch_sensitivity", "Light touch hurts"
    STIFFNESS = "stiffness", "Stiff"
    NAUSEA = "nausea", "Feeling sick"
    ANXIOUS = "anxious", "Worried or anxious"
    LOW_MOOD = "low_mood", "Low mood"


class PainLocation(models.TextChoices):
    HEAD = "head", "Head"
    JAW = "jaw", "Jaw"
    NECK = "neck", "Neck"
    CHEST = "chest", "Chest"
    ABDOMEN = "abdomen", "Tummy"
    UPPER_BACK = "upper_back", "Upper back"
    LOWER_BACK = "lower_back", "Lower back"
    LEFT_SHOULDER = "left_shoulder", "Left shoulder"
    RIGHT_SHOULDER = "right_shoulder", "Right shoulder"
    LEFT_ARM = "left_arm", "Left arm"
    RIGHT_ARM = "right_arm", "Right arm"
    LEFT_HAND = "left_hand", "Left hand"
    RIGHT_HAND = "right_hand", "Right hand"
    LEFT_HIP = "left_hip", "Left hip"
    RIGHT_HIP = "right_hip", "Right hip"
    LEFT_LEG = "left_leg", "Left leg"
    RIGHT_LEG = "right_leg", "Right leg"
    LEFT_KNEE = "left_knee", "Left knee"
    RIGHT_KNEE = "right_knee", "Right knee"
    LEFT_FOOT = "left_foot", "Left foot"
    RIGHT_FOOT = "right_foot", "Right foot"
    WHOLE_BODY = "whole_body", "All over"


class Therapy(models.TextChoices):
    PHYSICAL_THERAPY = "physical_therapy", "Physical therapy"
    OCCUPATIONAL_THERAPY = "occupational_therapy", "Occupational therapy"
    PSYCHOLOGY = "psychology", "Talking therapy (psychology)"
    HOME_EXERCISE = "home_exercise", "Home exercises"
    AEROBIC_EXERCISE = "aerobic_exercise", "Aerobic exercise"
    RELAXATION = "relaxation", "Relaxation"
    DESENSITIZATION = "desensitization", "Desensitization"


class GoalMeasure(models.TextChoices):
    """What a weekly goal counts (API.md, "Weekly goals"), with the words the Goals page shows."""

    EXERCISE_MINUTES = goals.EXERCISE_MINUTES, "Minutes of exercise in the week"
    SCHOOL_DAYS = goals.SCHOOL_DAYS, "Days at school (full or part of the day)"
    THERAPY_DAYS = goals.THERAPY_DAYS, "Days with something for your treatment"
    LOGGED_DAYS = goals.LOGGED_DAYS, "Days you log in Stride"
    CUSTOM = goals.CUSTOM, "Something else: you tick it on Today"


class FunctionBand(models.TextChoices):
    """Bands of the Functional Disability Inventory total (Kashikar-Zuck and others, 2011)."""

    MINIMAL = "minimal", "Little or no trouble with everyday activities"
    MODERATE = "moderate", "Some trouble with everyday activities"
    SEVERE = "severe", "A lot of trouble with everyday activities"

    @classmethod
    def for_total(cls, total):
        if total <= 12:
            return cls.MINIMAL
        return cls.MODERATE if total <= 29 else cls.SEVERE


class InsightStatus(models.TextChoices):
    """The function-first insight's status (API.md), with the words a clinician reads on Clinic outcomes."""

    NOT_ENOUGH_DATA = trends.NOT_ENOUGH_DATA, "Not enough data yet"
    FUNCTION_FIRST = trends.FUNCTION_FIRST, "Function improved first, then pain"
    PAIN_FIRST = trends.PAIN_FIRST, "Pain improved first, then function"
    TOGETHER = trends.TOGETHER, "Function and pain improved together"
    FUNCTION_IMPROVING = trends.FUNCTION_IMPROVING, "Function improved, pain not yet"
    PAIN_IMPROVING = trends.PAIN_IMPROVING, "Pain improved, function not yet"
    NO_CHANGE_YET = trends.NO_CHANGE_YET, "Neither improved by 2 points yet"


# The 15 activities of the Functional Disability Inventory (Walker and Greene, 1991), in the order of
# PRODUCT.md, which is the order of `answers` in the API. Each is answered for the past few days.
FDI_ACTIVITIES = (
    ("walking_to_bathroom", "Walking to the bathroom"),
    ("walking_up_stairs", "Walking up stairs"),
    ("time_with_friend", "Doing something with a friend"),
    ("chores", "Doing chores at home"),
    ("regular_meals", "Eating regular meals"),
    ("up_all_day", "Being up all day without a nap or rest"),
    ("bus_or_car", "Riding the school bus or travelling in a car"),
    ("school_all_day", "Being at school all day"),
    ("gym_or_sports", "Doing the activities in gym class or playing sports"),
    ("reading_homework", "Reading or doing homework"),
    ("watching_tv", "Watching TV"),
    ("walking_field", "Walking the length of a football field"),
    ("running_field", "Running the length of a football field"),
    ("shopping", "Going shopping"),
    ("sleeping", "Getting to sleep at night and staying asleep"),
)
FDI_ANSWERS = ("No trouble", "A little trouble", "Some trouble", "A lot of trouble", "Impossible")
