"""The answers Django gives itself, outside DRF's views: JSON under /api/ (docs/API.md, Conventions), pages elsewhere.

A 404 is frontend.views.not_found's, which already answers JSON under /api/.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import csrf, defaults

from api.errors import too_big_message

SERVER_ERROR = gettext_lazy("Something went wrong on our side. Please try again in a little while.")


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": too_big_message()}, status=413)
    return JsonResponse({"detail": _("This request could not be read. Check what was sent and try again.")}, status=400)


def permission_denied(request, exception):
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return JsonResponse({"detail": _("You are not allowed to do this.")}, status=403)


def server_error(request):
    if not _is_api(request):
        return defaults.server_error(request)
    return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)


def csrf_failure(request, reason=""):
    if not _is_api(request):
        return csrf.csrf_failure(request, reason)
    # The reason is Django's own, for the developer of a client; the sentence around it follows the language.
    return JsonResponse({"detail": _("CSRF Failed: %(reason)s") % {"reason": reason}}, status=403)
