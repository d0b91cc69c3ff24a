"""`__in_ids`: the ids of a long list sent as one parameter (accounts/lookups.py), on SQLite and PostgreSQL alike."""

import pytest

from accounts.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_it_finds_what_in_finds_with_one_parameter_however_many_ids():
    patients = [PatientFactory() for _ in range(5)]
    wanted = [patients[0].pk, patients[3].pk, 10**12]  # one that no row has
    found = sorted(Patient.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True))
    assert found == sorted(Patient.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == [patients[0].pk, patients[3].pk]
    many = list(range(10**6, 10**6 + 5000)) + [patients[1].pk]
    assert list(Patient.objects.filter(pk__in_ids=many).values_list("pk", flat=True)) == [patients[1].pk]
    _sql, params = Patient.objects.filter(pk__in_ids=many).query.sql_with_params()
    assert len(params) == 1  # 5,001 ids, one parameter


def test_an_empty_list_finds_nothing_and_an_update_changes_only_the_rows_named():
    first, second = PatientFactory(display_name="A"), PatientFactory(display_name="B")
    assert not Patient.objects.filter(pk__in_ids=[]).exists()
    assert Patient.objects.filter(pk__in_ids={first.pk}).update(display_name="Changed") == 1
    second.refresh_from_db()
    assert second.display_name == "B"
    assert Patient.objects.filter(account__in_ids=[first.account_id]).get() == first  # a foreign key too
