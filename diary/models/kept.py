"""Each patient's row of Clinic outcomes for a period, kept so that a clinic's outcomes redo only the diaries that
changed (diary.reading.outcome_data).

A row is good while the diary is as it was (`diary_version` is its status's, which every change of the diary moves
on: diary.reading.dashboard.mark_changed) and the days it counted are the days it would count now (`counted_until`:
the period's last day, or the patient's today while the period runs). `given` is what the reader was shown of the
diary (pain and function or not), so two readers given different columns keep a row each.
"""

from django.db import models

from accounts.models import Patient


class KeptOutcome(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="kept_outcomes")
    date_from = models.DateField()
    date_to = models.DateField()
    given = models.CharField(max_length=200, help_text="The columns the reader was given, comma-separated.")
    counted_until = models.DateField()
    diary_version = models.PositiveIntegerField()
    figures = models.JSONField(help_text="diary.rules.outcomes.PatientOutcome's fields, as they were worked out.")
    worked_out_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "date_from", "date_to", "given"], name="kept_outcome_once"),
            models.CheckConstraint(condition=models.Q(date_from__lte=models.F("date_to")), name="kept_outcome_period"),
            models.CheckConstraint(
                condition=models.Q(counted_until__lte=models.F("date_to")), name="kept_outcome_counted_in_period"
            ),
        ]

    def __str__(self):
        return f"outcome of {self.patient_id}, {self.date_from} to {self.date_to}"
