from django.urls import include, path, register_converter

from api.converters import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("api/v1/", include("api.urls")),
    path("", include("frontend.urls")),
]

handler404 = "frontend.views.not_found"
