"""Reminders (docs/API.md, version 1.1). A teen sets their own at /me/reminders/; a parent sets a child's (a profile
they keep) at /patients/{id}/reminders/, and is then the one reminded, at the time in the parent's time zone."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import own_access, patient_access
from api.params import valid_data
from api.serializers.reminders import (
    CreatedSerializer,
    PushSubscriptionSerializer,
    ReminderAnswerSerializer,
    ReminderSettingsSerializer,
)
from reminders import push, selectors, services
from reminders.models import DEFAULT_TIME, Channel, PushSubscription

NO_DIARY = gettext_lazy(
    "You don't keep a diary of your own. A child's reminders are set at /api/v1/patients/{id}/reminders/."
)


def reminder_data(patient):
    reminder = selectors.settings_for(patient)
    data = {
        "enabled": bool(reminder and reminder.enabled),
        "time": (reminder.time if reminder else DEFAULT_TIME).strftime("%H:%M"),
        "days": reminder.days if reminder else list(range(1, 8)),
        "channels": reminder.channels if reminder else [Channel.EMAIL.value],
        "vapid_public_key": settings.STRIDE_VAPID_PUBLIC_KEY if push.is_configured() else None,
    }
    return ReminderAnswerSerializer(data).data


def _save(request, patient):
    data = valid_data(ReminderSettingsSerializer, request)
    services.save_reminder_settings(
        patient=patient,
        user=request.user,
        enabled=data["enabled"],
        time=datetime.time.fromisoformat(data["time"]),
        days=data["days"],
        channels=data["channels"],
    )
    return Response(reminder_data(patient))


def _own_patient(request):
    access = own_access(request.user)
    if access is None:
        raise NotFound(NO_DIARY)
    return access.patient


class MyRemindersView(APIView):
    @extend_schema(responses={200: ReminderAnswerSerializer, 404: None})
    def get(self, request):
        return Response(reminder_data(_own_patient(request)))

    @extend_schema(request=ReminderSettingsSerializer, responses={200: ReminderAnswerSerializer, 404: None})
    def put(self, request):
        return _save(request, _own_patient(request))


class PatientRemindersView(APIView):
    """The diary's owner only: the teen, or the parent who keeps a child's profile."""

    @extend_schema(responses=ReminderAnswerSerializer)
    def get(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        access.require_owner(_("Only the diary's owner can see its reminders."))
        return Response(reminder_data(access.patient))

    @extend_schema(request=ReminderSettingsSerializer, responses=ReminderAnswerSerializer)
    def put(self, request, patient_id):
        access = patient_access(request.user, patient_id)
        access.require_owner(_("Only the diary's owner can set its reminders."))
        return _save(request, access.patient)


class PushSubscriptionListView(APIView):
    @extend_schema(request=PushSubscriptionSerializer, responses={201: CreatedSerializer})
    def post(self, request):
        data = valid_data(PushSubscriptionSerializer, request)
        subscription = services.subscribe_push(
            user=request.user, endpoint=data["endpoint"], p256dh=data["keys"]["p256dh"], auth=data["keys"]["auth"]
        )
        return Response({"id": subscription.pk}, status=status.HTTP_201_CREATED)


class PushSubscriptionDetailView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, subscription_id):
        try:
            services.unsubscribe_push(user=request.user, subscription_id=subscription_id)
        except PushSubscription.DoesNotExist:
            raise NotFound(_("No such subscription.")) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
