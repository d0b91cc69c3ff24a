"""Accounts: signing up and in, the caller's account, and keeping it (passwords, email, two-step sign-in)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Language, Patient, Role, User


class RegisterSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    display_name = serializers.CharField(max_length=80)
    role = serializers.ChoiceField(choices=Role.choices)
    birth_date = serializers.DateField(required=False, allow_null=True)
    timezone = serializers.CharField(required=False, max_length=64, default="UTC")
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The language Stride speaks to this person. Without it, the request's language (Accept-Language).",
    )


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "role"]


class CredentialsSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="With an authenticator app set up: its current 6-digit code, or an unused recovery code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    """The caller's account. `context["mfa"]` says whether an authenticator app is set up (the view looks it up)."""

    patient_id = serializers.SerializerMethodField()
    mfa = serializers.SerializerMethodField(help_text="True when an authenticator app is set up.")

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "role", "patient_id", "timezone", "email_verified", "mfa", "language"]

    def get_patient_id(self, user) -> int | None:
        patient = Patient.objects.filter(account=user).only("pk").first()
        return patient.pk if patient else None

    def get_mfa(self, user) -> bool:
        return bool(self.context["mfa"])


class MeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80, required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose English (en) or Spanish (es).")},
    )


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(trim_whitespace=False, max_length=128)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class EmailChangeSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    email = serializers.CharField(max_length=254)


class EmailConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=512)


class EmailCancelSerializer(EmailConfirmSerializer):
    """The token of the link in the notice sent to the old address."""


class MfaStatusSerializer(serializers.Serializer):
    totp = serializers.BooleanField(help_text="An authenticator app is set up.")
    recovery_codes_left = serializers.IntegerField(min_value=0)
    required = serializers.BooleanField(help_text="This account must have an authenticator app.")


class TotpStartSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False,
        max_length=128,
        required=False,
        help_text="Needed only to replace an app that is already set up (a new phone).",
    )


class TotpSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="Base32, for typing into the app by hand.")
    otpauth_uri = serializers.CharField(help_text="otpauth://totp/... (RFC 6238: SHA1, 6 digits, 30 seconds).")
    qr_code = serializers.CharField(help_text="The otpauth URI as a QR code: an SVG image as a data: URI.")


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="10 single-use codes, shown this once: only the account keeps them."
    )


class TotpRemoveSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    code = serializers.CharField(max_length=32, help_text="The app's current code, or a recovery code.")
