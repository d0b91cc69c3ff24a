"""A believable course of treatment for demo data: function climbs from week 2, pain eases from week 7.

Pure Python, seeded, so the same call always gives the same course. Every random draw depends on the day's
place in the course, never on its weekday: the numbers, the days skipped and so the dashboard's flags are the
same whichever day of the week the course ends on (the weekday only decides school and the therapy timetable).
"""

import datetime
import random

WEEKDAY_SCHOOL_BY_PHASE = [("missed", "partial"), ("partial", "full"), ("full", "full")]
# Maya's weekly goals, set on the first day of the course (title, measure, target). The custom one, physio
# exercises at home, is ticked on the days her course did them: no draw of its own, so the course is unchanged.
DEMO_GOALS = (
    ("Exercise", "exercise_minutes", 150),
    ("School", "school_days", 5),
    ("Physio exercises", "custom", 5),
)
PHYSIO = "Physio exercises"


def physio_done(entry):
    """Whether the day of the course counts for the physio goal: she did her home exercises."""
    return "home_exercise" in entry["therapies"]


# Maya's treatment plan, written by Dr Lee at the first visit (the course's first day). Each item: when it starts
# (days from the first day), what it is, and later terms (a day, and what changed from that day on). The brisk walk
# rises 5 minutes a week to 45; school goes from part days, 3 a week, to full days, 5 a week, in week 9.
PLAN_WALK, PLAN_TOWEL, PLAN_PT, PLAN_DOG = "Brisk walk", "Towel on the left foot", "Physical therapy", "Walk the dog"
DEMO_PLAN = (
    {
        "start": 0,
        "kind": "exercise",
        "title": PLAN_WALK,
        "instructions": "Fast enough to breathe harder, slow enough to talk. Outside if you can. Legs may ache at "
        "first: keep an easy pace and finish the minutes.",
        "terms": {
            "unit": "minutes",
            "amount": 15,
            "days_per_week": 5,
            "step_amount": 5,
            "step_every_weeks": 1,
            "max_amount": 45,
        },
    },
    {
        "start": 0,
        "kind": "desensitisation",
        "title": PLAN_TOWEL,
        "instructions": "5 minutes each time: rub a soft towel over your left foot and ankle, then a rougher one. "
        "Keep going while it feels strange or uncomfortable; if it really hurts, stop and try again later.",
        "terms": {"unit": "times", "amount": 3, "max_amount": 3, "days_per_week": 7},
    },
    {
        "start": 0,
        "kind": "session",
        "title": PLAN_PT,
        "instructions": "With Sam at the clinic after school. Bring trainers and water.",
        "terms": {"weekdays": (2, 4)},
    },
    {
        "start": 21,
        "kind": "activity",
        "title": PLAN_DOG,
        "instructions": "Back to walking Biscuit round the park with Mum. Any pace is fine.",
        "terms": {"days_per_week": 3},
    },
    {
        "start": 0,
        "kind": "school",
        "title": "School",
        "instructions": "Mornings first, then whole days. Tell the school nurse if you need a quiet break.",
        "terms": {"days_per_week": 3, "school_level": "partial"},
        "later": ((56, {"days_per_week": 5, "school_level": "full"}),),
    },
)


def plan_ticks(entry, index, items, days=84):
    """What Maya ticked of her plan on one day of the course (`index` from its first day), as `plan_done`: the walk is
    her exercise minutes that day, the towel 3 times on most days (more often as she goes on), physical therapy on
    its Tuesdays and Thursdays, the dog on about half the days once it starts. Only the day's place in the course
    draws, so the ticks are the same whichever weekday the course ends on. The work comes first: most of the plan is
    done from the first weeks, before function improves."""
    rng = random.Random(days * 1000 + index)
    progress = min(1.0, max(0.0, (index - 7) / 70))
    done = []
    if entry["exercise_minutes"]:
        done.append({"item": items[PLAN_WALK], "amount": entry["exercise_minutes"]})
    towel = 3 if rng.random() < 0.55 + 0.4 * progress else 2
    if rng.random() < 0.92:
        done.append({"item": items[PLAN_TOWEL], "amount": towel})
    if "physical_therapy" in entry["therapies"]:
        done.append({"item": items[PLAN_PT], "amount": 1})
    if index >= 21 and rng.random() < 0.45 + 0.3 * progress:
        done.append({"item": items[PLAN_DOG], "amount": 1})
    return done


def _clamp(value, low, high):
    return max(low, min(high, round(value)))


def _quarter(hours):
    return round(hours * 4) / 4


