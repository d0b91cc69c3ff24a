from django.urls import path

from frontend import views

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_page, name="login"),
    path("today/", views.today, name="today"),
    path("history/", views.history, name="history"),
    path("entries/<isodate:day>/", views.entry_for_day, name="entry"),
    path("patients/", views.patients, name="patients"),
    path("settings/", views.settings_page, name="settings"),
]
