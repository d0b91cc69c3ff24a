from django.urls import include, path, register_converter

from api.converters import IsoDateConverter, RecordIdConverter
from config.health import healthz

register_converter(IsoDateConverter, "isodate")
register_converter(RecordIdConverter, "id")

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("", include("frontend.urls")),
]

handler404 = "frontend.views.not_found"
