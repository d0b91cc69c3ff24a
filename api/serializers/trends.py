"""Trends, the Summary and Clinic outcomes: descriptions of the answers for the schema."""

from rest_framework import serializers

from api.serializers.goals import GoalWeeksSerializer
from api.serializers.patients import CheckinPointSerializer, FlagSerializer
from api.serializers.plan import PlanWeekSerializer, SummaryPlanSerializer
from diary.vocabularies import FunctionBand, InsightStatus, School


class FromFieldMixin:
    """`from` is a Python keyword, so such serializers declare `from_` and rename it here."""

    def get_fields(self):
        fields = super().get_fields()
        return {"from": fields.pop("from_"), **fields}


class WindowSerializer(FromFieldMixin, serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    pain = serializers.FloatField(allow_null=True, help_text="Mean; null when fewer than 4 of the 7 days have it.")
    function = serializers.FloatField(allow_null=True, help_text="Mean; null when fewer than 4 of the 7 days have it.")


class InsightSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InsightStatus.values)
    baseline = WindowSerializer(allow_null=True)
    recent = WindowSerializer(allow_null=True)
    function_improved_on = serializers.DateField(allow_null=True)
    pain_improved_on = serializers.DateField(allow_null=True)
    message = serializers.CharField(
        help_text="One plain sentence; where function's last 7 days are below its first week, it says so."
    )


def _column(child):
    return serializers.ListField(child=child, help_text="One value per day of `dates`; null where nothing was logged.")


class MeanSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)


class SchoolSerializer(serializers.Serializer):
    days_scheduled = serializers.IntegerField(help_text="Days logged as full, partial or missed.")
    attendance = serializers.FloatField(allow_null=True, help_text="Full counts 1, partial 0.5, missed 0.")
    full = serializers.IntegerField()
    partial = serializers.IntegerField()
    missed = serializers.IntegerField()


COUNTED_FROM = (
    "The first day counted: the later of `from` and the diary's first logged day (null when no day is counted)."
)


EXERCISE_PER_WEEK = (
    "The minutes logged over the days counted, per week (their sum over days_in_period / 7): a day with no "
    "exercise logged adds nothing. Null when no exercise was logged in them."
)


class FiguresSerializer(serializers.Serializer):
    """The figures of the period shown, by the same functions as the Summary's (diary.rules.figures)."""

    counted_from = serializers.DateField(allow_null=True, help_text=COUNTED_FROM)
    days_in_period = serializers.IntegerField(help_text="Days from counted_from to `to`.")
    days_logged = serializers.IntegerField()
    adherence = serializers.FloatField(allow_null=True, help_text="days_logged / days_in_period.")
    sleep_hours = MeanSerializer()
    sleep_quality = MeanSerializer()
    mood = MeanSerializer(required=False, help_text="Only where the caller was given mood.")
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)
    school = SchoolSerializer()


