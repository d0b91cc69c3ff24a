from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, sharing
from accounts.access import patient_access, visible_patients
from accounts.models import Reading
from api.params import valid_data
from api.serializers.patients import ChildProfileSerializer, PatientListSerializer, PatientSerializer
from diary.reading.dashboard import care_status
from diary.rules.attention import attention_key


def _listed(accesses):
    """The caller's own diary first, then the others with whoever needs attention first."""
    status = care_status(accesses)
    own = [access for access in accesses if access.relation == "self"]
    others = [access for access in accesses if access.relation != "self"]
    others.sort(key=lambda access: attention_key(access.patient.display_name, status[access.patient.pk]))
    return PatientListSerializer(own + others, many=True, context={"status": status}).data


class PatientListView(APIView):
    @extend_schema(responses=PatientListSerializer(many=True))
    def get(self, request):
        return Response(_listed(visible_patients(request.user, reading=Reading.LIST)))

    @extend_schema(request=ChildProfileSerializer, responses={201: PatientListSerializer})
    def post(self, request):
        """A parent creates the profile of a child under 13, whose diary they then keep."""
        child = sharing.create_child_profile(request.user, **valid_data(ChildProfileSerializer, request))
        return Response(_listed([patient_access(request.user, child.pk)])[0], status=status.HTTP_201_CREATED)


class PatientDetailView(APIView):
    @extend_schema(responses=PatientSerializer)
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id, reading=Reading.PROFILE)
        return Response(PatientSerializer(access.patient).data)

    @extend_schema(request=PatientSerializer, responses=PatientSerializer)
    def patch(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        serializer = PatientSerializer(access.patient, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "treatment_start" in serializer.validated_data:
            services.set_treatment_start(access, serializer.validated_data["treatment_start"])
        return Response(PatientSerializer(access.patient).data)
