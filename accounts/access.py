"""Who may see whom, and what they may see and do there: the one door to every patient's diary.

A person reaches a diary through one of four doors (`Door`): it is their own; they keep a child's profile (a managing
parent); the teen shared with them (a parent or a clinician, by code); or the teen shared with a clinic they are an
active member of. `patient_access` and `visible_patients` find the doors and answer an `Access`, the policy object:
the only code that knows what its viewer may see (`sees`, `hidden_entry_fields`, `may_read_note`) and do
(`can_write`, `is_owner`, `can_set_treatment_start`, `can_write_plan`). Everything else asks it.

`patient_access` raises `NotVisible` (a 404: nobody learns that a diary exists) when no door opens. When the caller
is not the diary's owner and names what they read (`reading=`, a `Reading`), the read is logged in the caller's
transaction, under the caller's name and, through a clinic, the clinic's; `visible_patients` does the same for every
diary on the caller's list.

Both first refuse a clinician who has not set up two-step sign-in where it is required (`accounts.mfa`): a 403 with
the code `mfa_required` for every patient-scoped request, whether or not the patient exists; and a member of a clinic
that requires it (the default), on that clinic's patients.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.access_log import record_reads
from accounts.errors import NotVisible
from accounts.mfa import MfaRequired, has_app, require_clinician_second_step
from accounts.models import EVERYTHING, AccessLogEntry, CareTeamMember, Clinic, Patient, Relation, Share, User
from accounts.models.care import shared_by

# What each category a teen shares opens of an entry: the fields a viewer without it never receives.
FIELDS_OF = {Share.MOOD: ("mood",), Share.NOTES: ("note", "note_private")}


class Link(NamedTuple):
    """One care-team link in force that opens a diary to its viewer: what the policy, and the pages that name a
    viewer's clinics, read of it.

    Read as plain values rather than as CareTeamMember instances: Clinic outcomes reads 1,000 links on every load,
    and an instance of each link with its patient's (select_related) took 20.5 ms where these take 12.8 ms (in
    process, PostgreSQL, December 2026).
    """

    pk: int  # the link's own id: the page that lets its member leave the care team deletes it by this
    clinic_id: int | None
    clinic: Clinic | None
    relation: str
    shared: frozenset[str]
    manages: bool
    record_number: str


class Door(enum.StrEnum):
    OWN = "own"
    MANAGING_PARENT = "managing_parent"
    SHARE = "share"
    CLINIC = "clinic"


@dataclass(frozen=True)
class Access:
    """What `viewer` may see and do in `patient`'s diary, and through which doors.

    `link` is the viewer's own care-team link (a direct share, or a managing parent's); `clinic_links` are the teen's
    shares with clinics the viewer is a member of. Where several doors open, the viewer sees what any of them shows.
    """

    patient: Patient
    relation: str
    sees: frozenset
    doors: frozenset
    viewer: User | None = None
    link: Link | None = None
    clinic_links: tuple[Link, ...] = ()

    @property
    def can_write(self) -> bool:
        return self.is_owner

    @property
    def is_owner(self) -> bool:
        """The teen, or the parent who manages a child's profile: they run the diary and its sharing."""
        return bool(self.doors & {Door.OWN, Door.MANAGING_PARENT})

    @property
    def is_clinician(self) -> bool:
        """A clinician on the care team, directly or through a clinic."""
        return Door.CLINIC in self.doors or (self.link is not None and self.link.relation == Relation.CLINICIAN)

    @property
    def can_set_treatment_start(self) -> bool:
        """docs/API.md: the teen, a managing parent or a clinician may record when treatment began."""
        return self.is_owner or self.is_clinician

    @property
    def can_write_plan(self) -> bool:
        """docs/API.md, Treatment plan: clinicians on the care team, directly or through a clinic (every member)."""
        return self.is_clinician

    @property
    def clinic(self) -> Clinic | None:
        """The clinic the viewer reads through, for the access log: only where no direct share opens the diary."""
        if self.link is not None or not self.clinic_links:
            return None
        return self.clinic_links[0].clinic

    @property
    def record_number(self) -> str:
        """The reader's clinic's own record number for the patient ("" where none of their clinics set one)."""
        return next((link.record_number for link in self.clinic_links if link.record_number), "")

    @property
    def hidden_entry_fields(self) -> frozenset[str]:
        """The entry fields this viewer never receives: mood and notes unless they were shared."""
        return frozenset(field for share, fields in FIELDS_OF.items() if share not in self.sees for field in fields)

    @property
    def sees_mood(self) -> bool:
        return Share.MOOD in self.sees

    def may_read_note(self, *, private: bool, written_by: int | None) -> bool:
        """A note is read where notes are shared, and a private note by its writer alone."""
        if Share.NOTES not in self.sees:
            return False
        return not private or (self.viewer is not None and written_by == self.viewer.pk)

    def require_owner(self, message=None):
        if not self.is_owner:
            raise PermissionDenied(message or _("Only the owner of this diary can do that."))


