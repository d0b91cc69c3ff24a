"""Who may see whom: the one access function every patient-scoped view goes through.

`patient_access` answers the patient together with what the caller may do and see, or raises Http404
when the caller may not see the patient at all, so that nobody can learn that a diary exists. When the
caller is not the diary's owner and names what they read (`reading=`, a `Reading`), the read is logged in the
caller's transaction; `visible_patients` does the same for every diary on the caller's list.

Both first refuse a clinician who has not set up two-step sign-in where it is required (`accounts.mfa`): a 403
with the code `mfa_required` for every patient-scoped request, whether or not the patient exists.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access_log import record_reads
from accounts.mfa import require_clinician_second_step
from accounts.models import EVERYTHING, AccessLogEntry, CareTeamMember, Patient, Relation


@dataclass(frozen=True)
class Access:
    patient: Patient
    relation: str
    can_write: bool
    sees: frozenset
    link: CareTeamMember | None = None

    @property
    def is_owner(self):
        """The teen, or the parent who manages a child's profile: they run the diary and its sharing."""
        return self.relation == Relation.SELF or (self.link is not None and self.link.manages)

    @property
    def can_set_treatment_start(self):
        """API.md: the teen, a managing parent or a clinician may record when treatment began."""
        return self.is_owner or self.relation == Relation.CLINICIAN

    def require_owner(self, message=None):
        if not self.is_owner:
            raise PermissionDenied(message or _("Only the owner of this diary can do that."))


def _own(patient):
    return Access(patient=patient, relation=Relation.SELF, can_write=True, sees=EVERYTHING)


def _through(link):
    return Access(patient=link.patient, relation=link.relation, can_write=link.manages, sees=link.shared, link=link)


def _links_in_force():
    """Care-team links that give access now. A paused one (a parent's, from the teen's 18th birthday, until she
    resumes it) gives none: its member gets the 404 of someone with no link."""
    return CareTeamMember.objects.active().filter(paused_at__isnull=True)


def patient_access(user, patient_id, *, reading=None, action=AccessLogEntry.Action.READ):
    """The caller's access to one patient, or Http404. `reading` names what is read, for the access log."""
    if not user.is_authenticated:
        raise Http404(_("No such patient."))
    require_clinician_second_step(user)
    own = Patient.objects.filter(pk=patient_id, account=user).first()
    if own is not None:
        return _own(own)
    link = _links_in_force().select_related("patient").filter(patient_id=patient_id, member=user).first()
    if link is None:
        raise Http404(_("No such patient."))
    access = _through(link)
    if reading and not access.is_owner:
        record_reads(actor=user, patient_ids=[access.patient.pk], reading=reading, action=action)
    return access


def own_access(user):
    """Access to the caller's own diary, or None for someone who has none (a parent or a clinician)."""
    patient = Patient.objects.filter(account=user).first() if user.is_authenticated else None
    return _own(patient) if patient else None


def visible_patients(user, *, reading=None):
    """Every patient the caller may see, as Access objects, scoped in the query. `reading` names what the caller
    reads of each, for the access log of every diary they do not own."""
    require_clinician_second_step(user)
    own = [_own(patient) for patient in Patient.objects.filter(account=user)]
    # Dates nobody on a list reads stay in the database: a clinician's list makes 400 instances of these rows.
    links = _links_in_force().select_related("patient").filter(member=user)
    links = links.defer("since", "ended_at", "patient__created_at")
    shared = sorted((_through(link) for link in links), key=lambda access: access.patient.display_name.lower())
    if reading:
        read = [access.patient.pk for access in shared if not access.is_owner]
        record_reads(actor=user, patient_ids=read, reading=reading)
    return own + shared
