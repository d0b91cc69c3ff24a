"""Keeping an account (docs/API.md, version 1.1): forgotten and changed passwords, email confirmation and change,
signing out everywhere, and two-step sign-in with an authenticator app. The rules live in `accounts.services`
and `accounts.mfa`; these views parse, call them, and keep or end the caller's own session.
"""

from django.contrib.auth import logout, update_session_auth_hash
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import mfa, services
from accounts.models import ApiToken
from api.account_throttles import (
    AccountEmailThrottle,
    PasswordCheckThrottle,
    ResetEmailThrottle,
    WrongCodeThrottle,
)
from api.params import valid_data
from api.serializers.accounts import (
    CodeSerializer,
    DetailSerializer,
    EmailCancelSerializer,
    EmailChangeSerializer,
    EmailConfirmSerializer,
    EmailSerializer,
    MfaStatusSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    RecoveryCodesSerializer,
    TotpRemoveSerializer,
    TotpSecretSerializer,
    TotpStartSerializer,
)
from api.throttles import CountsFailuresMixin

RESET_SENT = gettext_lazy(
    "If an account uses this address, we've sent it a link to set a new password. The link works once, for 1 hour."
)
EMAIL_CHANGE_SENT = gettext_lazy("We've sent a link to the new address. Your email changes when you open it.")
CONFIRMATION_SENT = gettext_lazy("We've sent a new link to your email address. Open it to confirm your address.")


def _this_token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def _keep_this_session(request, user) -> None:
    """After the account's other sign-ins ended: a browser's own session goes on with the account's new hash."""
    if _this_token(request) is None:
        update_session_auth_hash(request, user)


class PasswordResetView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ResetEmailThrottle]

    @extend_schema(request=EmailSerializer, responses={202: DetailSerializer})
    def post(self, request):
        """Emails a link to `/reset/<uid>/<token>/` where an account has this address. The answer is the same
        either way."""
        services.request_password_reset(email=valid_data(EmailSerializer, request)["email"])
        return Response({"detail": RESET_SENT}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=PasswordResetConfirmSerializer, responses={204: None})
    def post(self, request):
        """Sets the new password; every session and token of the account ends. A used, expired or altered link
        gets one and the same 400."""
        services.reset_password(**valid_data(PasswordResetConfirmSerializer, request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(CountsFailuresMixin, APIView):
    throttle_classes = [PasswordCheckThrottle]

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request):
        """Changes the password; every other session and token of the account ends, this one goes on."""
        data = valid_data(PasswordChangeSerializer, request)
        services.change_password(user=request.user, keep_token=_this_token(request), **data)
        _keep_this_session(request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailChangeView(CountsFailuresMixin, APIView):
    throttle_classes = [PasswordCheckThrottle, AccountEmailThrottle]

    @extend_schema(request=EmailChangeSerializer, responses={202: DetailSerializer})
    def post(self, request):
        """The new address gets a link to `/confirm-email/<token>/`, the current one a notice. The change takes
        effect when the link is opened."""
        services.request_email_change(user=request.user, **valid_data(EmailChangeSerializer, request))
        return Response({"detail": EMAIL_CHANGE_SENT}, status=status.HTTP_202_ACCEPTED)


class EmailConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=EmailConfirmSerializer, responses={204: None})
    def post(self, request):
        """Opens an email link: confirms the address given at sign-up, or moves the account to a new one. Only the
        latest change asked for can be confirmed, and only until the password changes or every sign-in ends."""
        services.confirm_email(token=valid_data(EmailConfirmSerializer, request)["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailCancelView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=EmailCancelSerializer, responses={204: None})
    def post(self, request):
        """Opens the link in the notice sent to the old address: the pending change of email it names will not
        happen. Works once, signed in or not; a link whose change was already confirmed, cancelled or ended, or has
        run out, gets the one 400 of any link that doesn't work."""
        services.cancel_email_change(token=valid_data(EmailCancelSerializer, request)["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailResendView(APIView):
    throttle_classes = [AccountEmailThrottle]

    @extend_schema(request=None, responses={202: DetailSerializer})
    def post(self, request):
        """Sends a new link that confirms the caller's address (nothing when it is confirmed already)."""
        services.send_confirmation_link(user=request.user)
        return Response({"detail": CONFIRMATION_SENT}, status=status.HTTP_202_ACCEPTED)


class LogoutAllView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        """Ends every session and token of the caller, this one included, and any pending change of email."""
        services.sign_out_everywhere(user=request.user)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MfaView(APIView):
    @extend_schema(responses=MfaStatusSerializer)
    def get(self, request):
        return Response(MfaStatusSerializer(mfa.status(request.user)).data)


class TotpView(CountsFailuresMixin, APIView):
    throttle_classes = [PasswordCheckThrottle, WrongCodeThrottle]

    @extend_schema(request=TotpStartSerializer, responses={200: TotpSecretSerializer})
    def post(self, request):
        """A new secret for an authenticator app, not in force until confirmed. To replace an app already set up,
        send the `password` too."""
        device = mfa.start_app(user=request.user, **valid_data(TotpStartSerializer, request))
        uri = device.config_url
        return Response({"secret": mfa.secret_of(device), "otpauth_uri": uri, "qr_code": mfa.qr_code(uri)})

    @extend_schema(request=TotpRemoveSerializer, responses={204: None})
    def delete(self, request):
        """Turns two-step sign-in off (`password` and `code` in the body); 403 where the account must have it."""
        mfa.remove_app(user=request.user, **valid_data(TotpRemoveSerializer, request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TotpConfirmView(CountsFailuresMixin, APIView):
    throttle_classes = [WrongCodeThrottle]

    @extend_schema(request=CodeSerializer, responses={200: RecoveryCodesSerializer})
    def post(self, request):
        """Puts the new secret in force with a code from the app, and answers 10 recovery codes, shown once.
        Every other session and token of the account ends: they were made without the app."""
        code = valid_data(CodeSerializer, request)["code"]
        codes = mfa.confirm_app(user=request.user, code=code, keep_token=_this_token(request))
        _keep_this_session(request, request.user)
        return Response({"recovery_codes": codes})