def _own(patient: Patient, owner: User) -> Access:
    return Access(patient=patient, relation=Relation.SELF, sees=EVERYTHING, doors=frozenset({Door.OWN}), viewer=owner)


def _through(viewer: User, patient: Patient, links: Iterable[Link]) -> Access:
    """The policy of a viewer whose doors to `patient` are `links`: their own link and any of their clinics'."""
    own_link, clinic_links, doors = None, [], set()
    sees: set[str] = set()
    for link in links:
        if link.clinic_id is None:
            own_link = link
            doors.add(Door.MANAGING_PARENT if link.manages else Door.SHARE)
        else:
            clinic_links.append(link)
            doors.add(Door.CLINIC)
        sees |= link.shared
    relation = own_link.relation if own_link is not None else Relation.CLINIC
    clinic_links.sort(key=lambda link: link.clinic_id or 0)  # clinic links all have one
    return Access(
        patient=patient,
        relation=relation,
        sees=frozenset(sees),
        doors=frozenset(doors),
        viewer=viewer,
        link=own_link,
        clinic_links=tuple(clinic_links),
    )


def _links_of(user: User):
    """The care-team links in force that open a diary to `user`: their own, and those of their active clinics. A
    paused link (a parent's, from the teen's 18th birthday until she resumes it) opens nothing: its member gets the
    404 of someone with no link."""
    own = CareTeamMember.objects.in_force().filter(member=user)
    through_clinics = CareTeamMember.objects.in_force().filter(
        clinic__members__user=user, clinic__members__ended_at__isnull=True
    )
    return own | through_clinics


LINK_COLUMNS = ("pk", "patient_id", "clinic_id", "relation", "sees", "manages", "record_number")
CLINIC_FIELDS = tuple(field.attname for field in Clinic._meta.concrete_fields)


