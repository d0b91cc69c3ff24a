import io

import pytest
from django.core.management import call_command

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
