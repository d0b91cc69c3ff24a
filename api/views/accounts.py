from django.contrib.auth import authenticate, login, logout
from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts import devices, lockout, mfa, services
from accounts.models import ApiToken
from api.account_throttles import WrongCodeThrottle
from api.params import valid_data
from api.serializers.accounts import (
    AccountSerializer,
    CredentialsSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PasswordSerializer,
    RegisterSerializer,
    TokenSerializer,
)
from api.throttles import CountsFailuresMixin, LoginThrottle, RegisterAddressThrottle, RegisterThrottle

WRONG_CREDENTIALS = gettext_lazy("That email and password don't match an account. Check them and try again.")
SIGN_IN_PAUSED = gettext_lazy(
    "Too many tries with the wrong password, so signing in from here is paused for a while. "
    'Wait a little and try again, or set a new password with "Forgot your password?".'
)


def _authenticate(request):
    """The account of a right email, password and (where one is set up) two-step code. Each try is counted by
    `accounts.lockout` before it is judged, by the address it came from or, for a browser that has signed in to the
    account before, by that browser (accounts.devices)."""
    credentials = valid_data(CredentialsSerializer, request)
    email, address = credentials["email"].strip().lower(), BaseThrottle().get_ident(request)
    try:
        attempt = lockout.charge_password_try(email=email, address=address, device=devices.known_device(request, email))
    except lockout.Paused as paused:
        raise Throttled(wait=paused.wait.total_seconds(), detail=str(SIGN_IN_PAUSED)) from None
    user = authenticate(request, username=email, password=credentials["password"])
    if user is None:
        lockout.password_was_wrong(attempt)
        raise ValidationError({"detail": WRONG_CREDENTIALS})
    lockout.password_was_right(attempt)
    mfa.check_sign_in_code(user=user, code=credentials.get("otp"))
    return user


def me_data(user):
    return MeSerializer(user, context={"mfa": mfa.has_app(user)}).data


class RegisterView(CountsFailuresMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterThrottle, RegisterAddressThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: AccountSerializer})
    def post(self, request):
        data = valid_data(RegisterSerializer, request)
        # Without a choice, the language the browser asks for (the switch's cookie, else Accept-Language).
        data.setdefault("language", translation.get_language_from_request(request))
        user = services.register_account(**data)
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(CountsFailuresMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle, WrongCodeThrottle]

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer})
    def post(self, request):
        user = _authenticate(request)
        response = Response({"token": ApiToken.objects.issue(user)})
        devices.remember(request, response, user)  # for an app that keeps cookies, like a browser
        return response


class SessionView(CountsFailuresMixin, APIView):
    """Signs the browser in with a session cookie (the web pages' counterpart of /auth/token/)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle, WrongCodeThrottle]

    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer})
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)  # guards against login CSRF
        user = _authenticate(request)
        login(request, user)
        response = Response(me_data(user))
        devices.remember(request, response, user)
        return response


class LogoutView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            request.auth.delete()
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(me_data(request.user))

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        user = services.update_profile(request.user, **valid_data(MeUpdateSerializer, request))
        return Response(me_data(user))

    @extend_schema(request=PasswordSerializer, responses={204: None})
    def delete(self, request):
        services.delete_account(request.user, valid_data(PasswordSerializer, request)["password"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
