"""Page views: they render the shell of each page; the pages' JavaScript reads and writes through the API.

Every page about a patient resolves the patient through `accounts.access.patient_access`, like the API, so a
page cannot show a patient the API would hide. Reads of health data happen (and are logged) in the API.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

from accounts import birthdays, growing_up, handover, links, mfa, terms
from accounts.access import own_access, patient_access, shared_patient_count
from accounts.errors import NotVisible
from accounts.models import (
    HANDOVER_LIFETIME,
    INVITATION_LIFETIME,
    Language,
    Patient,
    Reading,
    Relation,
    Role,
    Share,
)
from accounts.models.care import INVITABLE
from accounts.selectors import EXPIRED_SHOWN_FOR, clinics_of, email_change_for_link
from accounts.timezones import today_in
from diary.models import MAX_ACTIVE_GOALS, PlanKind, PlanUnit, SchoolLevel
from diary.models.plan import TERMS_RANGES
from diary.reading import health_data
from diary.reading.selectors import checkin_offered, latest_checkin
from diary.reading.words import PUBLISHED, say_date
from diary.rules import goals, outcomes, plan
from diary.vocabularies import (
    FDI_ACTIVITIES,
    FDI_ANSWERS,
    FunctionBand,
    GoalMeasure,
    InsightStatus,
    PainLocation,
    School,
    Symptom,
    Therapy,
)
from frontend import day_entry
from frontend.pwa import offline_shell
from reminders import prune
from reminders import push as reminder_push
from reminders import selectors as reminder_selectors

# ISO weekdays (1 Monday ... 7 Sunday), short and long, named in the page's language by Django's own catalogue.
WEEKDAYS = [(number, WEEKDAYS_ABBR[number - 1], WEEKDAY_NAMES[number - 1]) for number in range(1, 8)]
FACES = [(1, gettext_lazy("Very bad")), (2, gettext_lazy("Bad")), (3, gettext_lazy("Okay")), (4, gettext_lazy("Good"))]
FACES += [(5, gettext_lazy("Very good"))]
LABELS = {
    "school": dict(School.choices),
    "symptoms": dict(Symptom.choices),
    "pain_locations": dict(PainLocation.choices),
    "therapies": dict(Therapy.choices),
}


def _landing(user):
    return "today" if user.role == Role.TEEN else "patients"


def _access(request, patient_id):
    """The caller's access to `patient_id`, or to their own diary when it is None (None if they have none)."""
    if patient_id is None:
        return own_access(request.user)
    return patient_access(request.user, patient_id)


def _urls(access):
    """Where this diary's pages live: the teen's own at the top level, anyone else's under /patients/<id>/."""
    if access.relation == "self":
        prefix, history = "", "/history/"
    else:
        prefix = f"/patients/{access.patient.pk}"
        history = f"{prefix}/"
    return {
        "history": history,
        "today": f"{prefix}/today/",
        "entries": f"{prefix}/entries/",
        "care_team": f"{prefix}/care-team/",
        "access_log": f"{prefix}/access-log/",
        "trends": f"{prefix}/trends/",
        "checkin": f"{prefix}/checkin/",
        "summary": f"{prefix}/summary/",
        "goals": f"{prefix}/goals/",
        "handover": f"{prefix}/handover/",
        "plan": f"{prefix}/plan/",
    }


def diary_page(view):
    """A page about one diary: the caller's own (no patient_id) or one shared with them (404 otherwise).

    The view is called with the caller's Access; someone with no diary of their own goes to their patients.
    """

    @login_required
    @wraps(view)
    def with_access(request, patient_id=None, **kwargs):
        try:
            access = _access(request, patient_id)
        except mfa.MfaRequired:
            return redirect("two-step")
        except NotVisible:
            raise Http404 from None
        if access is None:
            return redirect("patients")
        return view(request, access, **kwargs)

    return with_access


def _page_context(access, **extra):
    """What every page about one diary needs, plus the page's own values."""
    patient = access.patient
    return {"access": access, "patient": patient, "urls": _urls(access), "today": patient.today(), **extra}


def home(request):
    """The front door: what Stride is, for someone not signed in; a signed-in person goes to their first page."""
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    return render(request, "frontend/landing.html", {"invitation_days": INVITATION_LIFETIME.days})


def help_page(request):
    days = {"invitation_days": INVITATION_LIFETIME.days, "expired_days": EXPIRED_SHOWN_FOR.days}
    return render(request, "frontend/help.html", days)


