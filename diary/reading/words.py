"""The diary's sentences in the reader's language.

The pure modules say what the numbers show as codes, numbers and dates (diary.rules.trends' insight sentences,
diary.rules.attention's flags, diary.rules.goals' weeks and streaks); this module, on the Django side, says it in words
through Django's translation machinery, in the language active for the request (the person's, else the browser's). Each
message is one whole sentence with named placeholders, so that another language can put the words in its own order;
plurals go through ngettext; dates are written by Django's date formatting in the active language.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils import dateformat, formats
from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from diary.rules import goals, plan, trends

# --- dates and numbers ----------------------------------------------------------------------------------------------


# One way to write a date per language, on every page and in every email: "December 6", "Sunday, December 6",
# "December 6, 2026" in English; "6 de diciembre", "domingo, 6 de diciembre", "6 de diciembre de 2026" in Spanish.
# The modules write the same through i18n.js (formatDate, Intl.DateTimeFormat with the page's language), whose
# English and Spanish are these. Each is a Django date format, translated once.
DATE_FORMATS = {
    # Translators: Django date format of a day in a sentence: "F j" is "December 6"; Spanish "j \d\e F".
    (False, False): pgettext_lazy("Django date format", "F j"),
    # Translators: Django date format with the weekday: "l, F j" is "Sunday, December 6"; Spanish "l, j \d\e F".
    (True, False): pgettext_lazy("Django date format", "l, F j"),
    # Translators: Django date format with the year: "F j, Y" is "December 6, 2026"; Spanish "j \d\e F \d\e Y".
    (False, True): pgettext_lazy("Django date format", "F j, Y"),
    # Translators: Django date format with weekday and year: "l, F j, Y" is "Sunday, December 6, 2026".
    (True, True): pgettext_lazy("Django date format", "l, F j, Y"),
}


def say_date(day: datetime.date, *, weekday: bool = False, year: bool = False) -> str:
    """A day in the active language's one way of writing it (DATE_FORMATS)."""
    return dateformat.format(day, str(DATE_FORMATS[weekday, year]))


def say_day(said: trends.SaidDay) -> str:
    """A day as "March 3" ("3 de marzo"), with the year only where the insight asks for it."""
    return say_date(said.day, year=said.with_year)


def one_decimal(value: str) -> str:
    """A mean with one decimal as the language writes it: "6.7", "6,7"."""
    return formats.number_format(Decimal(value), decimal_pos=1)


def whole_number(value: int) -> str:
    """A count as the language writes it, thousands grouped: "1,440"."""
    return formats.number_format(value, force_grouping=True)


# --- the function-first insight (diary.rules.trends) ------------------------------------------------------------------


