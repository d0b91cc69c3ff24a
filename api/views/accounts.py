from django.contrib.auth import authenticate, login, logout
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import ApiToken
from api.params import valid_data
from api.serializers import (
    AccountSerializer,
    CredentialsSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PasswordSerializer,
    RegisterSerializer,
    TokenSerializer,
)
from api.throttles import LoginThrottle, RegisterThrottle

WRONG_CREDENTIALS = "That email and password don't match an account. Check them and try again."


def _authenticate(request):
    credentials = valid_data(CredentialsSerializer, request)
    user = authenticate(request, username=credentials["email"].strip().lower(), password=credentials["password"])
    if user is None:
        raise ValidationError({"detail": WRONG_CREDENTIALS})
    return user


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: AccountSerializer})
    def post(self, request):
        user = services.register_account(**valid_data(RegisterSerializer, request))
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer})
    def post(self, request):
        user = _authenticate(request)
        return Response({"token": ApiToken.objects.issue(user)})


class SessionView(APIView):
    """Signs the browser in with a session cookie (the web pages' counterpart of /auth/token/)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer})
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)  # guards against login CSRF
        user = _authenticate(request)
        login(request, user)
        return Response(MeSerializer(user).data)


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
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        user = services.update_profile(request.user, **valid_data(MeUpdateSerializer, request))
        return Response(MeSerializer(user).data)

    @extend_schema(request=PasswordSerializer, responses={204: None, 400: None, 413: None})
    def delete(self, request):
        services.delete_account(request.user, valid_data(PasswordSerializer, request)["password"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
