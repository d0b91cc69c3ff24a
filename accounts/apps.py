from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import (
            emails,  # noqa: F401 (registers the email checks of `check --deploy`)
            lookups,  # noqa: F401 (registers `__in_ids`)
        )
