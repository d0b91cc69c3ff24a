"""The treatment plan (docs/API.md, "Treatment plan"): an item as written and as answered, a day of the plan, adherence.

The ranges come from the model's (diary.models.plan), one source; the rules that join fields (days one way or the
other, no amount for a session) are the model's `clean`, reached through diary.recording.plan_services.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from diary.models.entries import range_message
from diary.models.plan import (
    INSTRUCTIONS_MAX_LENGTH,
    TERMS_RANGES,
    TITLE_MAX_LENGTH,
    PlanKind,
    PlanUnit,
    SchoolLevel,
)
from diary.rules import plan

KIND_HELP = (
    "exercise (graded exercise or functional aerobic training), desensitisation, session (a therapy appointment), "
    "activity (an everyday activity to return to), school (the step of the return to school in force)."
)
DOSE_HELP = "The dose on a day: min(max_amount, amount + step_amount * floor(weeks / step_every_weeks))."


class FromFieldMixin:
    """`from` is a Python keyword: these serializers declare `from_`. (api.serializers has the same mixin; it imports
    this module for the entry's, trends' and summary's plan fields, so this one cannot import it.)"""

    def get_fields(self):
        fields = super().get_fields()
        return {"from": fields.pop("from_"), **fields}


def _number(name, *, help_text, allow_null=True):
    low, high = TERMS_RANGES[name]
    message = range_message(low, high)
    return serializers.IntegerField(
        min_value=low,
        max_value=high,
        required=False,
        allow_null=allow_null,
        help_text=help_text,
        error_messages={"min_value": message, "max_value": message, "invalid": _("Use a whole number, such as 4.")},
    )


class WeekdaysField(serializers.ListField):
    child = serializers.IntegerField(min_value=plan.MONDAY, max_value=plan.SUNDAY)

    def __init__(self, **kwargs):
        super().__init__(min_length=1, max_length=plan.WEEK, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        days = super().to_internal_value(data)
        if len(set(days)) != len(days):
            raise serializers.ValidationError(_("Each day may appear once."))
        return sorted(days)


class PlanItemWriteSerializer(serializers.Serializer):
    """An item as a clinician writes it (POST); a PATCH sends some of these fields."""

    kind = serializers.ChoiceField(choices=PlanKind.choices, help_text=KIND_HELP)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH, help_text="1-80 characters.")
    instructions = serializers.CharField(
        max_length=INSTRUCTIONS_MAX_LENGTH, required=False, allow_blank=True, help_text="Up to 1,000 characters."
    )
    unit = serializers.ChoiceField(
        choices=PlanUnit.choices,
        required=False,
        allow_null=True,
        help_text="Not for session and school items; optional for an activity (with an amount).",
    )
    amount = _number("amount", help_text="1-1440, in `unit`: the dose on `starts_on`.")
    days_per_week = _number("days_per_week", help_text="1-7, any days the teen chooses; or `weekdays`, not both.")
    weekdays = WeekdaysField(required=False, help_text="ISO weekdays (1 Monday ... 7 Sunday), fixed days.")
    starts_on = serializers.DateField(required=False, help_text="Default: the patient's today; may be in the past.")
    step_every_weeks = _number("step_every_weeks", help_text="0 (the default) keeps the dose fixed.")
    step_amount = _number("step_amount", help_text="Added every `step_every_weeks` whole weeks since `starts_on`.")
    max_amount = _number("max_amount", help_text="At least `amount`; required where the dose rises.")
    school_level = serializers.ChoiceField(
        choices=SchoolLevel.choices, required=False, allow_null=True, help_text="School items only."
    )


class PersonNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class PlanTermsSerializer(serializers.Serializer):
    """What an item asked from `valid_from` on (until the next terms)."""

    valid_from = serializers.DateField()
    unit = serializers.ChoiceField(choices=PlanUnit.choices, allow_null=True)
    amount = serializers.IntegerField(allow_null=True)
    step_amount = serializers.IntegerField()
    step_every_weeks = serializers.IntegerField()
    max_amount = serializers.IntegerField(allow_null=True)
    days_per_week = serializers.IntegerField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    school_level = serializers.ChoiceField(choices=SchoolLevel.choices, allow_null=True)


class DoseStepSerializer(FromFieldMixin, serializers.Serializer):
    from_ = serializers.DateField()
    dose = serializers.IntegerField(allow_null=True)


class PlanItemSerializer(serializers.Serializer):
    """An item: its current terms (a change shows at once and is in force from the day after it was made)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PlanKind.choices, help_text=KIND_HELP)
    title = serializers.CharField()
    instructions = serializers.CharField(allow_blank=True)
    unit = serializers.ChoiceField(choices=PlanUnit.choices, allow_null=True)
    amount = serializers.IntegerField(allow_null=True, help_text=DOSE_HELP)
    days_per_week = serializers.IntegerField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    starts_on = serializers.DateField()
    step_every_weeks = serializers.IntegerField()
    step_amount = serializers.IntegerField()
    max_amount = serializers.IntegerField(allow_null=True)
    school_level = serializers.ChoiceField(choices=SchoolLevel.choices, allow_null=True)
    ended_on = serializers.DateField(allow_null=True, help_text="The first day it no longer runs.")
    created_by = PersonNameSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    dose_today = serializers.IntegerField(allow_null=True, help_text="The dose on the patient's today.")
    description = serializers.CharField(help_text="What it asks, in plain words in the reader's language.")
    ahead = DoseStepSerializer(many=True, help_text="From today, each day of the next 8 weeks its dose changes.")
    terms = PlanTermsSerializer(many=True, help_text="Every set of terms it had, oldest first.")


class PlanSerializer(serializers.Serializer):
    items = PlanItemSerializer(many=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = PersonNameSerializer(allow_null=True)


class PlanQuerySerializer(serializers.Serializer):
    include_ended = serializers.BooleanField(default=False, help_text="Also list the items that have ended.")


class PlanDayItemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    title = serializers.CharField()
    unit = serializers.ChoiceField(choices=PlanUnit.choices, allow_null=True)
    dose = serializers.IntegerField(allow_null=True, help_text="That day's dose (null for sessions and school).")
    done = serializers.IntegerField(
        allow_null=True, help_text="The amount the entry records (null when none); school: 1 or 0 from `school`."
    )


class PlanTickSerializer(serializers.Serializer):
    """One item done on a day: `amount` in the item's unit (sessions and activities: 1 for done)."""

    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    amount = serializers.IntegerField(
        min_value=0,
        max_value=plan.TICK_LIMIT * plan.MAX_AMOUNT,
        error_messages={"min_value": _("An amount can't be below 0.")},
    )


class ItemWeekSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    expected = serializers.FloatField()
    done = serializers.FloatField()


class AdherenceWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="The Monday; only the week's days in the period are counted.")
    expected = serializers.FloatField()
    done = serializers.FloatField()
    adherence = serializers.FloatField()
    items = ItemWeekSerializer(many=True)


