"""An authenticator app's side of two-step sign-in, for tests: codes made by pyotp (not django-otp), as a phone
app makes them from the secret it was given."""

import time

import pyotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import secret_of


def code_at_step(secret, step, period=30):
    return pyotp.TOTP(secret, interval=period).at(step * period)


def code_for(user):
    """The code the app shows now, or the next one when this one was used already (Stride takes each code once,
    and one step either side of now)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    step = max(int(time.time()) // device.step, device.last_t + 1)
    return code_at_step(secret_of(device), step, device.step)


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