def demo_course(last_day, days=84, seed=7, skip_rate=0.1):
    """Entries (dicts of API field values plus `date`) for `days` days ending on `last_day`."""
    rng = random.Random(seed)
    first_day = last_day - datetime.timedelta(days=days - 1)
    course = []
    for index in range(days):
        day = first_day + datetime.timedelta(days=index)
        week = index // 7 + 1
        if 0 < index < days - 2 and rng.random() < skip_rate:
            continue  # a day she forgot; the first day, yesterday and today are always logged
        progress = min(1.0, max(0.0, (index - 7) / 70))  # function climbs from week 2
        relief = min(1.0, max(0.0, (index - 42) / 42))  # pain eases from week 7
        flare = 1 if week == 3 else 0
        function = _clamp(3 + 5 * progress - flare + rng.uniform(-1, 1), 0, 10)
        pain = _clamp(7 + (0.6 if week in (2, 4) else 0) + 2 * flare - 3.5 * relief + rng.uniform(-1, 1), 0, 10)
        weekend = day.weekday() >= 5
        phase = WEEKDAY_SCHOOL_BY_PHASE[min(2, int(progress * 3))]
        whole_day_at_school = rng.random() < 0.6  # drawn on weekends too, so the draws keep their order
        therapies = ["home_exercise"] if rng.random() < 0.4 + 0.5 * progress else []
        if day.weekday() in (1, 3):  # Tuesdays and Thursdays, as her treatment plan has them (DEMO_PLAN)
            therapies.append("physical_therapy")
        if day.weekday() == 2:
            therapies.append("psychology")
        if week >= 3 and rng.random() < 0.3 + 0.6 * progress:
            therapies.append("aerobic_exercise")
        symptoms = [
            s
            for s, odds in (
                ("fatigue", 0.8 - 0.5 * progress),
                ("trouble_sleeping", 0.6 - 0.4 * progress),
                ("headache", 0.3),
                ("touch_sensitivity", 0.4 * (1 - relief)),
                ("anxious", 0.35 - 0.2 * progress),
            )
            if rng.random() < odds
        ]
        locations = ["left_knee", "left_leg"] + (["lower_back"] if rng.random() < 0.3 else [])
        course.append(
            {
                "date": day,
                "function": function,
                "pain": pain,
                "sleep_hours": _quarter(6.5 + 1.5 * progress + rng.uniform(-0.75, 0.75)),
                "sleep_quality": _clamp(2 + 2 * progress + rng.uniform(-0.8, 0.8), 1, 5),
                "mood": _clamp(2.3 + 1.8 * progress - 0.6 * flare + rng.uniform(-0.8, 0.8), 1, 5),
                "fatigue": _clamp(7 - 3 * progress + flare + rng.uniform(-1, 1), 0, 10),
                "exercise_minutes": _clamp(5 + 40 * progress + rng.uniform(-5, 10), 0, 1440),
                "school": "none" if weekend else phase[whole_day_at_school],
                "symptoms": symptoms,
                "pain_locations": locations,
                "therapies": therapies,
                "note": _note(index, week, rng),
                "note_private": index == days - 10,
            }
        )
    return course


# How hard each activity of the Functional Disability Inventory is at the start (0-4), in PRODUCT.md's order:
# running and sports hardest, watching TV easiest. The total starts near 27 and falls to about 9.
FDI_START = (0.3, 1.8, 1.8, 1.8, 0.8, 2.5, 1.2, 2.7, 3.6, 1.6, 0.2, 2.0, 3.6, 1.8, 1.8)


def demo_checkins(last_day, days=84, seed=7):
    """Weekly check-ins (date, answers) from the first day of the course; the newest is due today."""
    rng = random.Random(seed)
    first_day = last_day - datetime.timedelta(days=days - 1)
    checkins = []
    for index in range(0, days - 7, 7):
        progress = min(1.0, max(0.0, (index - 7) / 70))
        answers = [_clamp(start * (1 - 0.67 * progress) + rng.uniform(-0.4, 0.4), 0, 4) for start in FDI_START]
        checkins.append((first_day + datetime.timedelta(days=index), answers))
    return checkins


def struggling_checkins(last_day, days=42, seed=13):
    """Weekly check-ins of the struggling course: a little better for four weeks, then harder as function falls."""
    rng = random.Random(seed)
    first_day = last_day - datetime.timedelta(days=days - 1)
    checkins = []
    for index in range(0, days - 6, 7):
        turned = max(0.0, (index - (days - 14)) / 14)  # the last two weeks: function falls by four
        level = 1.0 - 0.12 * min(index, days - 14) / 28 + 0.45 * turned
        answers = [_clamp(start * level + rng.uniform(-0.4, 0.4), 0, 4) for start in FDI_START]
        checkins.append((first_day + datetime.timedelta(days=index), answers))
    return checkins


def quiet_checkins(last_day, days=35, quiet_days=9, seed=11):
    """Weekly check-ins of the quiet course, until it stopped."""
    return demo_checkins(last_day - datetime.timedelta(days=quiet_days), days=days - quiet_days, seed=seed)


def quiet_course(last_day, days=35, quiet_days=9, seed=11):
    """A course that stopped: nothing logged in the last `quiet_days` days (the dashboard flags it)."""
    return demo_course(last_day - datetime.timedelta(days=quiet_days), days=days - quiet_days, seed=seed)


def struggling_course(last_day, days=42, seed=13):
    """A course that turned: over the last two weeks function falls by four and mood is low."""
    course = demo_course(last_day, days=days, seed=seed, skip_rate=0.05)
    for entry in course:
        if (last_day - entry["date"]).days < 14:
            entry.update(function=max(0, entry["function"] - 4), mood=2, note="")
    return course


def _note(index, week, rng):
    if week == 3 and index % 7 == 2:
        return "Flare today. Did my PT exercises anyway, slowly."
    if rng.random() < 0.12:
        return rng.choice(
            [
                "Walked the dog with Mum.",
                "Went to the whole of maths and science.",
                "Tired after PT but okay.",
                "Swimming with Zoe!",
                "Hard morning, better afternoon.",
                "Did my breathing exercises before bed.",
            ]
        )
    return ""
