"""The seven people every patient-scoped endpoint is tried as, around one teen's diary."""

import datetime

from django.utils.timezone import now

from accounts.models import CareTeamMember, Invitation, Role
from accounts.models.care import hash_code
from tests.factories import CheckinFactory, EntryFactory, GoalFactory, PatientFactory, UserFactory

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


class Circle:
    """A teen with one entry, one check-in and one weekly goal, a linked parent (sees core and mood), a linked
    clinician (core only), a removed clinician, an unlinked parent, a stranger teen with their own diary, and a
    pending invitation.

    The clinicians have a confirmed email and an authenticator app (UserFactory's default for clinicians), as
    clinicians must before they read any patient; test_persona_matrix tries one without them separately."""

    def __init__(self):
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
        self.invitation = Invitation.objects.create(
            patient=self.patient,
            created_by=self.teen,
            role="clinician",
            sees=["core"],
            code_hash=hash_code("PENDINGCODE"),
            expires_at=now() + datetime.timedelta(days=7),
        )

    def link(self, user, relation, sees):
        return CareTeamMember.objects.create(patient=self.patient, member=user, relation=relation, sees=sees)

    def person(self, persona):
        return getattr(self, persona)
