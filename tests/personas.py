"""The seven people every patient-scoped endpoint is tried as, around one teen's diary."""

import datetime

from django.utils.timezone import now

from accounts.models import CareTeamMember, Clinic, ClinicInvitation, ClinicMember, Invitation, Role
from accounts.models.care import hash_code
from tests.factories import CheckinFactory, EntryFactory, GoalFactory, PatientFactory, PlanItemFactory, UserFactory

ENTRY_DAY = datetime.date(2026, 3, 2)
PERSONAS = [
    "teen",
    "linked_parent",
    "unlinked_parent",
    "linked_clinician",
    "removed_clinician",
    "stranger_teen",
    "anonymous",
]
# With `Circle(clinic=True)`: the teen also shares core with the Pain Team, whose people are these five.
CLINIC_PERSONAS = [
    "clinic_member",
    "clinic_admin",
    "removed_member",
    "other_clinic_member",
    "member_without_mfa",
]


class Circle:
    """A teen with one entry, one check-in, one weekly goal and a treatment plan of one item (a walk, from the entry's
    day), a linked parent (sees core and mood), a linked
    clinician (core only), a removed clinician, an unlinked parent, a stranger teen with their own diary, and a
    pending invitation.

    The clinicians have a confirmed email and an authenticator app (UserFactory's default for clinicians), as
    clinicians must before they read any patient; test_persona_matrix tries one without them separately."""

    def __init__(self, *, clinic=False):
        self.patient = PatientFactory(account__email="teen@example.com", account__display_name="Maya")
        self.teen = self.patient.account
        self.linked_parent = UserFactory(role=Role.PARENT, display_name="Dana")
        self.unlinked_parent = UserFactory(role=Role.PARENT)
        self.linked_clinician = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee")
        self.removed_clinician = UserFactory(role=Role.CLINICIAN)
        self.stranger_teen = PatientFactory().account
        self.anonymous = None
        self.parent_link = self.link(self.linked_parent, "parent", ["core", "mood"])
        self.clinician_link = self.link(self.linked_clinician, "clinician", ["core"])
        removed = self.link(self.removed_clinician, "clinician", ["core", "mood", "notes"])
        removed.ended_at = now()
        removed.save()
        self.entry = EntryFactory(
            patient=self.patient, date=ENTRY_DAY, mood=2, note="Talked to Sam", note_private=False
        )
        self.checkin = CheckinFactory(patient=self.patient, date=ENTRY_DAY, answers=[2] * 15)
        self.goal = GoalFactory(patient=self.patient, title="Physio exercises", measure="custom", target=5)
        self.plan_item = PlanItemFactory(patient=self.patient, starts_on=ENTRY_DAY, created_by=self.linked_clinician)
        self.invitation = Invitation.objects.create(
            patient=self.patient,
            created_by=self.teen,
            role="clinician",
            sees=["core"],
            code_hash=hash_code("PENDINGCODE"),
            expires_at=now() + datetime.timedelta(days=7),
        )

        if clinic:
            self._clinic()

    def _clinic(self):
        """The Pain Team, with which the teen shares core: an admin, a member, a member who was removed, and a member
        without two-step sign-in; and a member of another clinic the teen does not share with."""
        self.clinic = Clinic.objects.create(name="Pain Team")
        self.other_clinic = Clinic.objects.create(name="Elsewhere")
        self.clinic_admin = self._member(self.clinic, "admin", display_name="Dr Admin")
        self.clinic_member = self._member(self.clinic, "clinician", display_name="Sam")
        self.removed_member = self._member(self.clinic, "clinician", ended_at=now())
        self.other_clinic_member = self._member(self.other_clinic, "admin")
        self.member_without_mfa = self._member(self.clinic, "clinician", mfa=False)
        self.clinic_link = CareTeamMember.objects.create(
            patient=self.patient, clinic=self.clinic, accepted_by=self.clinic_member, relation="clinic", sees=["core"]
        )
        self.clinic_membership = ClinicMember.objects.get(user=self.clinic_member)
        ClinicInvitation.objects.create(
            clinic=self.clinic,
            created_by=self.clinic_admin,
            role="clinician",
            code_hash=hash_code("JOINPAINTM"),
            expires_at=now() + datetime.timedelta(days=7),
        )

    def _member(self, clinic, role, *, ended_at=None, mfa=True, display_name=None):
        user = UserFactory(role=Role.CLINICIAN, mfa=mfa, **({"display_name": display_name} if display_name else {}))
        ClinicMember.objects.create(clinic=clinic, user=user, role=role, ended_at=ended_at)
        return user

    def link(self, user, relation, sees):
        return CareTeamMember.objects.create(patient=self.patient, member=user, relation=relation, sees=sees)

    def person(self, persona):
        return getattr(self, persona)
