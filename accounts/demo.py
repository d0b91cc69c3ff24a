"""Demo accounts, created only by `seed_demo`, each with a fresh random password that it prints."""

import secrets

from accounts.models import User
from accounts.services import register_account

DEMO_DOMAIN = "demo.example.com"


def new_password():
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


def replace_demo_account(*, name, role, birth_date=None, timezone="America/New_York"):
    """Deletes any earlier demo account of this name (and its diary) and creates it again."""
    email = f"{name.lower()}@{DEMO_DOMAIN}"
    User.objects.filter(email=email).delete()
    password = new_password()
    user = register_account(
        email=email,
        password=password,
        display_name=name,
        role=role,
        birth_date=birth_date,
        timezone=timezone,
        send_confirmation=False,
    )
    # demo.example.com receives no mail: the demo addresses count as confirmed, so no banner asks for a link.
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return user, password
