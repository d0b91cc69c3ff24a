"""Weekly goals (docs/API.md, version 1.1): the teen or a managing parent writes them; the care team reads them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access
from accounts.models import Reading
from api.params import date_param, valid_data
from api.serializers.goals import GoalChangeSerializer, GoalProgressSerializer, GoalSerializer, StreaksSerializer
from diary.reading import selectors
from diary.recording import services

WEEK_PARAMETER = OpenApiParameter(
    "week", OpenApiTypes.DATE, description="Any day of the week wanted, YYYY-MM-DD (default: the patient's today)."
)


class GoalListView(GenericAPIView):
    serializer_class = GoalSerializer

    @extend_schema(responses=GoalSerializer(many=True), operation_id="goals_list")
    def get(self, request, patient_id):
        """The patient's goals, the active ones first."""
        access = patient_access(request.user, patient_id, reading=Reading.GOALS)
        page = self.paginate_queryset(selectors.goals_for(access.patient))
        return self.get_paginated_response(GoalSerializer(page, many=True).data)

    @extend_schema(request=GoalSerializer, responses={201: GoalSerializer})
    def post(self, request, patient_id):
        """A new weekly goal (at most 5 active at once); the teen or a managing parent."""
        access = patient_access(request.user, patient_id)
        goal = services.create_goal(access, **valid_data(GoalSerializer, request), actor=request.user)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalDetailView(APIView):
    @extend_schema(request=GoalChangeSerializer, responses=GoalSerializer)
    def patch(self, request, patient_id, goal_id):
        """Changes the title or target, or stops (`active: false`) or restarts a goal."""
        access = patient_access(request.user, patient_id)
        goal = services.update_goal(access, goal_id, valid_data(GoalChangeSerializer, request))
        return Response(GoalSerializer(goal).data)

    @extend_schema(responses={204: None})
    def delete(self, request, patient_id, goal_id):
        """Deletes the goal; days it was ticked on no longer hold it."""
        services.delete_goal(patient_access(request.user, patient_id), goal_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GoalProgressView(APIView):
    @extend_schema(parameters=[WEEK_PARAMETER], responses=GoalProgressSerializer(many=True))
    def get(self, request, patient_id):
        """Each active goal's progress in the Monday-to-Sunday week that holds `week` (default: this week)."""
        day = date_param(request, "week")
        access = patient_access(request.user, patient_id, reading=Reading.GOALS)
        return Response(GoalProgressSerializer(selectors.goal_progress(access.patient, day), many=True).data)


class GoalStreaksView(APIView):
    @extend_schema(responses=StreaksSerializer)
    def get(self, request, patient_id):
        """Kind streaks: days logged of the last 7, and the weeks in a row each active goal was met."""
        access = patient_access(request.user, patient_id, reading=Reading.GOALS)
        return Response(StreaksSerializer(selectors.goal_streaks(access.patient)).data)