def _insight_sentence(code: str, facts: Mapping) -> str:  # noqa: C901, PLR0911, PLR0912 (one branch per sentence)
    """One sentence of the insight, from its code and facts (diary.rules.trends)."""
    days = {name: say_day(value) for name, value in facts.items() if isinstance(value, trends.SaidDay)}
    # Means come as "6.7" (one decimal, diary.rules.figures): written as the language writes them ("6,7" in Spanish).
    means = {name: one_decimal(facts[name]) for name in ("now", "before") if name in facts}
    values = {**facts, **days, **means}
    # Waiting for enough days
    if code == "after_range":
        return (
            gettext(
                "Function and pain are compared from the treatment start, %(day)s, which is after the last day shown."
            )
            % values
        )
    if code == "first_week_from_treatment_start":
        return (
            ngettext(
                "The first week from the treatment start (%(day)s) has %(logged)s logged day, and the chart needs at "
                "least %(needed)s to set a starting point for function and pain.",
                "The first week from the treatment start (%(day)s) has %(logged)s logged days, and the chart needs at "
                "least %(needed)s to set a starting point for function and pain.",
                facts["logged"],
            )
            % values
        )
    if code == "first_week_from_first_logged_day":
        return (
            ngettext(
                "The first week from the first logged day (%(day)s) has %(logged)s logged day, and the chart needs at "
                "least %(needed)s to set a starting point for function and pain.",
                "The first week from the first logged day (%(day)s) has %(logged)s logged days, and the chart needs at "
                "least %(needed)s to set a starting point for function and pain.",
                facts["logged"],
            )
            % values
        )
    if code == "more_days":
        return (
            ngettext(
                "After %(more)s more day of logging, this chart will show how function and pain are changing.",
                "After %(more)s more days of logging, this chart will show how function and pain are changing.",
                facts["more"],
            )
            % values
        )
    # Function lower than at the start, said plainly and kindly
    if code == "a_little_lower_in_the_last_week":
        return gettext("Function is a little lower in the last 7 days than in the first week.")
    if code == "a_little_lower":
        return (
            gettext(
                "Function is a little lower than in the first week: %(now)s out of 10 in the last 7 days, down from "
                "%(before)s."
            )
            % values
        )
    if code == "lower":
        return (
            gettext(
                "Function is lower than in the first week: %(now)s out of 10 in the last 7 days, down from %(before)s."
            )
            % values
        )
    if code == "got_better_then_dropped":
        return gettext("Function got better from %(day)s, but has dropped again.") % values
    if code == "pain_eased_on":
        return gettext("Pain started to ease on %(day)s.") % values
    if code == "pain_higher_too":
        return gettext("Pain is higher too.")
    if code == "hard_weeks":
        return gettext("Hard weeks happen, and this is worth talking over with the care team.")
    # Which got better, and which first
    if code == "together_same_day":
        return gettext("Function started getting better and pain started to ease on the same day, %(day)s.") % values
    if code == "together":
        return (
            gettext(
                "Function started getting better on %(function_day)s and pain started to ease on %(pain_day)s, "
                "close together."
            )
            % values
        )
    if code == "both_right_way":
        return gettext("Both are going the right way.")
    if code == "pain_first" and "weeks" in facts:
        return (
            ngettext(
                "Pain started to ease on %(pain_day)s, and function started getting better about %(weeks)s week "
                "later, on %(function_day)s.",
                "Pain started to ease on %(pain_day)s, and function started getting better about %(weeks)s weeks "
                "later, on %(function_day)s.",
                facts["weeks"],
            )
            % values
        )
    if code == "pain_first":
        return (
            ngettext(
                "Pain started to ease on %(pain_day)s, and function started getting better %(days)s day later, "
                "on %(function_day)s.",
                "Pain started to ease on %(pain_day)s, and function started getting better %(days)s days later, "
                "on %(function_day)s.",
                facts["days"],
            )
            % values
        )
    if code == "function_first" and "weeks" in facts:
        return (
            ngettext(
                "Function started getting better on %(function_day)s, and pain started to ease about %(weeks)s week "
                "later, on %(pain_day)s.",
                "Function started getting better on %(function_day)s, and pain started to ease about %(weeks)s weeks "
                "later, on %(pain_day)s.",
                facts["weeks"],
            )
            % values
        )
    if code == "function_first":
        return (
            ngettext(
                "Function started getting better on %(function_day)s, and pain started to ease %(days)s day later, "
                "on %(pain_day)s.",
                "Function started getting better on %(function_day)s, and pain started to ease %(days)s days later, "
                "on %(pain_day)s.",
                facts["days"],
            )
            % values
        )
    # Under a chart that starts after the day something got better (diary.rules.trends.in_view)
    if code == "function_better_on":
        return gettext("Function started getting better on %(day)s.") % values
    if code == "pain_better_on":
        return gettext("Pain started to ease on %(day)s.") % values
    if code == "pain_before_view":
        return (
            ngettext(
                "Pain started to ease before this week.",
                "Pain started to ease before these %(weeks)s weeks.",
                facts["weeks"],
            )
            % values
        )
    if code == "function_before_view":
        return (
            ngettext(
                "Function started getting better before this week.",
                "Function started getting better before these %(weeks)s weeks.",
                facts["weeks"],
            )
            % values
        )
    if code == "function_before_view_up":
        return (
            ngettext(
                "Function started getting better before this week, and went on up over it, from %(before)s to "
                "%(now)s out of 10.",
                "Function started getting better before these %(weeks)s weeks, and went on up over them, from "
                "%(before)s to %(now)s out of 10.",
                facts["weeks"],
            )
            % values
        )
    if code == "function_before_view_held":
        return (
            ngettext(
                "Function started getting better before this week, and held at about %(now)s out of 10 over it.",
                "Function started getting better before these %(weeks)s weeks, and held at about %(now)s out of 10 "
                "over them.",
                facts["weeks"],
            )
            % values
        )
    if code == "function_before_view_down":
        return (
            ngettext(
                "Function started getting better before this week, and went down over it, from %(before)s to "
                "%(now)s out of 10.",
                "Function started getting better before these %(weeks)s weeks, and went down over them, from "
                "%(before)s to %(now)s out of 10.",
                facts["weeks"],
            )
            % values
        )
    if code == "got_better_before_view_then_dropped":
        return (
            ngettext(
                "Function got better before this week, but has dropped again.",
                "Function got better before these %(weeks)s weeks, but has dropped again.",
                facts["weeks"],
            )
            % values
        )
    if code == "pain_low_at_start":
        return gettext("Pain was already low at the start.")
    if code == "pain_not_yet":
        return gettext("Pain has not eased yet.")
    if code == "function_near_top_at_start":
        return gettext("Function was already near the top at the start.")
    if code == "function_not_much_yet":
        return gettext("Function has not changed much yet.")
    if code == "usual_function_first":
        return gettext("This is the usual path: function often improves first.")
    if code == "function_improving" and facts["pain_low_at_start"]:
        return gettext("Function started getting better on %(day)s, and pain was already low at the start.") % values
    if code == "function_improving":
        return gettext("Function started getting better on %(day)s, and pain has not eased yet.") % values
    if code == "usual_pain_later":
        return gettext("This is the usual path: pain often eases weeks or months later.")
    if code == "pain_improving" and facts["function_near_top"]:
        return gettext("Pain started to ease on %(day)s, and function was already near the top at the start.") % values
    if code == "pain_improving":
        return gettext("Pain started to ease on %(day)s, and function has not changed much yet.") % values
    if code == "catch_up":
        return gettext("Function can take more time to catch up.")
    # No change yet, said honestly
    if code == "last_week_short":
        return (
            gettext(
                "The last 7 days have fewer than %(needed)s logged days, so function and pain cannot be compared with "
                "the first week yet."
            )
            % values
        )
    if code == "every_day_helps":
        return gettext("Every logged day helps.")
    if code == "pain_higher" and facts["function_near_top"]:
        return gettext("Function was already near the top at the start, and pain is higher than in the first week.")
    if code == "pain_higher":
        return gettext("Function has not changed much yet, and pain is higher than in the first week.")
    if code == "pain_worse_at_start":
        return gettext("Pain often gets worse when treatment starts, before it eases.")
    if code == "no_change_yet":
        return gettext("Function and pain have not changed much yet.")
    if code == "change_takes_weeks":
        return gettext("Change often takes weeks, and every logged day helps show it.")
    if code == "still" and facts["function_near_top"] and facts["pain_low_at_start"]:
        return gettext("Function was already near the top at the start, and pain was already low at the start.")
    if code == "still" and facts["function_near_top"]:
        return gettext("Function was already near the top at the start, and pain has not eased yet.")
    if code == "still":
        return gettext("Function has not changed much yet, and pain was already low at the start.")
    if code == "every_day_helps_show":
        return gettext("Every logged day helps show any change.")
    raise ValueError(f"unknown insight sentence {code!r}")


