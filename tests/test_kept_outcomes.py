"""Clinic outcomes keep each patient's row (diary.models.kept) and work it out again only once the diary changed or
its period counted another day: every change a row depends on is tried here, and after each the kept answer is the
one working the diary out from scratch gives."""

import datetime

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.access import patient_access
from accounts.models import CareTeamMember, Role
from accounts.services import set_treatment_start
from diary.models import DailyEntry, KeptOutcome
from diary.reading import dashboard, outcome_data
from diary.reading.outcome_data import outcome_rows, work_out
from diary.rules.outcomes import PatientOutcome
from diary.vocabularies import InsightStatus
from tests.conftest import client_for
from tests.factories import CheckinFactory, EntryFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
D0 = datetime.date(2026, 1, 5)
NOW = datetime.datetime(2026, 2, 1, 12, 0, tzinfo=datetime.UTC)  # the patient's today is D0 + 27
TODAY = datetime.date(2026, 2, 1)


def day(n):
    return D0 + datetime.timedelta(days=n)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def clinic(clock):
    clinician = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee")
    patient = PatientFactory(timezone="UTC")
    CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
    for n in range(28):
        EntryFactory(patient=patient, date=day(n), function=3 if n < 7 else 6, pain=7)
    dashboard.refresh_all_stale()  # as the worker does
    return clinician, patient


def answer(clinician, patient, *, date_to=TODAY):
    """The row as outcomes give it (kept where it still holds), checked against the diary worked out again."""
    access = patient_access(clinician, patient.pk)
    (row,) = outcome_rows([access], date_from=D0, date_to=date_to)
    assert row == work_out([access], date_from=D0, date_to=date_to)[patient.pk]
    return row


def test_a_row_is_kept_and_read_again_without_reading_the_diary(clinic, django_assert_num_queries):
    clinician, patient = clinic
    first = answer(clinician, patient)
    assert (first.function_baseline, first.function_recent) == (3.0, 6.0)
    access = patient_access(clinician, patient.pk)
    with django_assert_num_queries(1):  # the kept row and the diary's version, nothing else
        assert outcome_rows([access], date_from=D0, date_to=day(27)) == [first]
    assert KeptOutcome.objects.get().figures["function_recent"] == 6.0


def test_every_change_of_the_diary_is_seen(clinic):
    clinician, patient = clinic
    seen = [answer(clinician, patient)]
    entry = DailyEntry.objects.get(patient=patient, date=day(26))
    entry.function = 10
    entry.save()
    seen.append(answer(clinician, patient))  # the last 7 days' mean moves
    DailyEntry.objects.get(patient=patient, date=day(25)).delete()
    seen.append(answer(clinician, patient))  # a day fewer logged
    CheckinFactory(patient=patient, date=day(20), answers=[1] * 15)
    seen.append(answer(clinician, patient))  # a check-in in the period
    set_treatment_start(patient_access(patient.account, patient.pk), day(3))
    seen.append(answer(clinician, patient))  # a new baseline
    item = {"kind": "activity", "title": "Walk the dog", "days_per_week": 7, "starts_on": day(20).isoformat()}
    response = client_for(clinician).post(f"/api/v1/patients/{patient.pk}/plan/items/", item, format="json")
    assert response.status_code == 201, response.content
    seen.append(answer(clinician, patient))  # a treatment plan to follow
    assert len(set(seen)) == len(seen), "each change gave a new answer"
    assert seen[-1].plan_adherence is not None and seen[-2].plan_adherence is None


def test_a_running_period_is_worked_out_again_each_new_day_and_an_ended_one_is_not(clinic, clock):
    """A plan's adherence counts the days up to the patient's today: a period that runs on counts one more each day."""
    clinician, patient = clinic
    running, ended = answer(clinician, patient, date_to=day(30)), answer(clinician, patient)
    clock.shift(datetime.timedelta(days=1))
    assert answer(clinician, patient, date_to=day(30)) == running  # worked out again (`answer` checks) to the same
    assert answer(clinician, patient) == ended
    kept = dict(KeptOutcome.objects.values_list("date_to", "counted_until"))
    assert kept == {day(30): day(28), day(27): day(27)}


def test_what_the_reader_was_given_is_part_of_the_key(clinic):
    clinician, patient = clinic
    other = UserFactory(role=Role.CLINICIAN)
    CareTeamMember.objects.create(patient=patient, member=other, relation="clinician", sees=["core", "mood"])
    assert answer(clinician, patient) == answer(other, patient)
    assert KeptOutcome.objects.count() == 1  # mood is no part of an outcome: one row serves both


def test_a_patient_without_a_status_yet_is_worked_out_each_time_and_not_kept(clock):
    clinician = UserFactory(role=Role.CLINICIAN)
    patient = PatientFactory(timezone="UTC")
    CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
    EntryFactory(patient=patient, date=day(27), function=5, pain=5)
    assert answer(clinician, patient).days_logged == 1
    assert not KeptOutcome.objects.exists()  # no version to keep it by until the worker works the status out


def test_a_row_of_a_diary_that_changed_is_deleted_by_the_worker_not_kept_beside_it(clinic):
    """A deleted entry leaves no figure made from it in the database for long: the next minute's job deletes it."""
    clinician, patient = clinic
    answer(clinician, patient)
    DailyEntry.objects.get(patient=patient, date=day(26)).delete()
    assert outcome_data.forget_old() == 1
    assert not KeptOutcome.objects.exists()
    answer(clinician, patient)  # kept again, from the diary as it is
    assert outcome_data.forget_old() == 0


def test_rows_no_one_asked_for_in_8_days_are_let_go(clinic, clock):
    clinician, patient = clinic
    answer(clinician, patient)
    clock.shift(datetime.timedelta(days=8, seconds=-1))
    assert outcome_data.forget_old() == 0
    clock.shift(datetime.timedelta(seconds=2))
    assert outcome_data.forget_old() == 1
    assert answer(clinician, patient).function_recent == 6.0


maybe = lambda values: st.none() | values  # noqa: E731
ratios = st.floats(min_value=0, max_value=1, allow_nan=False)
means = st.floats(min_value=0, max_value=10, allow_nan=False)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    outcome=st.builds(
        PatientOutcome,
        status=st.sampled_from(InsightStatus.values),
        days_in_period=st.integers(0, 3661),
        days_logged=st.integers(0, 3661),
        adherence=maybe(ratios),
        function_baseline=maybe(means),
        function_recent=maybe(means),
        pain_baseline=maybe(means),
        pain_recent=maybe(means),
        fdi_first=maybe(st.integers(0, 60)),
        fdi_latest=maybe(st.integers(0, 60)),
        fdi_first_band=maybe(st.sampled_from(["minimal", "moderate"])),
        days_to_function_improved=maybe(st.integers(0, 3661)),
        plan_adherence=maybe(ratios),
    )
)
def test_a_kept_row_reads_back_exactly_as_it_was_worked_out(clinic, outcome):
    """Every float to its last bit, every None and whole number as it was: the database keeps what Python made."""
    clinician, patient = clinic
    key = (patient.pk, "pain,function", day(27))
    outcome_data._keep({key: outcome}, {patient.pk: 0}, date_from=D0, date_to=day(27))
    _versions, kept = outcome_data._kept({patient.pk: key}, date_from=D0, date_to=day(27))
    assert kept == {key: outcome}
