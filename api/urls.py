from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import accounts, care, checkins, entries, patients, trends

urlpatterns = [
    path("auth/register/", accounts.RegisterView.as_view(), name="register"),
    path("auth/token/", accounts.TokenView.as_view(), name="token"),
    path("auth/session/", accounts.SessionView.as_view(), name="session"),
    path("auth/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("me/", accounts.MeView.as_view(), name="me"),
    path("patients/", patients.PatientListView.as_view(), name="patients"),
    path("patients/<int:patient_id>/", patients.PatientDetailView.as_view(), name="patient"),
    path("patients/<int:patient_id>/entries/", entries.EntryListView.as_view(), name="entries"),
    path("patients/<int:patient_id>/entries/<isodate:day>/", entries.EntryDetailView.as_view(), name="entry"),
    path("patients/<int:patient_id>/function-checkins/", checkins.CheckinListView.as_view(), name="function-checkins"),
    path(
        "patients/<int:patient_id>/function-checkins/<isodate:day>/",
        checkins.CheckinDetailView.as_view(),
        name="function-checkin",
    ),
    path("patients/<int:patient_id>/trends/", trends.TrendsView.as_view(), name="trends"),
    path("patients/<int:patient_id>/invitations/", care.InvitationListView.as_view(), name="invitations"),
    path(
        "patients/<int:patient_id>/invitations/<int:invitation_id>/",
        care.InvitationDetailView.as_view(),
        name="invitation",
    ),
    path("invitations/accept/", care.AcceptInvitationView.as_view(), name="accept-invitation"),
    path("patients/<int:patient_id>/care-team/", care.CareTeamView.as_view(), name="care-team"),
    path("patients/<int:patient_id>/care-team/<int:member_id>/", care.CareTeamMemberView.as_view(), name="care-member"),
    path("patients/<int:patient_id>/access-log/", care.AccessLogView.as_view(), name="access-log"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
app_name = "api"