def insight_message(insight: trends.Insight) -> str:
    """The insight's `message` (docs/API.md): its sentences, one after another."""
    return " ".join(_insight_sentence(code, facts) for code, facts in insight.sentences)


def insight_dict(insight: trends.Insight) -> dict:
    """The insight as the API answers it, `message` in the reader's language."""
    return {**insight.as_dict(), "message": insight_message(insight)}


# --- the care team's flags (diary.rules.attention) --------------------------------------------------------------------


def flag_message(code: str, facts: Mapping) -> str:
    """A flag in words, with its exact count: "No entry for 9 days", not the rule's threshold."""
    if code == "no_recent_entry" and facts["days"] is None:
        return gettext("No entries yet")
    if code == "no_recent_entry":
        return ngettext("No entry for %(days)s day", "No entry for %(days)s days", facts["days"]) % facts
    if code == "function_fell":
        numbers = {name: one_decimal(facts[name]) for name in ("fall", "then", "now")}
        return gettext("Function down %(fall)s over 2 weeks (7-day average %(then)s to %(now)s)") % numbers
    if code == "low_mood":
        return (
            ngettext(
                "Low mood on %(days)s of the last %(of)s day",
                "Low mood on %(days)s of the last %(of)s days",
                facts["of"],
            )
            % facts
        )
    if code == "plan_low":
        first, second = facts["weeks"]
        return gettext("Less than half of the plan done in each of the last 2 weeks (%(first)s%% and %(second)s%%)") % {
            "first": first,
            "second": second,
        }
    raise ValueError(f"unknown flag {code!r}")


