"""Growing up: a child's diary handed over to her."""

from rest_framework import serializers

from accounts.models import Language


class HandoverRequestSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254, help_text="The child's own address, which has no account yet.")


class HandoverSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    email = serializers.CharField()
    expires_at = serializers.DateTimeField(help_text="The link works once, until then (14 days).")


class HandoverAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    display_name = serializers.CharField(max_length=80)
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The language Stride speaks to her. Without it, the request's language (Accept-Language).",
    )


class HandedOverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.CharField(help_text='Always "teen".')
    patient_id = serializers.IntegerField(help_text="The diary she now owns.")
