import io
import re

import pyotp
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import CareTeamMember, User
from diary.models import DailyEntry


@pytest.mark.django_db
def test_seed_demo_prints_working_logins_and_can_run_again():
    for _ in range(2):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert [line[0] for line in lines] == ["teen", "parent", "clinician", "teen", "teen"]
    for _, email, password in lines:
        assert User.objects.get(email=email).check_password(password)
    assert User.objects.count() == 5
    maya = User.objects.get(email=lines[0][1]).own_patient
    assert 60 <= DailyEntry.objects.filter(patient=maya).count() <= 84
    assert CareTeamMember.objects.active().count() == 4


@pytest.mark.django_db
def test_the_demo_clinician_signs_in_with_the_printed_key_or_a_printed_recovery_code():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    email, password = next(line.split()[1:] for line in text.splitlines() if line.startswith("  clinician"))
    secret = re.search(r"authenticator app \(time-based, 6 digits\): ([A-Z2-7]+)$", text, re.MULTILINE).group(1)
    codes = re.search(r"recovery codes, each once: (.+)$", text, re.MULTILINE).group(1).split(", ")
    assert len(codes) == 10
    assert all(user.email_verified for user in User.objects.all())  # demo.example.com gets no mail

    def sign_in(otp):
        body = {"email": email, "password": password, "otp": otp}
        return APIClient().post("/api/v1/auth/token/", body, format="json").status_code

    assert sign_in("") == 400
    assert sign_in(pyotp.TOTP(secret).now()) == 200
    assert sign_in(codes[0]) == 200
    assert sign_in(codes[0]) == 400