def flag_messages(flag_facts: Iterable[Mapping]) -> list[dict]:
    """`[{code, message}]` (docs/API.md) from diary.rules.attention.review's `flag_facts`."""
    return [{"code": row["code"], "message": flag_message(row["code"], row["facts"])} for row in flag_facts]


# --- weekly goals and kind streaks (diary.rules.goals) ----------------------------------------------------------------
# They celebrate what was done and never blame: no "missed", "failed" or "broken" anywhere.


def target_words(measure: str, target: int) -> str:
    """The target in words: "150 minutes a week", "5 days a week", "every day"."""
    values = {"target": whole_number(target)}
    if measure == goals.EXERCISE_MINUTES:
        return ngettext("%(target)s minute a week", "%(target)s minutes a week", target) % values
    if target >= goals.WEEK_DAYS:
        return gettext("every day")
    return ngettext("%(target)s day a week", "%(target)s days a week", target) % values


def progress_message(measure: str, value: int, target: int, *, over: bool) -> str:  # noqa: PLR0911
    """One kind sentence about a week's progress: "3 of 4 days so far: one more to go."."""
    minutes = measure == goals.EXERCISE_MINUTES
    numbers = {"value": value, "target": target, "left": target - value}
    if value >= target:
        if minutes:
            return ngettext("Goal reached: %(value)s minute!", "Goal reached: %(value)s minutes!", value) % numbers
        return ngettext("Goal reached: %(value)s day!", "Goal reached: %(value)s days!", value) % numbers
    if over and minutes:
        return (
            ngettext(
                "%(value)s of %(target)s minute that week. Every one counts.",
                "%(value)s of %(target)s minutes that week. Every one counts.",
                target,
            )
            % numbers
        )
    if over:
        return (
            ngettext(
                "%(value)s of %(target)s day that week. Every one counts.",
                "%(value)s of %(target)s days that week. Every one counts.",
                target,
            )
            % numbers
        )
    if value == 0 and minutes:
        return (
            ngettext(
                "%(value)s of %(target)s minute so far: a fresh week to start.",
                "%(value)s of %(target)s minutes so far: a fresh week to start.",
                target,
            )
            % numbers
        )
    if value == 0:
        return (
            ngettext(
                "%(value)s of %(target)s day so far: a fresh week to start.",
                "%(value)s of %(target)s days so far: a fresh week to start.",
                target,
            )
            % numbers
        )
    if minutes:
        return (
            ngettext(
                "%(value)s of %(target)s minute so far: %(left)s more to go.",
                "%(value)s of %(target)s minutes so far: %(left)s more to go.",
                target,
            )
            % numbers
        )
    if target - value == 1:
        return (
            ngettext(
                "%(value)s of %(target)s day so far: one more to go.",
                "%(value)s of %(target)s days so far: one more to go.",
                target,
            )
            % numbers
        )
    return (
        ngettext(
            "%(value)s of %(target)s day so far: %(left)s more to go.",
            "%(value)s of %(target)s days so far: %(left)s more to go.",
            target,
        )
        % numbers
    )