class AdherenceSerializer(FromFieldMixin, serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    weeks = AdherenceWeekSerializer(many=True, help_text="Weeks with nothing expected are left out.")
    adherence = serializers.FloatField(allow_null=True)


class PlanWeekSerializer(FromFieldMixin, serializers.Serializer):
    """A Monday-to-Sunday week of Trends: the plan's share done beside function and pain over the same days."""

    week_start = serializers.DateField()
    from_ = serializers.DateField()
    to = serializers.DateField()
    expected = serializers.FloatField(allow_null=True)
    done = serializers.FloatField(allow_null=True)
    adherence = serializers.FloatField(allow_null=True)
    function = serializers.FloatField(allow_null=True)
    pain = serializers.FloatField(allow_null=True)


class RecentWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    expected = serializers.FloatField()
    done = serializers.FloatField()
    adherence = serializers.FloatField()


class SummaryPlanItemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    unit = serializers.ChoiceField(choices=PlanUnit.choices, allow_null=True)
    dose = serializers.IntegerField(allow_null=True, help_text="Its dose on the period's last day it ran.")
    expected = serializers.FloatField()
    done = serializers.FloatField()
    adherence = serializers.FloatField(allow_null=True)


class SummaryPlanSerializer(serializers.Serializer):
    adherence = serializers.FloatField(allow_null=True, help_text="Done over expected across the period's weeks.")
    recent_weeks = RecentWeekSerializer(many=True, help_text="The period's last 4 weeks with something expected.")
    items = SummaryPlanItemSerializer(many=True, help_text="Each item that ran in the period.")
