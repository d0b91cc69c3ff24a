"""Daily entries, as diary.reading cut them for their reader."""

import copy
import functools

from rest_framework import serializers

from accounts.models import User
from api.serializers.plan import PlanTickSerializer
from diary.models import DailyEntry
from diary.reading.health_data import ShownEntry
from diary.recording.services import ENTRY_FIELDS
from diary.vocabularies import PainLocation, School, Symptom, Therapy


class EnteredBySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "role"]


def _codes(vocabulary):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=vocabulary.choices), required=False, max_length=len(vocabulary)
    )


class EntrySerializer(serializers.ModelSerializer):
    """One daily entry. Fields the viewer was not given are left out of the answer, not sent as null (the answer is
    written from a `diary.reading.health_data.ShownEntry`, which never holds them)."""

    sleep_hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False, allow_null=True, coerce_to_string=False
    )
    # Declared so that "" is refused (400): the model's blank=True would let it through to a CHECK (500).
    school = serializers.ChoiceField(choices=School.choices, required=False, allow_null=True)
    symptoms = _codes(Symptom)
    pain_locations = _codes(PainLocation)
    therapies = _codes(Therapy)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, trim_whitespace=False)
    goals_done = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=50,
        help_text="Ids of this diary's `custom` goals done on this day (ticked on Today).",
    )
    plan_done = serializers.ListField(
        child=PlanTickSerializer(),
        required=False,
        max_length=50,
        help_text="What was done that day of the treatment plan's items, each once: the amount in the item's unit "
        "(sessions and activities: 1 for done). A PUT without it keeps the day's ticks; [] clears them.",
    )
    entered_by = EnteredBySerializer(read_only=True)

    class Meta:
        model = DailyEntry
        fields = ["date", *ENTRY_FIELDS, "entered_by", "version", "updated_at"]
        read_only_fields = ["date", "entered_by", "version", "updated_at"]

    def get_fields(self):
        # A copy of the fields worked out once from the model (as DRF copies the declared ones for every instance):
        # working them out again for every entry saved was a fifth of its time.
        return copy.deepcopy(_model_fields())

    def to_representation(self, entry: ShownEntry):
        """An entry as `diary.reading.health_data` cut it for its reader: the fields they were not given are not in
        it."""
        fields = _output_fields()
        data = {"date": fields["date"].to_representation(entry.date)}
        for name in ENTRY_FIELDS:
            if name in entry.values:
                value = entry.values[name]
                data[name] = None if value is None else fields[name].to_representation(value)
        writer = entry.entered_by_id and {"id": entry.entered_by_id, "role": entry.entered_by_role}
        data["entered_by"] = writer or None
        data["version"] = entry.version
        data["updated_at"] = fields["updated_at"].to_representation(entry.updated_at)
        return data


@functools.cache
def _model_fields():
    return serializers.ModelSerializer.get_fields(EntrySerializer())


@functools.cache
def _output_fields():
    """EntrySerializer's fields, built once: writing an answer reads no request, context or parent of theirs, and
    building them (a ModelSerializer's fields, deep-copied) was a fifth of the time of saving an entry."""
    return EntrySerializer().fields
