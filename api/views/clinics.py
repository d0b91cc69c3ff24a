"""Clinic teams (docs/API.md, version 1.2). The rules live in `accounts.clinics`; the list of a clinic's patients is
read by `diary.reading.dashboard`, which filters, sorts and counts in the database and reads one page."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import clinics
from accounts.access import require_second_step_for_patients_of
from accounts.access_log import record_reads
from accounts.models import Reading
from accounts.selectors import clinic_members, clinics_of
from api.params import valid_data
from api.serializers.clinics import (
    ClinicChangeSerializer,
    ClinicCreateSerializer,
    ClinicDetailSerializer,
    ClinicInvitationCreateSerializer,
    ClinicInvitationSerializer,
    ClinicJoinedSerializer,
    ClinicJoinSerializer,
    ClinicMemberSerializer,
    ClinicPatientSerializer,
    ClinicPatientsQuerySerializer,
    ClinicRoleSerializer,
    ClinicSerializer,
    RecordNumberSerializer,
)
from api.throttles import AcceptAddressThrottle, AcceptThrottle, CodeTriesMixin, CountsFailuresMixin, InviteThrottle
from diary.reading import dashboard


class ClinicListView(APIView):
    @extend_schema(responses=ClinicSerializer(many=True))
    def get(self, request):
        """The caller's clinics, each with the caller's role."""
        return Response(ClinicSerializer(clinics_of(request.user), many=True).data)

    @extend_schema(request=ClinicCreateSerializer, responses={201: ClinicSerializer})
    def post(self, request):
        """A new clinic, its creator its first admin. Clinicians only (403 for anyone else)."""
        member = clinics.create_clinic(user=request.user, **valid_data(ClinicCreateSerializer, request))
        return Response(ClinicSerializer(member).data, status=status.HTTP_201_CREATED)


class ClinicDetailView(APIView):
    @extend_schema(responses=ClinicDetailSerializer)
    def get(self, request, clinic_id):
        return Response(ClinicDetailSerializer(clinics.membership(request.user, clinic_id)).data)

    @extend_schema(request=ClinicChangeSerializer, responses=ClinicDetailSerializer)
    def patch(self, request, clinic_id):
        """Admins change the name, and whether members need two-step sign-in (it never lifts STRIDE_CLINICIAN_MFA)."""
        member = clinics.membership(request.user, clinic_id)
        clinics.update_clinic(member=member, **valid_data(ClinicChangeSerializer, request))
        return Response(ClinicDetailSerializer(member).data)


class ClinicInvitationView(APIView):
    throttle_classes = [InviteThrottle]

    @extend_schema(request=ClinicInvitationCreateSerializer, responses={201: ClinicInvitationSerializer})
    def post(self, request, clinic_id):
        """A single-use code (7 days) for a colleague to join as clinician or admin. Admins only."""
        member = clinics.membership(request.user, clinic_id)
        invitation, code = clinics.create_invitation(
            member=member, **valid_data(ClinicInvitationCreateSerializer, request)
        )
        invitation.code = code
        return Response(ClinicInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class ClinicJoinView(CodeTriesMixin, CountsFailuresMixin, APIView):
    throttle_classes = [AcceptThrottle, AcceptAddressThrottle]

    @extend_schema(request=ClinicJoinSerializer, responses={201: ClinicJoinedSerializer})
    def post(self, request):
        """Joins a clinic with a code. Clinicians only; an unknown, used or expired code gets one and the same 400."""
        member = clinics.join(user=request.user, **valid_data(ClinicJoinSerializer, request))
        body = {"clinic": {"id": member.clinic_id, "name": member.clinic.name}, "role": member.role}
        return Response(ClinicJoinedSerializer(body).data, status=status.HTTP_201_CREATED)


class ClinicMembersView(APIView):
    @extend_schema(responses=ClinicMemberSerializer(many=True))
    def get(self, request, clinic_id):
        clinics.membership(request.user, clinic_id)
        return Response(ClinicMemberSerializer(clinic_members(clinic_id), many=True).data)


class ClinicMemberView(APIView):
    @extend_schema(request=ClinicRoleSerializer, responses=ClinicMemberSerializer)
    def patch(self, request, clinic_id, member_id):
        """Admins make a member an admin or a clinician; the last admin cannot be demoted (400)."""
        member = clinics.membership(request.user, clinic_id)
        changed = clinics.change_role(member=member, member_id=member_id, **valid_data(ClinicRoleSerializer, request))
        return Response(ClinicMemberSerializer(changed).data)

    @extend_schema(responses={204: None})
    def delete(self, request, clinic_id, member_id):
        """Admins remove a member, or a member leaves: at once, they read none of the clinic's patients. The last
        admin cannot leave (400)."""
        clinics.remove(member=clinics.membership(request.user, clinic_id), member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClinicPatientsView(GenericAPIView):
    serializer_class = ClinicPatientSerializer

    @extend_schema(parameters=[ClinicPatientsQuerySerializer], responses=ClinicPatientSerializer(many=True))
    def get(self, request, clinic_id):
        """The clinic's patients, those who need attention first, a page at a time (default 50). Only the patients on
        the page are read, and each of them is in their access log."""
        member = clinics.membership(request.user, clinic_id, to_read_patients=True)
        require_second_step_for_patients_of(request.user, member.clinic)
        query = ClinicPatientsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        dashboard.refresh_clinic(clinic_id)
        chosen = query.validated_data
        links = dashboard.clinic_links(clinic_id, query=chosen.get("q", ""), flag=chosen.get("flag"))
        page = self.paginate_queryset(dashboard.ClinicPage(links))
        return self.get_paginated_response(self._rows(request, member, page))

    def _rows(self, request, member, page):
        patient_ids = [row["patient_id"] for row in page]
        record_reads(
            actor=request.user,
            patient_ids=patient_ids,
            reading=Reading.LIST,
            clinics=dict.fromkeys(patient_ids, member.clinic),
            reader_locked=True,  # by the membership's query
        )
        status_of = {row["patient_id"]: dashboard.viewer_status(row, sees_mood=row["mood_shared"]) for row in page}
        return ClinicPatientSerializer(page, many=True, context={"status": status_of}).data


class ClinicPatientView(APIView):
    @extend_schema(request=RecordNumberSerializer, responses=ClinicPatientSerializer)
    def patch(self, request, clinic_id, patient_id):
        """Members set the clinic's own record number for one of its patients (up to 40 characters)."""
        member = clinics.membership(request.user, clinic_id)
        require_second_step_for_patients_of(request.user, member.clinic)
        link = clinics.set_record_number(
            member=member, patient_id=patient_id, **valid_data(RecordNumberSerializer, request)
        )
        row = dashboard.clinic_row(link)
        status_of = {row["patient_id"]: dashboard.viewer_status(row, sees_mood=row["mood_shared"])}
        return Response(ClinicPatientSerializer(row, context={"status": status_of}).data)