class WeekSerializer(FromFieldMixin, serializers.Serializer):
    """One week of the period (weeks end on `to`, so only the oldest may be shorter), by the rules of `figures`."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    days_logged = serializers.IntegerField()
    function = serializers.FloatField(allow_null=True, help_text="Mean of the days logged.")
    pain = serializers.FloatField(allow_null=True)
    sleep_hours = serializers.FloatField(allow_null=True)
    sleep_quality = serializers.FloatField(allow_null=True)
    mood = serializers.FloatField(allow_null=True, required=False, help_text="Only where the caller was given mood.")
    fatigue = serializers.FloatField(allow_null=True)
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)


class TrendsSerializer(FromFieldMixin, serializers.Serializer):
    """Describes the trends answer for the schema; the view builds the column arrays directly."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    dates = serializers.ListField(child=serializers.DateField())
    pain = _column(serializers.IntegerField(allow_null=True))
    function = _column(serializers.IntegerField(allow_null=True))
    sleep_hours = _column(serializers.FloatField(allow_null=True))
    sleep_quality = _column(serializers.IntegerField(allow_null=True))
    mood = _column(serializers.IntegerField(allow_null=True))
    fatigue = _column(serializers.IntegerField(allow_null=True))
    exercise_minutes = _column(serializers.IntegerField(allow_null=True))
    school = _column(serializers.ChoiceField(choices=School.choices, allow_null=True))
    pain_avg7 = _column(serializers.FloatField(allow_null=True))
    function_avg7 = _column(serializers.FloatField(allow_null=True))
    checkins = CheckinPointSerializer(many=True)
    insight = InsightSerializer()
    figures = FiguresSerializer()
    weeks = WeekSerializer(many=True)
    goals = GoalWeeksSerializer(many=True, help_text="Each active weekly goal: its weeks in the period, weeks met.")
    plan_adherence = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="The treatment plan's adherence, one value per Monday-to-Sunday week that overlaps the days shown "
        "(oldest first; only the week's days shown are counted), null where nothing was expected.",
    )
    plan_weeks = PlanWeekSerializer(many=True, help_text="The same weeks, with function and pain over the same days.")
    plan_message = serializers.CharField(
        allow_null=True, help_text="What the plan's weeks show, in the reader's words (null without a plan in them)."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["mood"].help_text = "Only where the caller was given mood."
        return fields


class ChangeSerializer(serializers.Serializer):
    baseline = serializers.FloatField(allow_null=True, help_text="Mean of the baseline week (see the insight).")
    recent = serializers.FloatField(allow_null=True, help_text="Mean of the last 7 days of the period.")
    change = serializers.FloatField(allow_null=True)


class CheckinTotalSerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    band = serializers.ChoiceField(choices=FunctionBand.choices)


class CheckinChangeSerializer(serializers.Serializer):
    first = CheckinTotalSerializer(allow_null=True)
    latest = CheckinTotalSerializer(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    band = serializers.ChoiceField(choices=FunctionBand.choices, allow_null=True)


class CodeCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    days = serializers.IntegerField()


class PatientFactsSerializer(serializers.Serializer):
    display_name = serializers.CharField()
    birth_date = serializers.DateField()
    age = serializers.IntegerField(help_text="In whole years, on the patient's today.")
    record_number = serializers.CharField(
        allow_null=True, help_text="The reader's clinic's own record number for the patient, where it set one."
    )


class SummaryNoteSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()


class CurrentSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True, help_text="The latest logged day of the period (null: none).")
    pain = serializers.IntegerField(allow_null=True)
    function = serializers.IntegerField(allow_null=True)


class SummarySerializer(FromFieldMixin, serializers.Serializer):
    """Describes the summary answer for the schema; the numbers come from diary.rules.figures and
    diary.rules.summary."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    patient = PatientFactsSerializer()
    counted_from = serializers.DateField(allow_null=True, help_text=COUNTED_FROM)
    days_in_period = serializers.IntegerField(help_text="Days from counted_from to `to`.")
    days_logged = serializers.IntegerField()
    adherence = serializers.FloatField(allow_null=True, help_text="days_logged / days_in_period.")
    pain = ChangeSerializer()
    function = ChangeSerializer()
    sleep_hours = MeanSerializer()
    mood = MeanSerializer(required=False, help_text="Only where the caller was given mood.")
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)
    school = SchoolSerializer()
    checkins = CheckinChangeSerializer()
    insight = InsightSerializer()
    flags = FlagSerializer(
        many=True, help_text="The dashboard's flags as they stood on `to` (low_mood only where mood is shared)."
    )
    symptoms = CodeCountSerializer(many=True, help_text="The five symptoms logged on the most days.")
    pain_locations = CodeCountSerializer(many=True, help_text="The five pain locations logged on the most days.")
    goals = GoalWeeksSerializer(many=True, help_text="Each active weekly goal: its weeks in the period, weeks met.")
    notes = SummaryNoteSerializer(
        many=True,
        help_text="The period's notes the caller may read (where `notes` is shared; never a private note), newest "
        "first, at most 10.",
    )
    current = CurrentSerializer(help_text="The answers of the latest logged day of the period.")
    plan = SummaryPlanSerializer(help_text="The treatment plan over the period.")


class OutcomeMeasureSerializer(serializers.Serializer):
    baseline_median = serializers.FloatField(allow_null=True, help_text="Median of the first-week means.")
    recent_median = serializers.FloatField(allow_null=True, help_text="Median of the last-7-days means.")
    improved = serializers.IntegerField(help_text="Patients whose last 7 days are 2 or more points better.")
    n = serializers.IntegerField(help_text="Patients with both means: the medians and `improved` are over them.")


class OutcomeFdiSerializer(serializers.Serializer):
    first_median = serializers.FloatField(allow_null=True, help_text="Median of each patient's first check-in total.")
    latest_median = serializers.FloatField(allow_null=True, help_text="Median of each patient's latest total.")
    reached_minimal = serializers.IntegerField(
        help_text="Patients whose latest check-in is minimal (0-12) and whose first was not."
    )
    n = serializers.IntegerField(help_text="Patients with a check-in in the period.")


class OutcomeDaysSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(help_text="Patients whose function improved (the insight's function_improved_on).")


class ChangeCountSerializer(serializers.Serializer):
    change = serializers.IntegerField(help_text="Function's change in whole points (halves away from zero).")
    patients = serializers.IntegerField()


class OutcomesSerializer(FromFieldMixin, serializers.Serializer):
    """Clinic outcomes (docs/API.md): each patient's Summary for the period, as medians and counts."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    patients = serializers.IntegerField(help_text="Patients who share with the caller and logged 14 or more days.")
    not_enough_data = serializers.IntegerField(
        help_text="Patients who share with the caller but logged fewer than 14 days in the period: not counted below."
    )
    function = OutcomeMeasureSerializer()
    pain = OutcomeMeasureSerializer()
    fdi = OutcomeFdiSerializer()
    days_to_function_improved = OutcomeDaysSerializer(
        help_text="Days from the first day of the baseline week to the day function improved."
    )
    adherence_median = serializers.FloatField(allow_null=True)
    plan_adherence_median = serializers.FloatField(
        allow_null=True,
        help_text="Median of the treatment plan's adherence over the period, of the patients with a plan in it.",
    )
    statuses = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many patients have each insight status: " + ", ".join(InsightStatus.values),
    )
    function_change = ChangeCountSerializer(
        many=True, help_text="How many patients' function changed by each whole number of points, at least -3..+3."
    )
