"""The weekly function check-in (Functional Disability Inventory)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.entries import EnteredBySerializer
from diary.models import FunctionCheckin
from diary.models.checkins import ANSWER_MESSAGE
from diary.vocabularies import FDI_ACTIVITIES, FunctionBand


class CheckinSerializer(serializers.ModelSerializer):
    """A weekly Functional Disability Inventory: `answers` are 15 numbers from 0 to 4, in the order of PRODUCT.md."""

    answers = serializers.ListField(
        child=serializers.IntegerField(
            min_value=0,
            max_value=4,
            error_messages={
                "min_value": ANSWER_MESSAGE,
                "max_value": ANSWER_MESSAGE,
                "invalid": ANSWER_MESSAGE,
            },
        ),
        min_length=len(FDI_ACTIVITIES),
        max_length=len(FDI_ACTIVITIES),
        # DRF fills in {min_length} and {max_length}: the number of activities, 15.
        error_messages={
            "min_length": _("Answer all {min_length} activities."),
            "max_length": _("Send {max_length} answers, one for each activity."),
        },
    )
    band = serializers.ChoiceField(choices=FunctionBand.choices, read_only=True)
    entered_by = EnteredBySerializer(read_only=True)

    class Meta:
        model = FunctionCheckin
        fields = ["date", "answers", "total", "band", "entered_by", "updated_at"]
        read_only_fields = ["date", "total", "entered_by", "updated_at"]
