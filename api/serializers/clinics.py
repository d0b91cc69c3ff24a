"""Clinic teams (docs/API.md, version 1.2): clinics, their codes, members and patients."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import RECORD_NUMBER_LENGTH, Clinic, ClinicRole, Share
from accounts.models.care import shared_by
from diary.rules import attention

NAME_LENGTH = Clinic._meta.get_field("name").max_length
SHARE_ORDER = tuple(Share.values)  # Share.values builds a new list on every call: 50 times a page


class ClinicCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_LENGTH)


class ClinicSerializer(serializers.Serializer):
    """A clinic as one of its members sees it: `role` is the caller's own."""

    id = serializers.IntegerField(source="clinic.pk")
    name = serializers.CharField(source="clinic.name")
    role = serializers.ChoiceField(choices=ClinicRole.choices, help_text="The caller's role in the clinic.")


class ClinicDetailSerializer(ClinicSerializer):
    mfa_required = serializers.BooleanField(
        source="clinic.mfa_required",
        help_text="Members need an authenticator app before they read the clinic's patients (403 mfa_required).",
    )


class ClinicChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_LENGTH, required=False)
    mfa_required = serializers.BooleanField(required=False)


class ClinicInvitationCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ClinicRole.choices)


class ClinicInvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="Shown once: only a hash of it is kept. Single use, 7 days.")
    role = serializers.ChoiceField(choices=ClinicRole.choices)
    expires_at = serializers.DateTimeField()


class ClinicJoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)


class ClinicNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ClinicJoinedSerializer(serializers.Serializer):
    clinic = ClinicNameSerializer()
    role = serializers.ChoiceField(choices=ClinicRole.choices)


class MemberUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    email = serializers.EmailField()


class ClinicMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = MemberUserSerializer()
    role = serializers.ChoiceField(choices=ClinicRole.choices)
    since = serializers.DateTimeField()


class ClinicRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ClinicRole.choices)


class ClinicPatientsQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=80, help_text="Part of a name or of the clinic's record number."
    )
    flag = serializers.ChoiceField(choices=list(attention.RULES), required=False, help_text="Only those with it.")


class RecordNumberSerializer(serializers.Serializer):
    record_number = serializers.CharField(max_length=RECORD_NUMBER_LENGTH, allow_blank=True)


class FlagMessageSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(attention.RULES))
    message = serializers.CharField()


class ClinicPatientSerializer(serializers.Serializer):
    """One patient on a clinic's list, from a row of diary.reading.dashboard.clinic_rows and its status as the clinic
    sees it (`context["status"]`, by patient id)."""

    patient_id = serializers.IntegerField()
    display_name = serializers.CharField()
    record_number = serializers.CharField()
    flags = serializers.SerializerMethodField(
        help_text="; ".join(f"{code}: {rule}" for code, rule in attention.RULES.items())
    )
    flag_messages = serializers.SerializerMethodField(help_text='The flags in words, such as "No entry for 9 days".')
    last_entry = serializers.SerializerMethodField()
    sees = serializers.SerializerMethodField()
    since = serializers.DateTimeField()

    def to_representation(self, row):
        # The fields in their declared order, each as its field would say it: a clinic's page shapes 50 rows on
        # every open, and DRF's field-by-field walk was a tenth of the page's time.
        return {
            "patient_id": row["patient_id"],
            "display_name": row["display_name"],
            "record_number": row["record_number"],
            "flags": self.get_flags(row),
            "flag_messages": self.get_flag_messages(row),
            "last_entry": self.get_last_entry(row),
            "sees": self.get_sees(row),
            "since": self.fields["since"].to_representation(row["since"]),
        }

    def _status(self, row) -> dict:
        return self.context["status"][row["patient_id"]]

    def get_flags(self, row) -> list[str]:
        return self._status(row)["flags"]

    @extend_schema_field(FlagMessageSerializer(many=True))
    def get_flag_messages(self, row):
        return self._status(row)["flag_messages"]

    def get_last_entry(self, row) -> str | None:
        last = self._status(row)["last_entry"]
        return last.isoformat() if last else None

    def get_sees(self, row) -> list[str]:
        shared = shared_by(sees=row["sees"], manages=row["manages"])
        return [category for category in SHARE_ORDER if category in shared]
