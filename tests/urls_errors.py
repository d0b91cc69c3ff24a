"""The app's URLs plus views that fail on purpose, for tests of the error answers Django gives itself."""

from django.http import HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from config import urls as app_urls


class BrokenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("a bug")


def broken_page(request):
    raise RuntimeError("a bug")


def plain_post(request):
    # A plain Django view, so Django's CsrfViewMiddleware (not DRF) checks the token.
    return HttpResponse(status=204)


urlpatterns = [
    path("api/v1/broken/", BrokenView.as_view()),
    path("api/v1/plain-post/", plain_post),
    path("broken/", broken_page),
    *app_urls.urlpatterns,
]

handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