def privacy_page(request):
    # How long each thing is kept: the periods the daily prune uses (reminders/prune.py), said on the page from the same
    # constants.
    return render(request, "frontend/privacy.html", {"kept": prune.kept_for()})


def signup(request):
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    # Someone sent here to join a care team (the join page says `role=parent`) finds that answer chosen.
    chosen = request.GET.get("role")
    context = {
        "roles": Role.choices,
        "chosen_role": chosen if chosen in Role.values else Role.choices[0][0],
        "next": safe_next(request),
    }
    return render(request, "frontend/signup.html", context)


def safe_next(request):
    """The `next` address when it is a path on this site, else None. Django's check refuses other hosts and
    schemes, `//x`, `/\\x` and `/<tab>/x` (a browser drops the tab); `auth.js` checks again the same way."""
    target = request.GET.get("next", "")
    allowed = {request.get_host()}
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed, require_https=request.is_secure()):
        return target
    return None


def login_page(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request) or _landing(request.user))
    return render(request, "frontend/login.html", {"next": safe_next(request)})


@offline_shell
@diary_page
def entry_page(request, access, day=None):
    if not access.can_write:
        return redirect(f"/patients/{access.patient.pk}/")
    today = access.patient.today()
    last_checkin = latest_checkin(access.patient)
    context = _page_context(
        access,
        last_checkin=last_checkin,
        checkin_due=checkin_offered(access.patient, today, last_checkin),
        day=day or today,
        is_today=day is None or day == today,
        in_future=day is not None and day > today,
        scale=range(11),
        faces=FACES,
        **day_entry.context(access, day or today, today),
    )
    return render(request, "frontend/entry.html", context, status=400 if context["in_future"] else 200)


@offline_shell
@diary_page
def history(request, access):
    shared = _shared_words(access)
    # Each day's plan ticks are named by the item's title (ended items too): the titles come with the page, not from
    # a read of the plan of its own, which the access log would show as a look at the plan.
    items = health_data.plan_items(access)
    plan_items = {item.pk: {"title": item.title, "unit": item.spec().terms[-1].unit} for item in items}
    context = _page_context(access, labels=LABELS, shared=shared, plan_items=plan_items)
    return render(request, "frontend/history.html", context)


@offline_shell
@diary_page
def checkin_page(request, access):
    if not access.can_write:
        return redirect(_urls(access)["trends"])
    context = _page_context(
        access,
        activities=[label for _, label in FDI_ACTIVITIES],
        answers=list(enumerate(FDI_ANSWERS)),
        band_words=dict(FunctionBand.choices),
    )
    return render(request, "frontend/checkin.html", context)


@offline_shell
@diary_page
def trends_page(request, access):
    return render(request, "frontend/trends.html", _page_context(access, sees_mood=Share.MOOD in access.sees))


# What the Goals page offers to count, with a first title and target for each (the teen may change both).
GOAL_SUGGESTIONS = {
    goals.EXERCISE_MINUTES: (gettext_lazy("Exercise"), 150),
    goals.SCHOOL_DAYS: (gettext_lazy("School"), 5),
    goals.THERAPY_DAYS: (gettext_lazy("Treatment"), 5),
    goals.LOGGED_DAYS: (gettext_lazy("Log my day"), 6),
    goals.CUSTOM: (gettext_lazy("Physio exercises"), 5),
}


def _goal_measures():
    return [
        {
            "code": code,
            "label": label,
            "unit": "minutes" if code == goals.EXERCISE_MINUTES else "days",
            "max": goals.max_target(code),
            "title": GOAL_SUGGESTIONS[code][0],
            "target": GOAL_SUGGESTIONS[code][1],
        }
        for code, label in GoalMeasure.choices
    ]


@diary_page
def goals_page(request, access):
    """Weekly goals: add, change, stop. The goals and their progress come from the API."""
    if not access.can_write:
        return redirect(_urls(access)["trends"])
    context = _page_context(access, measures=_goal_measures(), max_goals=MAX_ACTIVE_GOALS)
    return render(request, "frontend/goals.html", context)


@diary_page
def summary_page(request, access):
    labels = {"symptoms": LABELS["symptoms"], "pain_locations": LABELS["pain_locations"]}
    sees = {"sees_mood": Share.MOOD in access.sees, "sees_notes": Share.NOTES in access.sees}
    born = say_date(access.patient.birth_date, year=True)
    context = _page_context(access, labels=labels, born=born, **sees)
    return render(request, "frontend/summary.html", context)


