"""Page views: they render the shell of each page; the pages' JavaScript reads and writes through the API."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render

from accounts.models import Patient, Role
from diary.vocabularies import PainLocation, School, Symptom, Therapy

FACES = [(1, "Very bad"), (2, "Bad"), (3, "Okay"), (4, "Good"), (5, "Very good")]


def _landing(user):
    return "today" if user.role == Role.TEEN else "patients"


def home(request):
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    return redirect("login")


def signup(request):
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    return render(request, "frontend/signup.html", {"roles": Role.choices})


def login_page(request):
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    return render(request, "frontend/login.html")


def _own_patient(request):
    return Patient.objects.filter(account=request.user).first()


def _entry_page(request, day, *, is_today):
    patient = _own_patient(request)
    if patient is None:
        return redirect("patients")
    today = patient.today()
    context = {
        "patient": patient,
        "day": day or today,
        "today": today,
        "is_today": is_today or day == today,
        "in_future": day is not None and day > today,
        "scale": range(11),
        "faces": FACES,
        "school_choices": School.choices,
        "therapy_choices": Therapy.choices,
        "symptom_choices": Symptom.choices,
        "location_choices": PainLocation.choices,
    }
    return render(request, "frontend/entry.html", context, status=400 if context["in_future"] else 200)


@login_required
def today(request):
    return _entry_page(request, None, is_today=True)


@login_required
def entry_for_day(request, day):
    return _entry_page(request, day, is_today=False)


@login_required
def history(request):
    patient = _own_patient(request)
    if patient is None:
        return redirect("patients")
    return render(request, "frontend/history.html", {"patient": patient, "today": patient.today()})


@login_required
def patients(request):
    return render(request, "frontend/patients.html")


@login_required
def settings_page(request):
    return render(request, "frontend/settings.html", {"patient": _own_patient(request)})


def not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "frontend/404.html", status=404)
