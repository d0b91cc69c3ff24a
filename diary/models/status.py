"""Each patient's attention status (the dashboard's row), kept up to date so a clinic's list reads only its page.

It is `diary.rules.attention.review` as of the patient's own day, with mood counted (a viewer who was not given mood has
`low_mood` left out when the row is read: `diary.reading.dashboard`). Written when an entry or a check-in is saved or
deleted (`diary.recording.services`), and again once the patient's day has moved on (`stale_after`, the next local
midnight), by the worker hourly or by the first read that finds it stale.
"""

from django.db import models

from accounts.models import Patient


class PatientStatus(models.Model):
    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, primary_key=True, related_name="status")
    as_of = models.DateField(help_text="The patient's day this status describes.")
    # That day in the patient's time zone, [fresh_from, stale_after): outside it (or once `stale_after` is moved to
    # the past because the diary changed) the status is worked out again before it is shown.
    fresh_from = models.DateTimeField(db_index=True)
    stale_after = models.DateTimeField(db_index=True)
    first_entry = models.DateField(null=True)
    last_entry = models.DateField(null=True)
    days_logged_14 = models.PositiveSmallIntegerField(default=0)
    days_counted_14 = models.PositiveSmallIntegerField(default=0)
    adherence_14 = models.FloatField(null=True)
    function_trend = models.CharField(max_length=4, blank=True, help_text="up, flat or down; blank without data")
    # One column per flag, so that a clinic's list filters and sorts in the database. `core_flags` counts the flags
    # every viewer sees (all but low mood); a viewer who sees mood adds `low_mood`.
    no_recent_entry = models.BooleanField(default=False)
    function_fell = models.BooleanField(default=False)
    low_mood = models.BooleanField(default=False)
    plan_low = models.BooleanField(
        default=False, help_text="Plan adherence below half in each of the last 2 whole weeks."
    )
    core_flags = models.PositiveSmallIntegerField(default=0)
    flag_facts = models.JSONField(
        default=list, help_text="Each flag's facts (the attention rules'), low mood included."
    )
    latest_checkin_date = models.DateField(null=True)
    latest_checkin_total = models.PositiveSmallIntegerField(null=True)
    # Moved on by every change of the diary (never by working the status out again): what a kept outcome was worked
    # out from (diary.models.kept).
    diary_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "patient statuses"
        constraints = [
            models.CheckConstraint(condition=models.Q(core_flags__lte=3), name="status_core_flags_known"),
            models.CheckConstraint(
                condition=models.Q(days_logged_14__lte=models.F("days_counted_14")), name="status_logged_le_counted"
            ),
        ]

    def __str__(self):
        return f"status of {self.patient_id} on {self.as_of}"
