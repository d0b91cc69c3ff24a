from django.urls import path

from frontend import views

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_page, name="login"),
    path("settings/", views.settings_page, name="settings"),
    # The teen's own diary.
    path("today/", views.entry_page, name="today"),
    path("entries/<isodate:day>/", views.entry_page, name="entry"),
    path("history/", views.history, name="history"),
    path("trends/", views.trends_page, name="trends"),
    path("checkin/", views.checkin_page, name="checkin"),
    path("care-team/", views.care_team, name="care-team"),
    path("access-log/", views.access_log, name="access-log"),
    # Diaries shared with a parent or clinician, and the children a parent manages.
    path("patients/", views.patients, name="patients"),
    path("patients/new/", views.add_child, name="add-child"),
    path("join/", views.join, name="join"),
    path("patients/<int:patient_id>/", views.history, name="patient"),
    path("patients/<int:patient_id>/today/", views.entry_page, name="patient-today"),
    path("patients/<int:patient_id>/entries/<isodate:day>/", views.entry_page, name="patient-entry"),
    path("patients/<int:patient_id>/trends/", views.trends_page, name="patient-trends"),
    path("patients/<int:patient_id>/checkin/", views.checkin_page, name="patient-checkin"),
    path("patients/<int:patient_id>/care-team/", views.care_team, name="patient-care-team"),
    path("patients/<int:patient_id>/access-log/", views.access_log, name="patient-access-log"),
]
