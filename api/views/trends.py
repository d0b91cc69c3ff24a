from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import Reading
from api.params import date_range
from api.serializers import SummarySerializer, TrendsSerializer
from api.views.entries import RANGE_PARAMETERS
from diary.trend_data import summary_for, trends_for


class TrendsView(APIView):
    @extend_schema(parameters=RANGE_PARAMETERS, responses=TrendsSerializer)
    def get(self, request, patient_id):
        """Column arrays, one slot per calendar day, and the function-first insight (see API.md)."""
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.TRENDS)
        return Response(trends_for(access, date_from=date_from, date_to=date_to))


class SummaryView(APIView):
    @extend_schema(parameters=RANGE_PARAMETERS, responses=SummarySerializer)
    def get(self, request, patient_id):
        """Baseline against now on one page (see API.md). Default period: since treatment start, else 12 weeks."""
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.SUMMARY)
        return Response(summary_for(access, date_from=date_from, date_to=date_to))
