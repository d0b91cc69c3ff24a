"""A diary that changed has its attention status worked out again before it is next shown (diary.reading.dashboard).

On every save and delete of an entry or a check-in, by whatever path (a service, the admin, a test's factory): one
UPDATE, while working the status out waits for the next read or the worker.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from diary.models import DailyEntry, FunctionCheckin


@receiver(post_save, sender=DailyEntry, dispatch_uid="diary.entry_saved")
@receiver(post_delete, sender=DailyEntry, dispatch_uid="diary.entry_deleted")
@receiver(post_save, sender=FunctionCheckin, dispatch_uid="diary.checkin_saved")
@receiver(post_delete, sender=FunctionCheckin, dispatch_uid="diary.checkin_deleted")
def diary_changed(sender, instance, **kwargs):
    from diary.reading.dashboard import mark_changed

    mark_changed(instance.patient_id)
