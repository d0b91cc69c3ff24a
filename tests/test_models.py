import datetime

import pytest
from django.db import IntegrityError, transaction

from diary.models import DailyEntry
from tests.factories import EntryFactory


@pytest.mark.parametrize(
    "field, value",
    [
        ("pain", 11),
        ("function", 11),
        ("sleep_hours", 25),
        ("sleep_quality", 0),
        ("sleep_quality", 6),
        ("mood", 0),
        ("mood", 6),
        ("fatigue", 11),
        ("exercise_minutes", 1441),
        ("school", "often"),
        ("note", "x" * 2001),
        ("version", 0),
    ],
)
def test_database_refuses_values_out_of_range(teen_patient, field, value):
    entry = EntryFactory(patient=teen_patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyEntry.objects.filter(pk=entry.pk).update(**{field: value})


def test_one_entry_per_patient_per_day(teen_patient):
    EntryFactory(patient=teen_patient, date=datetime.date(2026, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(patient=teen_patient, date=datetime.date(2026, 2, 1))


def test_deleting_a_teen_account_erases_the_diary(teen_patient):
    EntryFactory.create_batch(3, patient=teen_patient)
    teen_patient.account.delete()
    assert not DailyEntry.objects.exists()
