"""What a day's entry page needs beyond the shared page context: its questions in words that fit the day and the
person asked (a teen about themself, or a parent about the child whose diary they keep), the symptoms in groups,
and the body map's regions in the order a finger or the Tab key meets them.
"""

import datetime

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from diary.reading.words import say_date
from diary.vocabularies import SYMPTOM_GROUPS, PainLocation, School, Symptom, Therapy, with_hints

# The body map's regions, row by row from the top and, in a row, as drawn from left to right. The front view
# shows the person facing us, so their right side is on the left; the back view shows their left on the left.
BODY_MAP_FRONT = (
    PainLocation.HEAD,
    PainLocation.JAW,
    PainLocation.RIGHT_SHOULDER,
    PainLocation.NECK,
    PainLocation.LEFT_SHOULDER,
    PainLocation.RIGHT_ARM,
    PainLocation.CHEST,
    PainLocation.LEFT_ARM,
    PainLocation.ABDOMEN,
    PainLocation.RIGHT_HAND,
    PainLocation.RIGHT_HIP,
    PainLocation.LEFT_HIP,
    PainLocation.LEFT_HAND,
    PainLocation.RIGHT_LEG,
    PainLocation.LEFT_LEG,
    PainLocation.RIGHT_KNEE,
    PainLocation.LEFT_KNEE,
    PainLocation.RIGHT_FOOT,
    PainLocation.LEFT_FOOT,
)
BODY_MAP_BACK = (PainLocation.UPPER_BACK, PainLocation.LOWER_BACK)
# The treatments as Today lists them: the two short ones first, so they share a row on a phone.
THERAPY_ORDER = (
    Therapy.PHYSICAL_THERAPY,
    Therapy.HOME_EXERCISE,
    Therapy.OCCUPATIONAL_THERAPY,
    Therapy.PSYCHOLOGY,
    Therapy.AEROBIC_EXERCISE,
    Therapy.RELAXATION,
    Therapy.DESENSITIZATION,
)
# A day up to this many days back is named by its weekday alone ("on Tuesday"); an older one gets its date too.
WEEKDAY_ONLY = 6


def _regions(codes):
    return [{"code": code.value, "label": code.label} for code in codes]


def body_map():
    """The map's regions with their words; "All over" is a plain checkbox beside the drawing."""
    return {
        "front": _regions(BODY_MAP_FRONT),
        "back": _regions(BODY_MAP_BACK),
        "all_over": {"code": PainLocation.WHOLE_BODY.value, "label": PainLocation.WHOLE_BODY.label},
    }


def symptom_groups():
    labels = dict(Symptom.choices)
    return [
        {"code": group.value, "label": group.label, "choices": with_hints("symptoms", [(s, labels[s]) for s in codes])}
        for group, codes in SYMPTOM_GROUPS.items()
    ]


def when(day: datetime.date, today: datetime.date) -> str:
    """Which words the day's questions use: "today", "yesterday" or "past"."""
    if day == today:
        return "today"
    return "yesterday" if day == today - datetime.timedelta(days=1) else "past"


def day_name(day: datetime.date, today: datetime.date) -> str:
    """How a question names a past day: "Tuesday" within the last week, else "Tuesday, March 3" (and its year if
    that was another year), as every date is written (diary.reading.words.say_date)."""
    if (today - day).days <= WEEKDAY_ONLY:
        return date_format(day, "l")
    return say_date(day, weekday=True, year=day.year != today.year)


def _day_questions(child):
    """The two required questions for each kind of day, with `%(name)s` and `%(day)s` still to fill in."""
    if child is None:
        function = {
            "today": _("How much of your usual day could you do today?"),
            "yesterday": _("How much of your usual day could you do yesterday?"),
            "past": _("How much of your usual day could you do on %(day)s?"),
        }
        pain = {
            "today": _("How much pain did you have today?"),
            "yesterday": _("How much pain did you have yesterday?"),
            "past": _("How much pain did you have on %(day)s?"),
        }
    else:
        function = {
            "today": _("How much of a usual day could %(name)s do today?"),
            "yesterday": _("How much of a usual day could %(name)s do yesterday?"),
            "past": _("How much of a usual day could %(name)s do on %(day)s?"),
        }
        pain = {
            "today": _("How much pain did %(name)s have today?"),
            "yesterday": _("How much pain did %(name)s have yesterday?"),
            "past": _("How much pain did %(name)s have on %(day)s?"),
        }
    return {"function": function, "pain": pain}


def _other_questions(child):
    if child is None:
        return {
            "heading": _("How was today?"),
            "more": _("More about your day"),
            "therapies": _("What did you do for your treatment?"),
            "sleep_quality": _("How well did you sleep?"),
            "mood": _("How was your mood?"),
            "fatigue": _("How tired were you?"),
            "noticed": _("Anything else you noticed?"),
            "sides": _("On the front, your right side is on the left, as in a photo of you."),
        }
    fill = {"name": child}
    return {
        "heading": _("How was %(name)s's day?") % fill,
        "more": _("More about %(name)s's day") % fill,
        "therapies": _("What did %(name)s do for treatment?") % fill,
        "sleep_quality": _("How well did %(name)s sleep?") % fill,
        "mood": _("How was %(name)s's mood?") % fill,
        "fatigue": _("How tired was %(name)s?") % fill,
        "noticed": _("Anything else %(name)s noticed?") % fill,
        "sides": _("On the front, %(name)s's right side is on the left, as in a photo.") % fill,
    }


def context(access, day: datetime.date, today: datetime.date) -> dict:
    """The entry page's words and choices for `day`, asked of the teen, or of a parent about their child."""
    child = None if access.relation == "self" else access.patient.display_name
    kind = when(day, today)
    texts = _day_questions(child)
    name = day_name(day, today) if kind == "past" else ""
    # Each text is filled in once, so a name with a % in it stays as it is. The page keeps `%(day)s` in the
    # variants, for a page kept offline that opens for another day (entry.js).
    questions = {field: text[kind] % {"name": child, "day": name} for field, text in texts.items()}
    keep_day = {"name": child, "day": "%(day)s"}
    variants = {field: {k: t % keep_day for k, t in text.items()} for field, text in texts.items()}
    # The title and the heading start with the date, so with a capital ("Domingo, 6 de diciembre").
    day_words = {
        "title": capfirst(say_date(day, weekday=True)),
        "heading": capfirst(say_date(day, weekday=True, year=True)),
    }
    return {
        "when": kind,
        "day_words": day_words,
        "questions": {**questions, **_other_questions(child)},
        "question_variants": variants,
        "school_choices": School.choices,
        "therapy_choices": with_hints("therapies", [(code.value, code.label) for code in THERAPY_ORDER]),
        "symptom_groups": symptom_groups(),
        "body_map": body_map(),
    }
