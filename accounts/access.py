"""Who may see whom: the one access function every patient-scoped view goes through.

`patient_access` answers the patient together with what the caller may do and see, or raises Http404
when the caller may not see the patient at all, so that a stranger cannot even learn that it exists.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404

from accounts.models import Patient


class Share(models.TextChoices):
    CORE = "core", "Pain, function, sleep, activity, school, symptoms and check-ins"
    MOOD = "mood", "Mood"
    NOTES = "notes", "Notes that are not private"


EVERYTHING = frozenset(Share.values)


class Relation(models.TextChoices):
    SELF = "self", "Self"
    PARENT = "parent", "Parent or guardian"
    CLINICIAN = "clinician", "Clinician"


@dataclass(frozen=True)
class Access:
    patient: Patient
    relation: str
    can_write: bool
    sees: frozenset

    @property
    def is_self(self):
        return self.relation == Relation.SELF


def patient_access(user, patient_id):
    patient = Patient.objects.filter(pk=patient_id, account=user).first() if user.is_authenticated else None
    if patient is None:
        raise Http404("No such patient.")
    return Access(patient=patient, relation=Relation.SELF, can_write=True, sees=EVERYTHING)


def visible_patients(user):
    """Every patient the caller may see, as Access objects, scoped in the query."""
    patients = Patient.objects.filter(account=user).order_by("display_name", "pk")
    return [Access(patient=p, relation=Relation.SELF, can_write=True, sees=EVERYTHING) for p in patients]
