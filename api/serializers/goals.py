"""Weekly goals (docs/API.md, version 1.1): the goals, a week's progress, the weeks met and the kind streaks."""

from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import serializers

from diary.models import TITLE_MAX_LENGTH, Goal
from diary.rules import goals
from diary.vocabularies import GoalMeasure

TARGET_HELP = (
    "Per Monday-to-Sunday week, at least 1: minutes for exercise_minutes "
    f"(at most {goals.MAX_TARGET[goals.EXERCISE_MINUTES]:,}), else days (at most {goals.MAX_DAYS_TARGET})."
)
MEASURE_HELP = (
    "exercise_minutes: the week's total; school_days: days with school full or partial; therapy_days: days with at "
    "least one therapy; logged_days: days logged; custom: days whose entry's goals_done holds the goal's id."
)


def _too_many_minutes() -> str:
    highest = goals.MAX_TARGET[goals.EXERCISE_MINUTES]
    return ngettext(
        "A week holds at most %(highest)s minute: use that or fewer.",
        "A week holds at most %(highest)s minutes: use that or fewer.",
        highest,
    ) % {"highest": formats.number_format(highest, force_grouping=True)}


TARGET_ERRORS = {
    "min_value": _("Use a whole number of at least 1."),
    # Worked out when the message is shown, in the language of the request that gets it.
    "max_value": lazy(_too_many_minutes, str)(),
    "invalid": _("Use a whole number, such as 4."),
}


class GoalSerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    measure = serializers.ChoiceField(choices=GoalMeasure.choices, help_text=MEASURE_HELP)
    target = serializers.IntegerField(
        min_value=1,
        max_value=goals.MAX_TARGET[goals.EXERCISE_MINUTES],
        help_text=TARGET_HELP,
        error_messages=TARGET_ERRORS,
    )

    class Meta:
        model = Goal
        fields = ["id", "title", "measure", "target", "active", "created_at"]
        read_only_fields = ["id", "active", "created_at"]


class GoalChangeSerializer(serializers.Serializer):
    """What may change: the title, the target, and `active` (false stops the goal; its weeks are kept)."""

    title = serializers.CharField(max_length=TITLE_MAX_LENGTH, required=False)
    target = serializers.IntegerField(
        min_value=1,
        max_value=goals.MAX_TARGET[goals.EXERCISE_MINUTES],
        required=False,
        help_text=TARGET_HELP,
        error_messages=TARGET_ERRORS,
    )
    active = serializers.BooleanField(required=False)


class GoalProgressSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text="The goal's id.")
    week_start = serializers.DateField(help_text="Monday.")
    week_end = serializers.DateField(help_text="Sunday.")
    value = serializers.IntegerField(help_text="Minutes (exercise_minutes) or days, counted so far.")
    target = serializers.IntegerField()
    met = serializers.BooleanField(help_text="value >= target.")
    title = serializers.CharField()
    measure = serializers.ChoiceField(choices=GoalMeasure.choices)
    target_words = serializers.CharField(help_text='The target in words: "150 minutes a week", "every day".')
    message = serializers.CharField(help_text='One kind sentence, such as "3 of 4 days so far: one more to go."')


class GoalWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    value = serializers.IntegerField()
    target = serializers.IntegerField()
    met = serializers.BooleanField()
    over = serializers.BooleanField(help_text="The week ended on or before `to`.")
    goal = serializers.IntegerField()


class GoalWeeksSerializer(serializers.Serializer):
    """One active goal over the period, by the progress endpoint's own arithmetic (diary.rules.goals)."""

    goal = serializers.IntegerField()
    title = serializers.CharField()
    measure = serializers.ChoiceField(choices=GoalMeasure.choices)
    target = serializers.IntegerField()
    target_words = serializers.CharField(help_text='The target in words: "150 minutes a week", "every day".')
    weeks = GoalWeekSerializer(
        many=True, help_text="The weeks that overlap the period, from the week the goal was set."
    )
    weeks_met = serializers.IntegerField()
    weeks_counted = serializers.IntegerField(
        help_text="Weeks that are over, and the week still going once it is met: a week still going never counts "
        "as not met."
    )
    message = serializers.CharField(help_text='Such as "Reached in 6 of 10 weeks."')


class GoalStreakSerializer(serializers.Serializer):
    goal = serializers.IntegerField()
    title = serializers.CharField()
    weeks_in_a_row = serializers.IntegerField(
        help_text="Weeks in a row the goal was met, up to this week (this week counts once met; until then the count "
        "runs to last week)."
    )
    message = serializers.CharField(allow_null=True, help_text='"3 weeks in a row" from 2 weeks on, else null.')


class StreaksSerializer(serializers.Serializer):
    """Kind streaks: counts of days logged and of weeks goals were met; never pain, never a zero to shame a day."""

    today = serializers.DateField(help_text="The patient's today.")
    logged_last_7 = serializers.IntegerField(help_text="Days logged of the last 7, today included.")
    message = serializers.CharField(allow_null=True, help_text='"6 of the last 7 days logged"; null when none was.')
    goals = GoalStreakSerializer(many=True)
