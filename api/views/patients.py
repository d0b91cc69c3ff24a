from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import patient_access, visible_patients
from api.serializers import PatientListSerializer, PatientSerializer


class PatientListView(APIView):
    @extend_schema(responses=PatientListSerializer(many=True))
    def get(self, request):
        return Response(PatientListSerializer(visible_patients(request.user), many=True).data)


class PatientDetailView(APIView):
    @extend_schema(responses=PatientSerializer)
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        return Response(PatientSerializer(access.patient).data)
