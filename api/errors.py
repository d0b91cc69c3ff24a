"""Turns the services' exceptions into the status codes of docs/API.md, so views stay thin."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.errors import NotVisible
from accounts.lockout import Paused
from accounts.mfa import MfaRequired
from accounts.services import LinkNotValid
from diary.recording.services import EntryNotFound, EntryVersionMismatch


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("This entry was changed somewhere else. Load it again to see the latest version.")
    default_code = "precondition_failed"


class RequestTooBig(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_big"


def too_big_message():
    return _("This request is too big. Send at most %(size)s KB.") % {
        "size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    }


# DRF's own "Request was throttled." reads like a machine to a teen (and worse in its Spanish): said plainly instead.
# DRF still adds how long to wait, in the same language.
TOO_MANY_TRIES = gettext_lazy("Too many tries in a short time. Wait a little and try again.")


def _as_drf(exc):
    if isinstance(exc, Throttled) and str(exc.detail).startswith(str(Throttled.default_detail)):
        return Throttled(wait=exc.wait, detail=str(TOO_MANY_TRIES))
    if isinstance(exc, Paused):  # wrong codes counted to their limit (a wrong password's pause says more, in its view)
        return Throttled(wait=exc.wait.total_seconds(), detail=str(TOO_MANY_TRIES))
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
    if isinstance(exc, NotVisible):
        return NotFound(str(exc))
    if isinstance(exc, EntryNotFound):
        return NotFound(_("Nothing was logged on this day."))
    return exc


def exception_handler(exc, context):
    converted = _as_drf(exc)
    response = drf_exception_handler(converted, context)
    if response is not None and isinstance(exc, EntryVersionMismatch):
        response.data["version"] = exc.current_version
    if response is not None and isinstance(exc, MfaRequired):
        response.data["code"] = MfaRequired.code  # docs/API.md: {"detail": "...", "code": "mfa_required"}
    return response