def _plan_choices():
    """What the plan's editor offers, from the model's vocabularies and ranges (one source): kinds, units, school
    levels, the weekdays in the page's language, and each number's range."""
    return {
        "kinds": [{"code": code, "label": label} for code, label in PlanKind.choices],
        "units": [{"code": code, "label": label} for code, label in PlanUnit.choices],
        "school_levels": [{"code": code, "label": label} for code, label in SchoolLevel.choices],
        "ranges": {name: {"min": low, "max": high} for name, (low, high) in TERMS_RANGES.items()},
        "no_amount": list(plan.NO_AMOUNT),
        "dosed": list(plan.DOSED),
    }


@diary_page
def plan_page(request, access):
    """The treatment plan: each item in plain words with the weeks ahead, for whoever sees the diary; clinicians on
    the care team write it here too. The plan comes from the API, which logs each read."""
    context = _page_context(access, choices=_plan_choices(), weekdays=WEEKDAYS)
    return render(request, "frontend/plan.html", context)


def _owner_page(request, access, template, **extra):
    """A page only the diary's owner (the teen, or a managing parent) may open."""
    if not access.is_owner:
        raise PermissionDenied
    return render(request, template, _page_context(access, **extra))


@diary_page
def care_team(request, access):
    days = {"invitation_days": INVITATION_LIFETIME.days, "expired_days": EXPIRED_SHOWN_FOR.days}
    patient, will_pause = access.patient, []
    if access.relation == Relation.SELF and birthdays.adult_notice_due(patient.birth_date, patient.today()):
        will_pause = [link.member.display_name for link in growing_up.parents_who_will_pause(patient)]
    adult_on = birthdays.turns(patient.birth_date, birthdays.ADULT_AGE)
    context = {"will_pause": will_pause, "adult_on": adult_on, "is_adult": patient.today() >= adult_on}
    # What each choice shows, in the words of Share itself: the invitation and the care team say the same.
    context["share_words"] = dict(Share.choices)
    return _owner_page(request, access, "frontend/care_team.html", **context, **days)


def _shared_words(access):
    """What the caller sees of this diary, in words (the Share labels), for the pages that tell them."""
    return [label for value, label in Share.choices if value in access.sees]


@diary_page
def handover_page(request, access):
    """The parent's side of giving a child her diary: before (what happens, who will see what, the link to send)
    and after (what the parent sees now). Only a parent who keeps the profile, or kept it until it was handed over."""
    patient = access.patient
    keeps = access.link is not None and access.link.manages
    if not keeps and not (access.relation == Relation.PARENT and patient.handed_over_at):
        raise PermissionDenied
    context = _page_context(
        access,
        keeps=keeps,
        can_hand_over=keeps and handover.can_hand_over(patient),
        old_enough_on=handover.old_enough_on(patient),
        pending=handover.pending_handover(patient) if keeps else None,
        link_days=HANDOVER_LIFETIME.days,
        shared=_shared_words(access),
    )
    return render(request, "frontend/handover_parent.html", context)


def take_over(request, token):
    """The page behind the emailed link: the child chooses a password and a name, and the diary is hers."""
    found = handover.usable_handover(token)
    context = {"valid": found is not None, "token": token, "handover": found, "link_days": HANDOVER_LIFETIME.days}
    return render(request, "frontend/handover.html", context, status=200 if found else 400)


@diary_page
def access_log(request, access):
    # A change to the plan names its item by id ("plan dose 12"): the page says it by title.
    titles = {item.pk: item.title for item in health_data.plan_items(access)} if access.is_owner else {}
    return _owner_page(
        request, access, "frontend/access_log.html", read_words=dict(Reading.choices), plan_titles=titles
    )


FIRST_SCREEN_CARDS = 5  # patient cards of a phone's first screen (and more)


@login_required
def patients(request):
    if mfa.needs_second_step(request.user):
        return redirect("two-step")
    # A card's room for each patient the first screen shows, so the list arrives without moving the page.
    skeleton = range(min(shared_patient_count(request.user), FIRST_SCREEN_CARDS))
    return render(request, "frontend/patients.html", {"skeleton": skeleton})


