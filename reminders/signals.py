"""Reminders follow their person's time zone and their diary's owner: `accounts` saves the zone and hands a
child's diary over, and knows nothing of reminders."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import diary_handed_over


@receiver(post_save, sender=User, dispatch_uid="reminders.follow_time_zone")
def follow_time_zone(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and "timezone" not in update_fields):
        return
    from reminders.services import follow_time_zone as follow

    follow(user=instance)


@receiver(diary_handed_over, dispatch_uid="reminders.follow_the_diary")
def follow_the_diary(sender, patient, teen, **kwargs):
    """A child's diary became hers: its reminder now reminds her, at the same time in her zone."""
    from reminders.services import hand_over_reminder

    hand_over_reminder(patient=patient, user=teen)
