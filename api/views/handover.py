"""Growing up with Stride (docs/API.md, version 1.2): a parent gives a child of 13 or older her diary. The rules live
in `accounts.handover`; these views parse and call it."""

from django.utils import translation
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import handover
from accounts.access import patient_access
from accounts.models import HANDOVER_LIFETIME
from api.params import valid_data
from api.serializers.handover import (
    HandedOverSerializer,
    HandoverAcceptSerializer,
    HandoverRequestSerializer,
    HandoverSentSerializer,
)
from api.throttles import AcceptAddressThrottle, CountsFailuresMixin, InviteThrottle


class HandoverView(APIView):
    # Counted with the invitations: both send a diary somewhere, and both are asked for rarely.
    throttle_classes = [InviteThrottle]

    @extend_schema(request=HandoverRequestSerializer, responses={202: HandoverSentSerializer})
    def post(self, request, patient_id):
        """A parent who keeps a child's profile, once the child is 13: emails the child a link
        (`/handover/<token>/`, once, 14 days) that gives her the diary. A newer link replaces an older one."""
        access = patient_access(request.user, patient_id)
        link = handover.request_handover(access, request.user, **valid_data(HandoverRequestSerializer, request))
        days = HANDOVER_LIFETIME.days
        detail = ngettext(
            "We've sent a link to %(email)s. It works once, for %(days)s day.",
            "We've sent a link to %(email)s. It works once, for %(days)s days.",
            days,
        ) % {"email": link.email, "days": days}
        body = {"detail": detail, "email": link.email, "expires_at": link.expires_at}
        return Response(HandoverSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class AcceptHandoverView(CountsFailuresMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AcceptAddressThrottle]

    @extend_schema(request=HandoverAcceptSerializer, responses={201: HandedOverSerializer})
    def post(self, request):
        """Makes her account from the link, with her password and name: she owns the diary and signs in with the
        address the link went to. A used, expired or altered link gets one and the same 400."""
        data = valid_data(HandoverAcceptSerializer, request)
        data.setdefault("language", translation.get_language_from_request(request))
        teen = handover.accept_handover(**data)
        body = {
            "id": teen.pk,
            "email": teen.email,
            "display_name": teen.display_name,
            "role": teen.role,
            "patient_id": teen.own_patient.pk,
        }
        return Response(HandedOverSerializer(body).data, status=status.HTTP_201_CREATED)
