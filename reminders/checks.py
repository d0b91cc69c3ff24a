"""The VAPID keys, checked at start-up (`check`, `runserver`, `migrate`): both or neither, each of the right shape.
Without them push is simply not offered (email still works), which `check --deploy` mentions."""

import base64
import binascii

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register


def _decoded(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


@register(Tags.compatibility)
def check_vapid_keys(app_configs, **kwargs):
    private, public = settings.STRIDE_VAPID_PRIVATE_KEY, settings.STRIDE_VAPID_PUBLIC_KEY
    if not private and not public:
        return []
    hint = "Make a pair with `python manage.py make_vapid_keys`."
    if not private or not public:
        message = "Set both STRIDE_VAPID_PRIVATE_KEY and STRIDE_VAPID_PUBLIC_KEY, or neither."
        return [Error(message, hint=hint, id="stride.E101")]
    raw_private, raw_public = _decoded(private), _decoded(public)
    if raw_private is None or len(raw_private) != 32:
        message = "STRIDE_VAPID_PRIVATE_KEY must be 32 bytes, base64url without padding."
        return [Error(message, hint=hint, id="stride.E102")]
    if raw_public is None or len(raw_public) != 65 or raw_public[0] != 4:
        return [
            Error(
                "STRIDE_VAPID_PUBLIC_KEY must be an uncompressed P-256 point (65 bytes), base64url without padding.",
                hint=hint,
                id="stride.E103",
            )
        ]
    return []


@register(Tags.compatibility, deploy=True)
def check_push_is_configured(app_configs, **kwargs):
    if settings.STRIDE_VAPID_PRIVATE_KEY:
        return []
    return [
        Info(
            "STRIDE_VAPID_PRIVATE_KEY and STRIDE_VAPID_PUBLIC_KEY are not set, so reminders go by email only: "
            "Settings does not offer notifications on phones.",
            hint="Make a pair with `python manage.py make_vapid_keys` and set both.",
            id="stride.I101",
        )
    ]


@register(Tags.security, deploy=True)
def check_push_is_not_insecure(app_configs, **kwargs):
    if not settings.STRIDE_PUSH_ALLOW_INSECURE:
        return []
    return [
        Warning(
            "STRIDE_PUSH_ALLOW_INSECURE is on: push endpoints may be http and on private or loopback addresses, so "
            "anyone signed in can make the server call addresses inside your network.",
            hint="Unset STRIDE_PUSH_ALLOW_INSECURE (it is for tests only).",
            id="stride.W101",
        )
    ]
