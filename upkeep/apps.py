from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    """What Stride does by itself on a schedule, beside the minute's reminders: prune what is no longer needed (every
    day) and the 18th birthdays (every hour). It reads the other apps' tables; only the worker
    (reminders' `run_worker`, which schedules every periodic job) refers to it."""

    name = "upkeep"
    default_auto_field = "django.db.models.BigAutoField"
