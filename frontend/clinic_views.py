"""The clinic pages (docs/API.md, "Clinic teams"): a clinician's clinics, one clinic's team, and the clinic's patients.

Like every page they draw the shell, and their modules read and write through the API. A clinic is seen by its members
alone, as in the API: anyone else gets a 404, whoever they are.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from accounts import clinics, mfa
from accounts.errors import NotVisible
from accounts.models import INVITATION_LIFETIME, RECORD_NUMBER_LENGTH, ClinicMember, ClinicRole, Role, Share
from accounts.selectors import clinic_members, clinic_patient_count, clinics_of
from api.pagination import Pagination
from api.serializers.clinics import ClinicPatientsQuerySerializer
from diary.vocabularies import Flag

SEARCH_LENGTH = ClinicPatientsQuerySerializer().fields["q"].max_length


def member_page(view):
    """A page of one clinic, for its members: the view is called with the caller's membership; 404 for anyone else."""

    @login_required
    @wraps(view)
    def with_membership(request, clinic_id):
        try:
            member = clinics.membership(request.user, clinic_id)
        except NotVisible:
            raise Http404 from None
        return view(request, member)

    return with_membership


@login_required
def clinics_page(request):
    """The caller's clinics, and the forms to create one or join one with a colleague's code. Clinicians only."""
    if request.user.role != Role.CLINICIAN:
        raise PermissionDenied
    context = {
        "memberships": clinics_of(request.user),
        "invitation_days": INVITATION_LIFETIME.days,
        "name_length": clinics.NAME_LENGTH,
    }
    return render(request, "frontend/clinics.html", context)


def _buttons_on_cards(member: ClinicMember) -> list[int]:
    """How many buttons each card of the team will have for this viewer, in the order the API lists the team: an
    admin changes anyone's role and removes them (and steps down where another admin is left); anyone leaves."""
    team = list(clinic_members(member.clinic_id))
    admins = sum(other.role == ClinicRole.ADMIN for other in team)
    if member.role != ClinicRole.ADMIN:
        return [1 if other.pk == member.pk else 0 for other in team]
    return [(2 if admins > 1 else 1) if other.pk == member.pk else 2 for other in team]


@member_page
def clinic_page(request, member):
    """The clinic's team: its members, codes for colleagues, two-step sign-in, its name (admins change them)."""
    context = {
        "clinic": member.clinic,
        "member": member,
        "is_admin": member.role == ClinicRole.ADMIN,
        "role_words": dict(ClinicRole.choices),
        # Room kept for the team before the module draws it (a card each, as tall as its buttons make it), so
        # nothing below it moves when it comes.
        "member_skeleton": _buttons_on_cards(member),
        "invitation_days": INVITATION_LIFETIME.days,
        "site_requires_mfa": mfa.is_required_for(request.user),
        "name_length": clinics.NAME_LENGTH,
    }
    return render(request, "frontend/clinic.html", context)


@member_page
def clinic_patients_page(request, member):
    """The clinic's patients, those who need attention first, a page at a time; searched, filtered, numbered."""
    if mfa.needs_second_step(request.user):
        return redirect("two-step")
    clinic = member.clinic
    blocked = clinic.mfa_required and not mfa.has_app(request.user)
    flag = request.GET.get("flag", "")
    context = {
        "clinic": clinic,
        "member": member,
        "blocked": blocked,
        "flags": Flag.choices,
        "query": request.GET.get("q", "")[:SEARCH_LENGTH],
        "flag": flag if flag in Flag.values else "",
        "search_length": SEARCH_LENGTH,
        "record_length": RECORD_NUMBER_LENGTH,
        "page_size": Pagination.page_size,
        "share_words": dict(Share.choices),  # what the clinic sees, in Share's own words (seesWords in api.js)
        # Room kept for the first page (a row each) before it arrives, so the page does not jump when it does.
        "skeleton": range(0 if blocked else min(clinic_patient_count(clinic.pk), Pagination.page_size)),
    }
    return render(request, "frontend/clinic_patients.html", context)
