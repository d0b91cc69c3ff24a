"""The treatment plan (docs/API.md): clinicians on the care team write it; whoever sees `core` reads it.

Every view goes through `patient_access` (404 to anyone who may not see the patient); writes are the services' (403
for anyone the policy does not let write the plan), and each is in the patient's access log.
"""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import Reading
from api.params import TEN_YEAR_RANGE_PARAMETERS, date_range
from api.serializers.plan import (
    AdherenceSerializer,
    PlanDayItemSerializer,
    PlanItemSerializer,
    PlanItemWriteSerializer,
    PlanQuerySerializer,
    PlanSerializer,
)
from diary.reading import health_data, plan_data
from diary.reading.trend_data import SUMMARY_DAYS, check_range
from diary.recording import plan_services

INCLUDE_ENDED = OpenApiParameter(
    "include_ended", OpenApiTypes.BOOL, description="Also list the items that have ended (default false)."
)


def _item(access, item_id):
    return PlanItemSerializer(
        plan_data.item_answer(health_data.plan_item(access, item_id), access.patient.today())
    ).data


class PlanView(APIView):
    @extend_schema(parameters=[INCLUDE_ENDED], responses=PlanSerializer, operation_id="plan_retrieve")
    def get(self, request, patient_id):
        """The plan's items (ended ones only with `include_ended=true`), and who changed it last, when."""
        query = PlanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        access = patient_access(request.user, patient_id, reading=Reading.PLAN)
        return Response(plan_data.plan_answer(access, include_ended=query.validated_data["include_ended"]))


class PlanItemListView(APIView):
    @extend_schema(request=PlanItemWriteSerializer, responses={201: PlanItemSerializer})
    def post(self, request, patient_id):
        """A new item, from `starts_on` (default: the patient's today). Clinicians on the care team only."""
        access = patient_access(request.user, patient_id)
        plan_services.require_plan_writer(access)  # who may not write hears that before what was wrong with it
        values = _valid(PlanItemWriteSerializer(data=request.data))
        item = plan_services.create_item(access, values=values, actor=request.user)
        return Response(_item(access, item.pk), status=status.HTTP_201_CREATED)


class PlanItemDetailView(APIView):
    @extend_schema(request=PlanItemWriteSerializer(partial=True), responses=PlanItemSerializer)
    def patch(self, request, patient_id, item_id):
        """Changes an item: its words at once; its dose, grading, days or school level from the patient's tomorrow
        on (the past keeps what it asked)."""
        access = patient_access(request.user, patient_id)
        plan_services.require_plan_writer(access)
        changes = _valid(PlanItemWriteSerializer(data=request.data, partial=True))
        item = plan_services.update_item(access, item_id, changes, actor=request.user)
        return Response(_item(access, item.pk))

    @extend_schema(responses={204: None})
    def delete(self, request, patient_id, item_id):
        """Ends the item today, in the patient's day: it stays in the history and in every figure of its days."""
        access = patient_access(request.user, patient_id)
        plan_services.end_item(access, item_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _valid(serializer):
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PlanDayView(APIView):
    @extend_schema(responses=PlanDayItemSerializer(many=True), operation_id="plan_day_list")
    def get(self, request, patient_id, day):
        """The items due on `day`, each with that day's dose and the amount the day's entry records."""
        access = patient_access(request.user, patient_id, reading=Reading.PLAN.on(day))
        return Response(plan_data.day_answer(access, day))


class PlanAdherenceView(APIView):
    @extend_schema(parameters=TEN_YEAR_RANGE_PARAMETERS, responses=AdherenceSerializer)
    def get(self, request, patient_id):
        """Adherence per item and Monday-to-Sunday week, and over the period (default: the 12 weeks to today)."""
        date_from, date_to = date_range(request)
        access = patient_access(request.user, patient_id, reading=Reading.PLAN)
        last = date_to or access.patient.today()
        first = date_from or last - datetime.timedelta(days=SUMMARY_DAYS - 1)
        check_range(first, last)
        return Response(plan_data.adherence_answer(access, first, last))
