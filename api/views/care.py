from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import sharing
from accounts.access import patient_access
from accounts.selectors import invitations_for
from api.params import valid_data
from api.serializers.care import (
    AcceptedSerializer,
    AcceptSerializer,
    AccessLogSerializer,
    CareTeamChangeSerializer,
    CareTeamMemberSerializer,
    InvitationCreateSerializer,
    InvitationListQuerySerializer,
    ListedInvitationSerializer,
    NewInvitationSerializer,
)
from api.throttles import AcceptAddressThrottle, AcceptThrottle, CodeTriesMixin, CountsFailuresMixin, InviteThrottle


class InvitationListView(APIView):
    def get_throttles(self):
        return [InviteThrottle()] if self.request.method == "POST" else []

    @extend_schema(parameters=[InvitationListQuerySerializer], responses=ListedInvitationSerializer(many=True))
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        access.require_owner(_("Only the diary's owner can see its invitations."))
        query = InvitationListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        invitations = invitations_for(access.patient, include_expired=query.validated_data["include_expired"])
        return Response(ListedInvitationSerializer(invitations, many=True).data)

    @extend_schema(request=InvitationCreateSerializer, responses={201: NewInvitationSerializer})
    def post(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        invitation, code = sharing.create_invitation(
            access, request.user, **valid_data(InvitationCreateSerializer, request)
        )
        invitation.code = code
        return Response(NewInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, patient_id, invitation_id):
        sharing.cancel_invitation(patient_access(request.user, patient_id), invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AcceptInvitationView(CodeTriesMixin, CountsFailuresMixin, APIView):
    throttle_classes = [AcceptThrottle, AcceptAddressThrottle]

    @extend_schema(request=AcceptSerializer, responses={201: AcceptedSerializer})
    def post(self, request):
        """Joins a care team with a code; with `clinic`, for a whole clinic the caller is a member of. A wrong code
        counts against the throttles, a right one does not (a clinic may accept hundreds in an afternoon)."""
        data = valid_data(AcceptSerializer, request)
        link = sharing.accept_invitation(request.user, data["code"], clinic_id=data.get("clinic"))
        return Response({"patient_id": link.patient_id, "relation": link.relation}, status=status.HTTP_201_CREATED)


class CareTeamView(APIView):
    @extend_schema(responses=CareTeamMemberSerializer(many=True))
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        access.require_owner(_("Only the diary's owner can see its care team."))
        return Response(CareTeamMemberSerializer(sharing.care_team(access.patient), many=True).data)


class CareTeamMemberView(APIView):
    @extend_schema(request=CareTeamChangeSerializer, responses=CareTeamMemberSerializer)
    def patch(self, request, patient_id, member_id):
        """The owner changes what a member sees (`sees`), or resumes a paused member (`paused: false`)."""
        access = patient_access(request.user, patient_id)
        change = valid_data(CareTeamChangeSerializer, request)
        if "sees" in change:
            link = sharing.change_sees(access, member_id, change["sees"])
        if "paused" in change:
            link = sharing.set_paused(access, member_id, change["paused"])
        return Response(CareTeamMemberSerializer(link).data)

    @extend_schema(responses={204: None})
    def delete(self, request, patient_id, member_id):
        sharing.end_membership(patient_access(request.user, patient_id), member_id, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccessLogView(GenericAPIView):
    serializer_class = AccessLogSerializer

    @extend_schema(responses=AccessLogSerializer(many=True))
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        access.require_owner(_("Only the diary's owner can read its access log."))
        page = self.paginate_queryset(access.patient.access_log.all())
        return self.get_paginated_response(AccessLogSerializer(page, many=True).data)
