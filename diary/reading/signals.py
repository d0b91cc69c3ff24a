"""A diary that changed has its attention status worked out again before it is next shown (diary.reading.dashboard).

On every save and delete of an entry or a check-in, by whatever path (a service, the admin, a test's factory): one
UPDATE, while working the status out waits for the next read or the worker. A clinic link saved (new, or its sharing
changed) and a patient saved (the name may have changed) give the clinic links their sort key again at once; a
treatment start saved is a change of the diary (its insight's baseline).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import CareTeamMember, Patient
from diary.models import DailyEntry, FunctionCheckin


@receiver(post_save, sender=DailyEntry, dispatch_uid="diary.entry_saved")
@receiver(post_delete, sender=DailyEntry, dispatch_uid="diary.entry_deleted")
@receiver(post_save, sender=FunctionCheckin, dispatch_uid="diary.checkin_saved")
@receiver(post_delete, sender=FunctionCheckin, dispatch_uid="diary.checkin_deleted")
def diary_changed(sender, instance, **kwargs):
    from diary.reading.dashboard import mark_changed

    mark_changed(instance.patient_id)


@receiver(post_save, sender=CareTeamMember, dispatch_uid="diary.link_saved")
def link_saved(sender, instance, **kwargs):
    if instance.clinic_id is not None and instance.ended_at is None:
        from diary.reading.dashboard import rank_links_of

        rank_links_of(instance.patient_id)


@receiver(post_save, sender=Patient, dispatch_uid="diary.patient_saved")
def patient_saved(sender, instance, created, update_fields=None, **kwargs):
    if not created and (update_fields is None or "treatment_start" in update_fields):
        from diary.reading.dashboard import mark_changed

        mark_changed(instance.pk)  # the insight's baseline is the treatment start
    if not created and CareTeamMember.objects.active().filter(patient=instance, clinic__isnull=False).exists():
        from diary.reading.dashboard import rank_links_of

        rank_links_of(instance.pk)