@login_required
def outcomes_page(request):
    """Clinic outcomes, for clinicians: the figures come from the API, which logs each patient read."""
    if request.user.role != Role.CLINICIAN:
        raise PermissionDenied
    if mfa.needs_second_step(request.user):
        return redirect("two-step")
    words = {
        "statuses": dict(InsightStatus.choices),
        "improved": outcomes.CHANGE,
        "week_needs": outcomes.MIN_LOGGED_IN_WEEK,
    }
    memberships = clinics_of(request.user)
    chosen = request.GET.get("clinic", "")
    context = {
        "clinics": memberships,
        "chosen_clinic": next((m.clinic_id for m in memberships if str(m.clinic_id) == chosen), None),
        "words": words,
        "published": PUBLISHED,  # in the reader's language (diary.reading.words)
        "today": today_in(request.user.timezone),
        "min_days": outcomes.MIN_LOGGED_DAYS,
    }
    return render(request, "frontend/outcomes.html", context)


def join(request):
    """The code form; someone not signed in yet (the invitation's message sends them here) is told to sign in.
    An invitation's link (`?code=...&role=...`) fills the code in (join.js) and chooses the account to create. A
    clinician on a clinic's team chooses whether a teen's code is for them or for one of their clinics."""
    role = request.GET.get("role")
    clinics = clinics_of(request.user) if request.user.is_authenticated and request.user.role == Role.CLINICIAN else []
    context = {
        "invitation_days": INVITATION_LIFETIME.days,
        "role": role if role in INVITABLE else Role.PARENT,
        "clinics": clinics,
    }
    return render(request, "frontend/join.html", context)


@login_required
def add_child(request):
    if request.user.role != Role.PARENT:
        raise PermissionDenied
    context = {
        "terms": terms.CHILD_PROFILE_TERMS,
        "terms_version": terms.CHILD_PROFILE_TERMS_VERSION,
        "consent_label": terms.CONSENT_LABEL,
    }
    return render(request, "frontend/add_child.html", context)


def _reminder_diaries(user, access):
    """The diaries whose daily reminder this person sets: their own, and the children's they keep."""
    diaries = [{"api": "me/reminders/", "child": None}] if access else []
    kept = Patient.objects.kept_by(user).order_by("pk")
    diaries += [{"api": f"patients/{child.pk}/reminders/", "child": child.display_name} for child in kept]
    return diaries


@login_required
def settings_page(request):
    access = _access(request, None)
    context = {
        "access": access,
        "languages": Language.choices,
        "mfa": mfa.status(request.user),
        "reminder_diaries": _reminder_diaries(request.user, access),
        "weekdays": WEEKDAYS,
        "push_offered": reminder_push.is_configured(),
        # Whether a reminder can reach this person yet: reminders.js says so after a save (not "we'll remind you").
        "push_devices": reminder_selectors.subscriptions_of([request.user.pk]).count(),
    }
    return render(request, "frontend/settings.html", context)


# Keeping an account: the pages behind the links Stride emails, and two-step sign-in. A link that no longer works
# gets one calm page (status 400) that offers a new link.


def forgot_password(request):
    return render(request, "frontend/forgot_password.html")


def reset_password(request, uid, token):
    valid = links.user_for_password_reset(uid, token) is not None
    context = {"valid": valid, "uid": uid, "token": token}
    return render(request, "frontend/reset_password.html", context, status=200 if valid else 400)


# What became of a change of email whose link no longer works, said plainly on its pages (a used or altered link,
# or one that ran out, gets the one calm page of any link that no longer works).
STOPPED_CHANGES = ("cancelled", "ended", "replaced")


def confirm_email(request, token):
    change = email_change_for_link(token, links.CONFIRM)
    if change is not None:
        status = change.status()
        context = {"valid": status == "pending", "address": change.new_email}
        context["stopped"] = status if status in STOPPED_CHANGES else None
    else:
        user = links.read_email_link(token)
        context = {"valid": user is not None, "address": user.email if user else None}
    context["token"] = token
    return render(request, "frontend/confirm_email.html", context, status=200 if context["valid"] else 400)


def cancel_email_change(request, token):
    """The link in the notice to the old address: cancels a pending change of email, signed in or not."""
    change = email_change_for_link(token, links.CANCEL)
    status = change.status() if change is not None else None
    context = {"status": status, "change": change, "token": token}
    return render(request, "frontend/cancel_email_change.html", context, status=200 if status == "pending" else 400)


@login_required
def two_step(request):
    """Sets up an authenticator app; for a clinician who must have one, the walk-through that comes first."""
    status = mfa.status(request.user)
    context = {"mfa": status, "blocked": mfa.needs_second_step(request.user)}
    return render(request, "frontend/two_step.html", context)


def not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "frontend/404.html", status=404)
