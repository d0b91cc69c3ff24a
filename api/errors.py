"""Turns the services' exceptions into the status codes of API.md, so views stay thin."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.mfa import MfaRequired
from accounts.services import LinkNotValid
from diary.services import EntryNotFound, EntryVersionMismatch


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "This entry was changed somewhere else. Load it again to see the latest version."
    default_code = "precondition_failed"


class RequestTooBig(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_big"


def too_big_message():
    return f"This request is too big. Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB."


def _as_drf(exc):
    if isinstance(exc, MfaRequired):
        return PermissionDenied(str(exc), code=MfaRequired.code)
    if isinstance(exc, LinkNotValid):
        return ValidationError({"detail": str(exc)})
    if isinstance(exc, RequestDataTooBig):
        return RequestTooBig(too_big_message())
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return ValidationError({field: messages for field, messages in exc.message_dict.items()})
        return ValidationError({"detail": exc.messages})
    if isinstance(exc, EntryVersionMismatch):
        return PreconditionFailed()
    if isinstance(exc, EntryNotFound):
        return NotFound("Nothing was logged on this day.")
    return exc


def exception_handler(exc, context):
    converted = _as_drf(exc)
    response = drf_exception_handler(converted, context)
    if response is not None and isinstance(exc, EntryVersionMismatch):
        response.data["version"] = exc.current_version
    if response is not None and isinstance(exc, MfaRequired):
        response.data["code"] = MfaRequired.code  # API.md: {"detail": "...", "code": "mfa_required"}
    return response
