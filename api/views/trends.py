import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import AccessLogEntry, Reading
from accounts.timezones import today_in
from api.pagination import whole_number
from api.params import TEN_YEAR_RANGE_PARAMETERS, date_range, one_of
from api.serializers.trends import OutcomesSerializer, SummarySerializer, TrendsSerializer
from api.views.exports import FileView, attachment, csv_attachment
from diary.reading import exports, summary_pdf
from diary.reading.outcome_data import outcome_rows
from diary.reading.selectors import clinic_patients
from diary.reading.trend_data import (
    SUMMARY_DAYS,
    check_range,
    summary_for,
    summary_with_days,
    trends_for,
)
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


PAPER_PARAMETER = OpenApiParameter(
    "paper", OpenApiTypes.STR, enum=list(summary_pdf.PAPERS), description="The page's size: a4 (the default) or letter."
)


class SummaryPdfView(FileView):
    @extend_schema(
        operation_id="patients_summary_pdf",
        parameters=[*TEN_YEAR_RANGE_PARAMETERS, PAPER_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The Summary of the same period on one page: the patient, the period, the flags, a chart "
                "of function and pain (vector lines), the treatment plan's adherence and the period's notes the caller "
                "may read (never a private note), in the caller's language. The figures are the Summary's own.",
            ),
            400: OpenApiResponse(description="A bad date, period or paper: the field's message."),
            403: OpenApiResponse(description="A clinician without two-step sign-in."),
            404: OpenApiResponse(description="No such patient, or not one the caller may see."),
        },
        description="Who may read the Summary may print it. A download: in the access log as an export, by anyone "
        "but the owner.",
    )
    def get(self, request, patient_id):
        date_from, date_to = date_range(request)
        paper = one_of(request, "paper", summary_pdf.PAPERS, _("Choose a4 or letter."))
        access = patient_access(
            request.user, patient_id, reading=Reading.SUMMARY_PDF, action=AccessLogEntry.Action.EXPORT
        )
        answer, days = summary_with_days(access, date_from=date_from, date_to=date_to)
        reader = request.user
        printed_by = f"{reader.display_name} ({reader.get_role_display().lower()})"
        body = summary_pdf.render(
            answer, days, paper=paper, printed_by=printed_by, printed_on=today_in(reader.timezone)
        )
        patient = access.patient
        name = exports.filename(patient.display_name, answer["to"], "summary.pdf")
        return attachment(HttpResponse(body, content_type="application/pdf"), name)


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
                description="UTF-8 with a byte order mark first. "
                "One row per patient who shares with the caller, without names, dates or ids, in the "
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
        return csv_attachment(body, f"stride-outcomes-{date_from.isoformat()}-to-{date_to.isoformat()}.csv")
