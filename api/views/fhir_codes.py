"""Stride's FHIR code systems, each at the URL its codes name (docs/API.md, "Exchange additions"): public, as a
terminology is, and holding no one's data."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from diary.reading import fhir_codes


class CodeSystemView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # nothing personal here: no session, so no CSRF and no sign-in needed

    @extend_schema(
        operation_id="fhir_code_system",
        responses={
            (200, "application/fhir+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A FHIR R4 CodeSystem: every code of the system with its English display. Names: "
                + ", ".join(sorted(fhir_codes.CODE_SYSTEMS))
                + ".",
            ),
            404: None,
        },
        description="One of Stride's own code systems, at the URL its codes name.",
    )
    def get(self, request, name):
        resource = fhir_codes.code_system_resource(name)
        if resource is None:
            raise NotFound(_("Stride has no code system of that name."))
        return JsonResponse(resource, content_type="application/fhir+json")
