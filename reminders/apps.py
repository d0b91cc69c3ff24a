from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reminders import checks, signals  # noqa: F401 (registers the deploy check and the time-zone follower)
