"""The care circle: invitations, the care team (people and clinics) and the access log."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Share
from accounts.models.care import INVITATION_ROLES
from api.serializers.clinics import ClinicNameSerializer


class SeesField(serializers.ListField):
    child = serializers.ChoiceField(choices=Share.choices)


class InvitationCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=INVITATION_ROLES)
    sees = SeesField(required=False, max_length=3)


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    sees = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class InvitationListQuerySerializer(serializers.Serializer):
    include_expired = serializers.BooleanField(
        default=False,
        help_text="Also list the codes that expired unused in the last 30 days, each with `expired: true`.",
    )


class ListedInvitationSerializer(InvitationSerializer):
    expired = serializers.BooleanField(help_text="True once the code's 7 days are over: it no longer works.")
    code = serializers.CharField(
        source="shown_code",
        allow_null=True,
        help_text="The code, while it still works, so its owner can send it again; null once expired.",
    )


class NewInvitationSerializer(InvitationSerializer):
    code = serializers.CharField(help_text="The one-time code; its owner can see it again in the list while it works.")


class AcceptSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)
    clinic = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=10**18 - 1,
        help_text="A clinic the caller is a member of: a clinician's code is then accepted for the whole clinic.",
    )


class AcceptedSerializer(serializers.Serializer):
    patient_id = serializers.IntegerField()
    relation = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    role = serializers.CharField()


class CareTeamClinicSerializer(serializers.Serializer):
    """A clinic on the care team, with its members now: each of them reads what the clinic was given."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    members = serializers.SerializerMethodField()

    @extend_schema_field(PersonSerializer(many=True))
    def get_members(self, clinic):
        return [
            {"id": member.user.pk, "display_name": member.user.display_name, "role": member.role}
            for member in clinic.active_members
        ]


class CareTeamMemberSerializer(serializers.Serializer):
    """A person on the care team (`user`), or a clinic (`relation` clinic, `user` null, `clinic` with its members)."""

    id = serializers.IntegerField()
    user = PersonSerializer(source="member", allow_null=True)
    relation = serializers.CharField()
    sees = serializers.ListField(child=serializers.CharField())
    manages = serializers.BooleanField()
    since = serializers.DateTimeField()
    paused = serializers.BooleanField(
        help_text="On the team but reading nothing until the owner resumes them: a parent, from the teen's 18th "
        "birthday."
    )
    paused_at = serializers.DateTimeField(allow_null=True)
    clinic = CareTeamClinicSerializer(allow_null=True, required=False)


class CareTeamChangeSerializer(serializers.Serializer):
    """What the diary's owner changes about one member: what they see, and whether their access is paused."""

    sees = SeesField(max_length=3, required=False)
    paused = serializers.BooleanField(
        required=False,
        help_text="false resumes a paused member (a parent's access pauses on the teen's 18th birthday); true "
        "pauses one: they stay on the team and read nothing (404) until resumed.",
    )

    def validate(self, data):
        if not data:
            raise serializers.ValidationError({"detail": _("Send sees, paused or both.")})
        return data


class AccessLogSerializer(serializers.Serializer):
    """One visit: `count` reads (or exports) by one person from `first_at` to `at`, each within 10 minutes of the
    one before. `details` lists what was read, in the order first read; `detail` is the same on one line."""

    at = serializers.DateTimeField(help_text="The latest read of the visit; the log is newest first by it.")
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    detail = serializers.CharField()
    first_at = serializers.DateTimeField(help_text="The first read of the visit.")
    count = serializers.IntegerField(min_value=1, help_text="How many reads the visit holds.")
    details = serializers.ListField(
        child=serializers.CharField(),
        help_text='What was read, in the order first read: codes such as "list" (the patients list), "profile", '
        '"trends", "entries" or "entry 2026-03-02".',
    )

    clinic = serializers.SerializerMethodField(help_text="The clinic the reader read through, where there was one.")

    def get_actor(self, row) -> PersonSerializer:
        return {"id": row.actor_id, "display_name": row.actor_name, "role": row.actor_role}

    @extend_schema_field(ClinicNameSerializer(allow_null=True))
    def get_clinic(self, row):
        return {"id": row.clinic_id, "name": row.clinic_name} if row.clinic_name else None
