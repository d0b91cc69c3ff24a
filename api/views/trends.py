import datetime

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import AccessLogEntry, Reading
from accounts.timezones import today_in
from api.pagination import whole_number
from api.params import TEN_YEAR_RANGE_PARAMETERS, date_range
from api.serializers.trends import OutcomesSerializer, SummarySerializer, TrendsSerializer
from api.views.exports import FileView
from diary.reading.selectors import clinic_patients
from diary.reading.trend_data import SUMMARY_DAYS, check_range, outcome_rows, summary_for, trends_for
from diary.rules import outcomes


class TrendsView(APIView):
    @extend_schema(parameters=TEN_YEAR_RANGE_PARAMETERS, responses=TrendsSerializer)
    def get(self, request, patient_id):
        """Column arrays, one slot per calendar day, and the function-first insight (see docs/API.md)."""
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.TRENDS)
        return Response(trends_for(access, date_from=date_from, date_to=date_to))


class SummaryView(APIView):
    @extend_schema(parameters=TEN_YEAR_RANGE_PARAMETERS, responses=SummarySerializer)
    def get(self, request, patient_id):
        """Baseline against now on one page (see docs/API.md). Default period: since treatment start, else 12 weeks."""
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.SUMMARY)
        return Response(summary_for(access, date_from=date_from, date_to=date_to))


def _clinic_period(request) -> tuple[datetime.date, datetime.date]:
    """The period asked for; by default the 12 weeks that end on the clinician's today."""
    date_from, date_to = date_range(request)
    date_to = date_to or today_in(request.user.timezone)
    date_from = date_from or date_to - datetime.timedelta(days=SUMMARY_DAYS - 1)
    check_range(date_from, date_to)
    return date_from, date_to


CLINIC_PARAMETER = OpenApiParameter(
    "clinic", OpenApiTypes.INT, description="Only the patients of this clinic of the caller's (404 for another)."
)


def _clinic_param(request) -> int | None:
    return whole_number(request, "clinic", 10**18 - 1)


class OutcomesView(APIView):
    @extend_schema(
        parameters=[*TEN_YEAR_RANGE_PARAMETERS, CLINIC_PARAMETER],
        responses={200: OutcomesSerializer, 403: None},
        description="Clinicians only (403 for anyone else). Each patient who shares with the caller is summed up as "
        "their Summary for the period says; default period: the 12 weeks that end on the caller's today. Every "
        "patient read is in that patient's access log.",
    )
    def get(self, request):
        """Clinic outcomes (see docs/API.md): first week against the last 7 days across the caller's patients."""
        date_from, date_to = _clinic_period(request)
        accesses = clinic_patients(request.user, clinic_id=_clinic_param(request))
        rows = outcome_rows(accesses, date_from=date_from, date_to=date_to)
        return Response({"from": date_from, "to": date_to, **outcomes.outcomes(rows)})


class OutcomesCsvView(FileView):
    @extend_schema(
        operation_id="outcomes_export_csv",
        parameters=[*TEN_YEAR_RANGE_PARAMETERS, CLINIC_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="One row per patient who shares with the caller, without names, dates or ids, in the "
                "order of their status and function change; the figures of Clinic outcomes for an audit.",
            ),
            403: None,
        },
        description="Clinicians only (403 for anyone else). A download: in each patient's access log as an export.",
    )
    def get(self, request):
        date_from, date_to = _clinic_period(request)
        accesses = clinic_patients(request.user, clinic_id=_clinic_param(request), action=AccessLogEntry.Action.EXPORT)
        body = outcomes.csv_text(outcome_rows(accesses, date_from=date_from, date_to=date_to))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="stride-outcomes-{date_from.isoformat()}-to-{date_to.isoformat()}.csv"'
        )
        return response
