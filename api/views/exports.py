"""Downloads: a diary as CSV or as a FHIR Bundle, and everything Stride holds about the caller."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import AccessLogEntry, Reading
from api.params import RANGE_PARAMETERS, date_range, one_of
from diary.reading import exports, fhir, health_data

MY_DATA = inline_serializer(
    "MyData",
    fields={
        "exported_at": serializers.DateTimeField(),
        "account": serializers.DictField(help_text="email, display_name, role, timezone, date_joined"),
        "api_tokens": serializers.ListField(child=serializers.DictField(), help_text="When each was issued."),
        "diaries": serializers.ListField(
            child=serializers.DictField(),
            help_text="Your own diary, or the children's you keep: patient (with `consent` for a child's profile: "
            "the terms' version, when and by whom it was given), entries (private notes too), checkins, plan (each "
            "item with its terms and dose history), care_team, pending_invitations (codes are stored hashed, so none "
            "is given) and access_log.",
        ),
        "care_links": serializers.ListField(
            child=serializers.DictField(), help_text="The diaries you were invited to, with what you see (or saw)."
        ),
    },
)


def attachment(response, name):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_attachment(text, name):
    """A CSV download, UTF-8 with a byte order mark first, so that a spreadsheet reads accents and emoji right."""
    response = HttpResponse(exports.BYTE_ORDER_MARK + text, content_type="text/csv; charset=utf-8")
    return attachment(response, name)


class FileView(APIView):
    # Errors come as JSON whatever the Accept header: a client that asks for text/csv or application/fhir+json
    # gets the file or a readable error, never a 406.
    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class CsvExportView(FileView):
    @extend_schema(
        operation_id="patients_export_csv",
        parameters=RANGE_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="UTF-8 with a byte order mark first (so spreadsheets read accents and emoji). One row "
                "per entry, oldest first; only the columns the caller sees, the goals ticked (goals_done) by title, "
                'then one column per treatment plan item, named by its title ("plan: Brisk walk"), with the amount '
                "done that day. Cells that start with = + - @ or a tab are prefixed with ' so no spreadsheet runs "
                "them.",
            )
        },
        description="The diary as a CSV attachment. A download by anyone but the owner is in the access log.",
    )
    def get(self, request, patient_id):
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.CSV, action=AccessLogEntry.Action.EXPORT)
        entries = health_data.entries(access, date_from=date_from, date_to=date_to, oldest_first=True)
        body = exports.diary_csv(entries, health_data.plan_items(access), health_data.goal_titles(access))
        return csv_attachment(body, exports.filename(access.patient.display_name, access.patient.today(), "csv"))


BUNDLE_TYPES = ("collection", "transaction")
BUNDLE_TYPE = OpenApiParameter(
    "type",
    str,
    enum=BUNDLE_TYPES,
    description="`collection` (the default) to read, or `transaction` to post to a FHIR server: each entry then "
    "creates its resource only if none has its identifier (`ifNoneExist`), so importing twice creates nothing twice.",
)


class FhirExportView(FileView):
    @extend_schema(
        operation_id="patients_fhir",
        parameters=[*RANGE_PARAMETERS, BUNDLE_TYPE],
        responses={
            (200, "application/fhir+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A FHIR R4 Bundle: the Patient (an opaque identifier, and the record number of each of "
                "the reader's clinics), one Observation per value logged (pain as LOINC 72514-3; symptoms, "
                "treatments and where the pain was with a component each), each with its identifier, performer "
                "and `issued` (`amended` where the day was changed); each weekly check-in as a QuestionnaireResponse "
                "with its total as an Observation derived from it; the treatment plan as a CarePlan; a Provenance. "
                "Notes are not included. Code systems are served at /fhir/CodeSystem/{name}.",
            ),
        },
        description="The diary as FHIR R4. A download by anyone but the owner is in the access log.",
    )
    def get(self, request, patient_id):
        date_from, date_to = date_range(request)
        kind = one_of(request, "type", BUNDLE_TYPES, _("Choose collection or transaction."))
        access = patient_access(request.user, patient_id, reading=Reading.FHIR, action=AccessLogEntry.Action.EXPORT)
        patient = access.patient
        entries = health_data.entries(access, date_from=date_from, date_to=date_to, oldest_first=True)
        checkins = health_data.checkins(access, date_from=date_from, date_to=date_to, oldest_first=True)
        bundle = fhir.diary_bundle(access, entries, checkins, health_data.plan_items(access), kind=kind)
        response = JsonResponse(bundle, content_type="application/fhir+json")
        return attachment(response, exports.filename(patient.display_name, patient.today(), "fhir.json"))


class MyDataExportView(APIView):
    @extend_schema(responses=MY_DATA, description="Everything Stride holds about you, as a JSON attachment.")
    def get(self, request):
        return attachment(Response(exports.my_data(request.user)), exports.my_data_filename(request.user))