def _patient_fields(*, unread: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(field.attname for field in Patient._meta.concrete_fields if field.name not in unread)


def _doors(user: User, *, patient_fields: tuple[str, ...], **filters) -> dict[int, tuple[Patient, list[Link]]]:
    """{patient id: (the patient, the links that open her diary to `user`)} in one query, for the patients that
    `filters` name. A patient carries `patient_fields` (Django's deferred fields are read if ever asked for)."""
    rows = _links_of(user).filter(**filters)
    columns = (*LINK_COLUMNS, *(f"patient__{name}" for name in patient_fields))
    clinic_columns = tuple(f"clinic__{name}" for name in CLINIC_FIELDS)
    found: dict[int, tuple[Patient, list[Link]]] = {}
    clinics: dict[int, Clinic] = {}
    for row in rows.values_list(*columns, *clinic_columns):
        pk, patient_id, clinic_id, relation, sees, manages, record_number = row[: len(LINK_COLUMNS)]
        clinic = None
        if clinic_id is not None:
            if clinic_id not in clinics:
                clinics[clinic_id] = Clinic.from_db(rows.db, CLINIC_FIELDS, row[len(columns) :])
            clinic = clinics[clinic_id]
        if patient_id not in found:
            patient = Patient.from_db(rows.db, patient_fields, row[len(LINK_COLUMNS) : len(columns)])
            found[patient_id] = (patient, [])
        shared = shared_by(sees=sees, manages=manages)
        found[patient_id][1].append(Link(pk, clinic_id, clinic, relation, shared, manages, record_number))
    return found


def _require_clinic_second_step(user: User, links: Iterable[Link]) -> None:
    """A clinic that requires two-step sign-in (its default) refuses its patients to a member without an app."""
    if any(link.clinic is not None and link.clinic.mfa_required for link in links) and not has_app(user):
        raise MfaRequired


def require_second_step_for_patients_of(user: User, clinic: Clinic) -> None:
    """Before a member reads a clinic's list of patients: the rules of `patient_access` for each of them."""
    require_clinician_second_step(user)
    if clinic.mfa_required and not has_app(user):
        raise MfaRequired


def patient_access(user, patient_id, *, reading=None, action=AccessLogEntry.Action.READ) -> Access:
    """The caller's access to one patient, or NotVisible. `reading` names what is read, for the access log."""
    if not user.is_authenticated:
        raise NotVisible(_("No such patient."))
    require_clinician_second_step(user)
    own = Patient.objects.filter(pk=patient_id, account=user).first()
    if own is not None:
        return _own(own, user)
    found = _doors(user, patient_fields=_patient_fields(), patient_id=patient_id)
    if not found:
        raise NotVisible(_("No such patient."))
    [(patient, links)] = found.values()
    _require_clinic_second_step(user, links)
    access = _through(user, patient, links)
    if reading and not access.is_owner:
        record_reads(
            actor=user,
            patient_ids=[access.patient.pk],
            reading=reading,
            action=action,
            clinics={access.patient.pk: access.clinic},
        )
    return access


def own_access(user) -> Access | None:
    """Access to the caller's own diary, or None for someone who has none (a parent or a clinician)."""
    patient = Patient.objects.filter(account=user).first() if user.is_authenticated else None
    return _own(patient, user) if patient else None


def owner_access(user: User, patient: Patient) -> Access:
    """The access of a diary's owner to a patient the caller has already found among their own: the teen's diary,
    or a child's whose profile they keep (their data download)."""
    if patient.account_id == user.pk:
        return _own(patient, user)
    doors = frozenset({Door.MANAGING_PARENT})
    return Access(patient=patient, relation=Relation.PARENT, sees=EVERYTHING, doors=doors, viewer=user)


# What nobody on a list reads of a patient stays in the database: a clinician's list has 200 of them, and Clinic
# outcomes 1,000.
LIST_UNREAD = ("created_at", "consent_given_at", "consent_terms_version", "consent_given_by", "adult_notice_sent_at")


def shared_patient_count(user: User) -> int:
    """How many diaries are open to `user` through a care team or a clinic, each once: the room the Patients page
    keeps before its list arrives. A count reads no diary and is not logged."""
    return _links_of(user).values("patient_id").distinct().count()


def visible_patients(user, *, reading=None) -> list[Access]:
    """Every patient the caller may see, each once, as Access objects, scoped in the query. `reading` names what the
    caller reads of each, for the access log of every diary they do not own."""
    require_clinician_second_step(user)
    own = [_own(patient, user) for patient in Patient.objects.filter(account=user)]
    found = _doors(user, patient_fields=_patient_fields(unread=LIST_UNREAD))
    _require_clinic_second_step(user, [link for _patient, links in found.values() for link in links])
    shared = [_through(user, patient, links) for patient, links in found.values()]
    shared.sort(key=lambda access: access.patient.display_name.lower())
    if reading:
        read = [access for access in shared if not access.is_owner]
        record_reads(
            actor=user,
            patient_ids=[access.patient.pk for access in read],
            reading=reading,
            clinics={access.patient.pk: access.clinic for access in read},
        )
    return own + shared
