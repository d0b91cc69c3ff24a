from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import (
    account_care,
    accounts,
    care,
    checkins,
    clinics,
    entries,
    exports,
    handover,
    patients,
    reminders,
    trends,
)
from api.views import goals as goal_views
from api.views import plan as plan_views

urlpatterns = [
    path("auth/register/", accounts.RegisterView.as_view(), name="register"),
    path("auth/token/", accounts.TokenView.as_view(), name="token"),
    path("auth/session/", accounts.SessionView.as_view(), name="session"),
    path("auth/logout/", accounts.LogoutView.as_view(), name="logout"),
    # Keeping an account (docs/API.md, version 1.1)
    path("auth/logout-all/", account_care.LogoutAllView.as_view(), name="logout-all"),
    path("auth/password-reset/", account_care.PasswordResetView.as_view(), name="password-reset"),
    path(
        "auth/password-reset/confirm/", account_care.PasswordResetConfirmView.as_view(), name="password-reset-confirm"
    ),
    path("auth/password/", account_care.PasswordChangeView.as_view(), name="password"),
    path("auth/email/", account_care.EmailChangeView.as_view(), name="email"),
    path("auth/email/confirm/", account_care.EmailConfirmView.as_view(), name="email-confirm"),
    path("auth/email/cancel/", account_care.EmailCancelView.as_view(), name="email-cancel"),
    path("auth/email/resend/", account_care.EmailResendView.as_view(), name="email-resend"),
    path("auth/mfa/", account_care.MfaView.as_view(), name="mfa"),
    path("auth/mfa/totp/", account_care.TotpView.as_view(), name="totp"),
    path("auth/mfa/totp/confirm/", account_care.TotpConfirmView.as_view(), name="totp-confirm"),
    path("me/", accounts.MeView.as_view(), name="me"),
    path("me/export/", exports.MyDataExportView.as_view(), name="my-data"),
    # Reminders (docs/API.md, version 1.1)
    path("me/reminders/", reminders.MyRemindersView.as_view(), name="my-reminders"),
    path("me/push-subscriptions/", reminders.PushSubscriptionListView.as_view(), name="push-subscriptions"),
    path(
        "me/push-subscriptions/<id:subscription_id>/",
        reminders.PushSubscriptionDetailView.as_view(),
        name="push-subscription",
    ),
    path("patients/<id:patient_id>/reminders/", reminders.PatientRemindersView.as_view(), name="patient-reminders"),
    path("patients/", patients.PatientListView.as_view(), name="patients"),
    path("patients/<id:patient_id>/", patients.PatientDetailView.as_view(), name="patient"),
    path("patients/<id:patient_id>/entries/", entries.EntryListView.as_view(), name="entries"),
    path("patients/<id:patient_id>/entries/<isodate:day>/", entries.EntryDetailView.as_view(), name="entry"),
    path("patients/<id:patient_id>/function-checkins/", checkins.CheckinListView.as_view(), name="function-checkins"),
    path(
        "patients/<id:patient_id>/function-checkins/<isodate:day>/",
        checkins.CheckinDetailView.as_view(),
        name="function-checkin",
    ),
    # Weekly goals (docs/API.md, version 1.1)
    path("patients/<id:patient_id>/goals/", goal_views.GoalListView.as_view(), name="goals"),
    path("patients/<id:patient_id>/goals/progress/", goal_views.GoalProgressView.as_view(), name="goal-progress"),
    path("patients/<id:patient_id>/goals/streaks/", goal_views.GoalStreaksView.as_view(), name="goal-streaks"),
    path("patients/<id:patient_id>/goals/<id:goal_id>/", goal_views.GoalDetailView.as_view(), name="goal"),
    # Treatment plan (docs/API.md, version 1.2)
    path("patients/<id:patient_id>/plan/", plan_views.PlanView.as_view(), name="plan"),
    path("patients/<id:patient_id>/plan/items/", plan_views.PlanItemListView.as_view(), name="plan-items"),
    path(
        "patients/<id:patient_id>/plan/items/<id:item_id>/", plan_views.PlanItemDetailView.as_view(), name="plan-item"
    ),
    path("patients/<id:patient_id>/plan/day/<isodate:day>/", plan_views.PlanDayView.as_view(), name="plan-day"),
    path("patients/<id:patient_id>/plan/adherence/", plan_views.PlanAdherenceView.as_view(), name="plan-adherence"),
    path("patients/<id:patient_id>/trends/", trends.TrendsView.as_view(), name="trends"),
    path("patients/<id:patient_id>/summary/", trends.SummaryView.as_view(), name="summary"),
    path("patients/<id:patient_id>/summary.pdf", trends.SummaryPdfView.as_view(), name="summary-pdf"),
    path("outcomes/", trends.OutcomesView.as_view(), name="outcomes"),
    path("outcomes/export.csv", trends.OutcomesCsvView.as_view(), name="outcomes-csv"),
    path("patients/<id:patient_id>/invitations/", care.InvitationListView.as_view(), name="invitations"),
    path(
        "patients/<id:patient_id>/invitations/<id:invitation_id>/",
        care.InvitationDetailView.as_view(),
        name="invitation",
    ),
    path("invitations/accept/", care.AcceptInvitationView.as_view(), name="accept-invitation"),
    path("patients/<id:patient_id>/care-team/", care.CareTeamView.as_view(), name="care-team"),
    path("patients/<id:patient_id>/care-team/<id:member_id>/", care.CareTeamMemberView.as_view(), name="care-member"),
    path("patients/<id:patient_id>/access-log/", care.AccessLogView.as_view(), name="access-log"),
    # Growing up with Stride (docs/API.md, version 1.2)
    path("patients/<id:patient_id>/handover/", handover.HandoverView.as_view(), name="handover"),
    path("handover/accept/", handover.AcceptHandoverView.as_view(), name="accept-handover"),
    path("patients/<id:patient_id>/export.csv", exports.CsvExportView.as_view(), name="export-csv"),
    path("patients/<id:patient_id>/fhir/", exports.FhirExportView.as_view(), name="fhir"),
    # Clinic teams (docs/API.md, version 1.2)
    path("clinics/", clinics.ClinicListView.as_view(), name="clinics"),
    path("clinics/join/", clinics.ClinicJoinView.as_view(), name="clinic-join"),
    path("clinics/<id:clinic_id>/", clinics.ClinicDetailView.as_view(), name="clinic"),
    path("clinics/<id:clinic_id>/invitations/", clinics.ClinicInvitationView.as_view(), name="clinic-invitations"),
    path("clinics/<id:clinic_id>/members/", clinics.ClinicMembersView.as_view(), name="clinic-members"),
    path("clinics/<id:clinic_id>/members/<id:member_id>/", clinics.ClinicMemberView.as_view(), name="clinic-member"),
    path("clinics/<id:clinic_id>/patients/", clinics.ClinicPatientsView.as_view(), name="clinic-patients"),
    path(
        "clinics/<id:clinic_id>/patients/<id:patient_id>/",
        clinics.ClinicPatientView.as_view(),
        name="clinic-patient",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
app_name = "api"
