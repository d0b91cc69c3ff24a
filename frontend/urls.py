from django.urls import path

from frontend import clinic_views, pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    # The front door's other pages, for everyone, signed in or not.
    path("help/", views.help_page, name="help"),
    path("privacy/", views.privacy_page, name="privacy"),
    # The installable app: the service worker at the root so its scope is the whole site, and its manifest.
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline_page, name="offline"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_page, name="login"),
    path("settings/", views.settings_page, name="settings"),
    # Keeping an account: a forgotten password, the links Stride emails, two-step sign-in.
    path("forgot-password/", views.forgot_password, name="forgot-password"),
    path("reset/<str:uid>/<str:token>/", views.reset_password, name="reset-password"),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm-email"),
    # A child's diary becomes her own: the page behind the link her parent had emailed to her.
    path("handover/<str:token>/", views.take_over, name="handover"),
    path("cancel-email-change/<str:token>/", views.cancel_email_change, name="cancel-email-change"),
    path("settings/two-step/", views.two_step, name="two-step"),
    # The teen's own diary.
    path("today/", views.entry_page, name="today"),
    path("entries/<isodate:day>/", views.entry_page, name="entry"),
    path("history/", views.history, name="history"),
    path("trends/", views.trends_page, name="trends"),
    path("checkin/", views.checkin_page, name="checkin"),
    path("summary/", views.summary_page, name="summary"),
    path("goals/", views.goals_page, name="goals"),
    path("plan/", views.plan_page, name="plan"),
    path("care-team/", views.care_team, name="care-team"),
    path("access-log/", views.access_log, name="access-log"),
    # Diaries shared with a parent or clinician, and the children a parent manages.
    path("patients/", views.patients, name="patients"),
    path("patients/new/", views.add_child, name="add-child"),
    path("join/", views.join, name="join"),
    path("outcomes/", views.outcomes_page, name="outcomes"),
    # Clinic teams: a clinician's clinics, one clinic's team, and its patients.
    path("clinics/", clinic_views.clinics_page, name="clinics"),
    path("clinics/<id:clinic_id>/", clinic_views.clinic_page, name="clinic"),
    path("clinics/<id:clinic_id>/patients/", clinic_views.clinic_patients_page, name="clinic-patients"),
    path("patients/<id:patient_id>/", views.history, name="patient"),
    path("patients/<id:patient_id>/today/", views.entry_page, name="patient-today"),
    path("patients/<id:patient_id>/entries/<isodate:day>/", views.entry_page, name="patient-entry"),
    path("patients/<id:patient_id>/trends/", views.trends_page, name="patient-trends"),
    path("patients/<id:patient_id>/checkin/", views.checkin_page, name="patient-checkin"),
    path("patients/<id:patient_id>/summary/", views.summary_page, name="patient-summary"),
    path("patients/<id:patient_id>/goals/", views.goals_page, name="patient-goals"),
    path("patients/<id:patient_id>/plan/", views.plan_page, name="patient-plan"),
    path("patients/<id:patient_id>/care-team/", views.care_team, name="patient-care-team"),
    path("patients/<id:patient_id>/access-log/", views.access_log, name="patient-access-log"),
    path("patients/<id:patient_id>/handover/", views.handover_page, name="patient-handover"),
]
