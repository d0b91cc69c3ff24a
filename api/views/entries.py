from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.access import patient_access
from accounts.models import Reading
from api.params import RANGE_PARAMETERS, date_range, expected_version, valid_data
from api.serializers.entries import EntrySerializer
from diary.reading import health_data
from diary.recording import services

IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^(\*|(W/)?"[0-9]{1,9}")$'},
    OpenApiParameter.HEADER,
    description='The version you edited, such as "3"; or * for "whatever version there is".',
)


def _with_etag(response, entry):
    response["ETag"] = f'"{entry.version}"'
    return response


class EntryListView(GenericAPIView):
    serializer_class = EntrySerializer

    @extend_schema(parameters=RANGE_PARAMETERS, responses=EntrySerializer(many=True), operation_id="entries_list")
    def get(self, request, patient_id):
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.ENTRIES)
        page = self.paginate_queryset(health_data.entries(access, date_from=date_from, date_to=date_to))
        return self.get_paginated_response(EntrySerializer(page, many=True).data)


class EntryDetailView(GenericAPIView):
    serializer_class = EntrySerializer

    def _answer(self, shown, status_code=status.HTTP_200_OK):
        return _with_etag(Response(EntrySerializer(shown).data, status=status_code), shown)

    def get(self, request, patient_id, day):
        access = patient_access(request.user, patient_id, reading=Reading.ENTRY.on(day))
        entry = health_data.entry_on(access, day)
        if entry is None:
            raise NotFound(_("Nothing was logged on this day."))
        return self._answer(entry)

    @extend_schema(parameters=[IF_MATCH], responses={200: EntrySerializer, 201: EntrySerializer})
    def put(self, request, patient_id, day):
        return self._save(request, patient_id, day, partial=False)

    @extend_schema(parameters=[IF_MATCH])
    def patch(self, request, patient_id, day):
        return self._save(request, patient_id, day, partial=True)

    def _save(self, request, patient_id, day, *, partial):
        access = patient_access(request.user, patient_id)
        entry, created = services.save_entry(
            access,
            day,
            valid_data(EntrySerializer, request, partial=partial),
            actor=request.user,
            expected_version=expected_version(request),
            partial=partial,
        )
        shown = health_data.shown(access, entry)
        return self._answer(shown, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(parameters=[IF_MATCH], responses={204: None})
    def delete(self, request, patient_id, day):
        access = patient_access(request.user, patient_id)
        services.delete_entry(access, day, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
