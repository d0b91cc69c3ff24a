from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.access import patient_access
from accounts.models import Reading
from api.params import date_range, valid_data
from api.serializers.checkins import CheckinSerializer
from api.views.entries import RANGE_PARAMETERS
from diary.reading import health_data
from diary.recording import services


class CheckinListView(GenericAPIView):
    serializer_class = CheckinSerializer

    @extend_schema(
        parameters=RANGE_PARAMETERS, responses=CheckinSerializer(many=True), operation_id="function_checkins_list"
    )
    def get(self, request, patient_id):
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.CHECKINS)
        page = self.paginate_queryset(health_data.checkins(access, date_from=date_from, date_to=date_to))
        return self.get_paginated_response(CheckinSerializer(page, many=True).data)


class CheckinDetailView(GenericAPIView):
    serializer_class = CheckinSerializer

    def get(self, request, patient_id, day):
        access = patient_access(request.user, patient_id, reading=Reading.CHECKIN.on(day))
        checkin = health_data.checkins(access, date_from=day, date_to=day).first()
        if checkin is None:
            raise NotFound(_("There is no function check-in on this day."))
        return Response(CheckinSerializer(checkin).data)

    @extend_schema(responses={200: CheckinSerializer, 201: CheckinSerializer})
    def put(self, request, patient_id, day):
        access = patient_access(request.user, patient_id)
        answers = valid_data(CheckinSerializer, request)["answers"]
        checkin, created = services.save_checkin(access, day, answers, actor=request.user)
        return Response(
            CheckinSerializer(checkin).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
