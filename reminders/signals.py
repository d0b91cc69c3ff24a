"""Reminders follow their person's time zone: `accounts` saves the zone, and knows nothing of reminders."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="reminders.follow_time_zone")
def follow_time_zone(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and "timezone" not in update_fields):
        return
    from reminders.services import follow_time_zone as follow

    follow(user=instance)
