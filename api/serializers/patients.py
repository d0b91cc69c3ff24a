"""Patients: the list with the dashboard's columns, one patient, a child's profile."""

import datetime
import functools

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import handover, terms
from accounts.models import Patient, Share
from api.serializers.clinics import ClinicNameSerializer
from diary.rules import attention
from diary.vocabularies import FunctionBand


class CheckinPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    band = serializers.ChoiceField(choices=FunctionBand.choices)


class FlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=list(attention.RULES), help_text="; ".join(f"{code}: {rule}" for code, rule in attention.RULES.items())
    )
    message = serializers.CharField(help_text='With its exact count, such as "No entry for 9 days".')


class PatientListSerializer(serializers.Serializer):
    """One patient the caller may see, from an accounts.access.Access."""

    id = serializers.IntegerField(source="patient.pk")
    display_name = serializers.CharField(source="patient.display_name")
    relation = serializers.CharField(help_text="self, parent, clinician, or clinic where only a clinic opens it.")
    can_write = serializers.BooleanField()
    sees = serializers.SerializerMethodField()
    clinics = serializers.SerializerMethodField(
        help_text="The caller's clinics the patient shares with (empty where none): the Patients page says "
        '"Through Pain Team".'
    )

    last_entry = serializers.SerializerMethodField(help_text="The latest logged day.")
    days_logged_14 = serializers.SerializerMethodField(help_text="Days logged in the last 14, today included.")
    days_counted_14 = serializers.SerializerMethodField(
        help_text="Days of the last 14 counted: from the diary's first logged day when that is later (14 otherwise)."
    )
    adherence_14 = serializers.SerializerMethodField(
        help_text="days_logged_14 / days_counted_14 (null when no day is counted)."
    )
    function_trend = serializers.SerializerMethodField(
        help_text="up, flat or down: function's 7-day average today against 14 days earlier (null without data)."
    )
    latest_checkin = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField(
        help_text="no_recent_entry (nothing for 7 days), function_fell (by 2 or more over 2 weeks), plan_low (the "
        "treatment plan under half done in each of the last 2 whole weeks), low_mood (on 10 of the last 14 days; only "
        "where mood is shared)."
    )
    flag_messages = serializers.SerializerMethodField(
        help_text='The same flags in words, with their exact counts, such as "No entry for 9 days".'
    )
    can_hand_over = serializers.SerializerMethodField(
        help_text="True for a parent who keeps this child's profile once the child is 13: the diary can become the "
        "child's own (POST .../handover/)."
    )
    handed_over_at = serializers.DateTimeField(
        source="patient.handed_over_at",
        allow_null=True,
        help_text="When a diary a parent kept became the child's own; null for any other.",
    )

    def to_representation(self, access):
        """The fields above in their order, each read once: DRF's own loop (its field checks, the context looked up
        through the parent for every method field) was a tenth of a clinician's list of 200."""
        return {name: read(access) for name, read in self._readers}

    @functools.cached_property
    def _readers(self):
        def plain(field):
            return lambda access: field.to_representation(field.get_attribute(access))

        method = serializers.SerializerMethodField
        return [
            (name, getattr(self, field.method_name) if isinstance(field, method) else plain(field))
            for name, field in self.fields.items()
        ]

    def get_sees(self, access) -> list[str]:
        return [category for category in Share.values if category in access.sees]

    @extend_schema_field(ClinicNameSerializer(many=True))
    def get_clinics(self, access):
        return [{"id": link.clinic_id, "name": link.clinic.name} for link in access.clinic_links]

    def _status(self, access):
        return self.context["status"][access.patient.pk]

    def get_last_entry(self, access) -> datetime.date | None:
        return self._status(access)["last_entry"]

    def get_days_logged_14(self, access) -> int:
        return self._status(access)["days_logged_14"]

    def get_days_counted_14(self, access) -> int:
        return self._status(access)["days_counted_14"]

    def get_adherence_14(self, access) -> float | None:
        return self._status(access)["adherence_14"]

    def get_function_trend(self, access) -> str | None:
        return self._status(access)["function_trend"]

    @extend_schema_field(CheckinPointSerializer(allow_null=True))
    def get_latest_checkin(self, access):
        checkin = self._status(access)["latest_checkin"]
        return self._checkin_point.to_representation(checkin) if checkin else None

    @functools.cached_property
    def _checkin_point(self):
        # One for the whole list (a list serializer has one child): a new serializer per patient deep-copies its
        # fields each time, 200 times for a clinician's list of 200.
        return CheckinPointSerializer()

    def get_flags(self, access) -> list[str]:
        return self._status(access)["flags"]

    @extend_schema_field(FlagSerializer(many=True))
    def get_flag_messages(self, access):
        return self._status(access)["flag_messages"]

    def get_can_hand_over(self, access) -> bool:
        link = access.link
        return link is not None and link.manages and handover.can_hand_over(access.patient)


class PatientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = ["id", "display_name", "treatment_start", "timezone"]
        read_only_fields = ["id", "display_name", "timezone"]


class ChildProfileSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80)
    birth_date = serializers.DateField()
    consent = serializers.BooleanField(
        help_text="Required, and true: the parent agrees to the terms shown for a child's profile (their version "
        "and the time are kept, and appear in the data export).",
        error_messages={"required": terms.CONSENT_NEEDED},
    )
    terms_version = serializers.CharField(
        required=False,
        max_length=20,
        help_text=f"The version of the terms shown (now {terms.CHILD_PROFILE_TERMS_VERSION}); another one gets 400.",
    )
