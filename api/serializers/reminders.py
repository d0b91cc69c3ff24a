"""Reminders (docs/API.md, version 1.1): the daily reminder's settings and the browser's push subscription."""

import base64
import binascii
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from reminders.models import Channel

HH_MM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


class ReminderSettingsSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    time = serializers.CharField(
        max_length=5,
        help_text="HH:MM, 24-hour, in the time zone of the person reminded (the caller).",
        error_messages={
            "blank": gettext_lazy("Choose a time, such as 19:30."),
            "max_length": gettext_lazy("Use a time written as HH:MM."),
        },
    )
    days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        max_length=7,
        help_text="ISO weekdays: 1 Monday ... 7 Sunday, each at most once.",
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), max_length=2, help_text="email, push, or both."
    )

    def validate_time(self, value):
        if not HH_MM.fullmatch(value):
            raise serializers.ValidationError(_("Use a time written as HH:MM, such as 19:30."))
        return value

    def validate_days(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("Each day may appear once."))
        return sorted(value)

    def validate_channels(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("Each channel may appear once."))
        return value


class ReminderAnswerSerializer(ReminderSettingsSerializer):
    vapid_public_key = serializers.CharField(
        allow_null=True,
        help_text="For the browser's PushManager.subscribe (applicationServerKey); null where push is not offered.",
    )


def _base64url(value, length, name):
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length or (name == "p256dh" and raw[0] != 4):
        raise serializers.ValidationError(
            _("Send the browser's %(name)s key as it gives it (base64url).") % {"name": name}
        )
    return value


class PushKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(max_length=100)
    auth = serializers.CharField(max_length=50)

    def validate_p256dh(self, value):
        return _base64url(value, 65, "p256dh")

    def validate_auth(self, value):
        return _base64url(value, 16, "auth")


class PushSubscriptionSerializer(serializers.Serializer):
    endpoint = serializers.CharField(max_length=2000, help_text="The push service's https address.")
    keys = PushKeysSerializer()


class CreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
