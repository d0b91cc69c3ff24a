from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from diary.reading import signals  # noqa: F401 a diary that changes has its attention status worked out again
