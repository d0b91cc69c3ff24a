from django.urls import include, path, register_converter

from api.converters import IsoDateConverter, RecordIdConverter
from api.views.fhir_codes import CodeSystemView
from config.health import healthz

register_converter(IsoDateConverter, "isodate")
register_converter(RecordIdConverter, "id")

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # Django's set_language: the language switch of the signed-out pages (a signed-in person's account decides).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("fhir/CodeSystem/<str:name>", CodeSystemView.as_view(), name="fhir-code-system"),
    path("", include("frontend.urls")),
]

handler404 = "frontend.views.not_found"
handler400 = "api.error_views.bad_request"
handler403 = "api.error_views.permission_denied"
handler500 = "api.error_views.server_error"