def weeks_message(weeks_met: int, weeks_counted: int) -> str:
    """The weeks a goal was reached in a stretch of diary, plainly: "Reached in 6 of 10 weeks"."""
    numbers = {"met": weeks_met, "counted": weeks_counted}
    if weeks_counted == 0:
        return gettext("Its first week is still going.")
    if weeks_met == weeks_counted:
        return gettext("Reached every week so far: %(met)s of %(counted)s!") % numbers
    return (
        ngettext("Reached in %(met)s of %(counted)s week.", "Reached in %(met)s of %(counted)s weeks.", weeks_counted)
        % numbers
    )


def logging_message(days: int, span: int = goals.RECENT_DAYS) -> str | None:
    """Days logged as "6 of the last 7 days logged", or nothing at all when none was (a new start is never a zero)."""
    if days <= 0:
        return None
    numbers = {"days": days, "span": span}
    if days >= span:
        return (
            ngettext("Every one of the last %(span)s day logged!", "Every one of the last %(span)s days logged!", span)
            % numbers
        )
    return ngettext("%(days)s of the last %(span)s day logged", "%(days)s of the last %(span)s days logged", span) % (
        numbers
    )


def streak_message(weeks_met: int) -> str | None:
    """Weeks in a row as "3 weeks in a row", from two weeks on (one week is a goal reached: the bar says so)."""
    if weeks_met < 2:
        return None
    return ngettext("%(weeks)s week in a row", "%(weeks)s weeks in a row", weeks_met) % {"weeks": weeks_met}


def goal_weeks_in_words(row: dict) -> dict:
    """A goal's weeks of a period (diary.rules.goals.weeks) with its target and its weeks met in words."""
    return {
        **row,
        "target_words": target_words(row["measure"], row["target"]),
        "message": weeks_message(row["weeks_met"], row["weeks_counted"]),
    }


def progress_in_words(goal: goals.GoalSpec, row: dict, *, over: bool) -> dict:
    """A week's progress (diary.rules.goals.progress) with the goal's title and measure, its target and one kind
    sentence."""
    message = progress_message(goal.measure, row["value"], row["target"], over=over)
    words = target_words(goal.measure, goal.target)
    return {**row, "title": goal.title, "measure": goal.measure, "target_words": words, "message": message}


def streaks_in_words(streaks: dict) -> dict:
    """The kind streaks (diary.rules.goals.streaks) with their words."""
    rows = [{**row, "message": streak_message(row["weeks_in_a_row"])} for row in streaks["goals"]]
    return {**streaks, "message": logging_message(streaks["logged_last_7"]), "goals": rows}


# --- clinic outcomes ------------------------------------------------------------------------------------------------

# Other programmes' published results, shown beside a clinic's figures for orientation only: different patients,
# programmes and measures (means there, medians here), never a target. The sources are cited as published.
PUBLISHED: Sequence[dict] = (
    {
        "programme": gettext_lazy("An intensive 3-week outpatient programme (Mayo Clinic, the first 1,000 patients)"),
        "finding": gettext_lazy(
            "Functional Disability Inventory from a mean of 27 at admission to 9 at discharge, 3 weeks later."
        ),
        "source": "Bruce BK et al. Mayo Clin Proc Innov Qual Outcomes 2017;1(2):141-149.",
    },
    {
        "programme": gettext_lazy(
            "A randomised trial of inpatient intensive interdisciplinary treatment (104 children)"
        ),
        "finding": gettext_lazy(
            "Disability and school absence improved at once, by the end of treatment; pain intensity only at later "
            "follow-up."
        ),
        "source": "Hechler T et al. Pain 2014;155(1):118-128.",
    },
)


# --- the treatment plan (diary.rules.plan) ----------------------------------------------------------------------------
# Plain words for what an item asks, and for the plan's weeks on Trends. They say what was asked and what was done,
# and never scold: a week with little done is said as plainly as a good one, with what can help.


def dose_words(dose: int, unit: str | None) -> str:
    """A dose with its unit: "25 minutes", "3 times", "10 repetitions"."""
    values = {"count": whole_number(dose)}
    if unit == plan.MINUTES:
        return ngettext("%(count)s minute", "%(count)s minutes", dose) % values
    if unit == plan.TIMES:
        return ngettext("%(count)s time", "%(count)s times", dose) % values
    return ngettext("%(count)s repetition", "%(count)s repetitions", dose) % values


def _weekday_names(weekdays) -> str:
    names = [str(WEEKDAYS[day - 1]) for day in weekdays]
    return get_text_list(names, gettext("and"))


def _when(terms: plan.Terms) -> tuple[str, dict]:
    """Which of the sentences below fits the item's days, and the values they take."""
    if terms.weekdays:
        return "weekdays", {"days": _weekday_names(terms.weekdays)}
    if terms.days_per_week == plan.WEEK:
        return "every_day", {}
    return "per_week", {"count": terms.days_per_week}


def _asks(item: plan.Item, terms: plan.Terms, dose: int | None) -> str:  # noqa: PLR0911 (one sentence each)
    when, values = _when(terms)
    if item.kind == plan.SCHOOL:
        level = terms.school_level
        if level == plan.FULL:
            return (
                ngettext(
                    "Full days at school, on %(count)s day a week.",
                    "Full days at school, on %(count)s days a week.",
                    values["count"],
                )
                % values
            )
        return (
            ngettext(
                "Part of the day at school, on %(count)s day a week.",
                "Part of the day at school, on %(count)s days a week.",
                values["count"],
            )
            % values
        )
    if dose is not None:
        values["dose"] = dose_words(dose, terms.unit)
        if when == "weekdays":
            return gettext("%(dose)s every %(days)s.") % values
        if when == "every_day":
            return gettext("%(dose)s a day, every day.") % values
        return (
            ngettext(
                "%(dose)s a day, on %(count)s day a week, any day you choose.",
                "%(dose)s a day, on %(count)s days a week, any days you choose.",
                values["count"],
            )
            % values
        )
    if when == "weekdays":
        return gettext("Every %(days)s.") % values
    if when == "every_day":
        return gettext("Every day.")
    return (
        ngettext(
            "On %(count)s day a week, any day you choose.",
            "On %(count)s days a week, any days you choose.",
            values["count"],
        )
        % values
    )


def _grading(terms: plan.Terms, dose: int | None) -> str | None:
    if dose is None or not (terms.step_amount and terms.step_every_weeks) or terms.max_amount is None:
        return None
    values = {
        "step": dose_words(terms.step_amount, terms.unit),
        "most": dose_words(terms.max_amount, terms.unit),
        "weeks": terms.step_every_weeks,
    }
    if dose >= terms.max_amount:
        return gettext("It has gone up to its most: %(most)s.") % values
    return (
        ngettext(
            "It goes up by %(step)s every week, up to %(most)s.",
            "It goes up by %(step)s every %(weeks)s weeks, up to %(most)s.",
            terms.step_every_weeks,
        )
        % values
    )


def plan_item_words(item: plan.Item, today) -> str:
    """What an item asks, in plain words, as of `today` (or its first day, before it starts): "25 minutes on 5 days a
    week, any days you choose. It goes up by 5 minutes every week, up to 45 minutes." School adds that it is counted
    from the day's school answer."""
    day = max(today, item.starts_on)
    terms = plan.terms_on(item, day)
    dose = plan.graded(terms, plan.whole_weeks(item.starts_on, day))
    sentences = [_asks(item, terms, dose), _grading(terms, dose)]
    if item.kind == plan.SCHOOL:
        sentences.append(gettext("It is counted from each day's school answer: nothing to tick."))
    return " ".join(sentence for sentence in sentences if sentence)


def plan_trend_message(sentences: Sequence[tuple[str, Mapping]]) -> str | None:
    """Trends' plan sentence (diary.rules.plan.trend_sentences), or None without a plan in the weeks shown."""
    said = []
    for code, facts in sentences:
        if code == "share":
            said.append(gettext("About %(percent)s%% of the plan was done in these weeks.") % facts)
        elif code == "more_each_week":
            said.append(gettext("A little more of it got done each week lately."))
        elif code == "work_came_first":
            said.append(
                gettext("Much of the plan was done in the weeks before function got better: the work came first.")
            )
        elif code == "any_part_counts":
            said.append(
                gettext(
                    "Every part of it that gets done counts, and the care team can change the plan if it is too much."
                )
            )
        else:
            raise ValueError(f"unknown plan sentence {code!r}")
    return " ".join(said) or None
