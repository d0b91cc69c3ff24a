import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.access import patient_access
from accounts.models import CareTeamMember
from diary.models import DailyEntry
from diary.recording.services import EntryNotFound, EntryVersionMismatch, delete_entry, save_entry

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def access(teen):
    return patient_access(teen, teen.own_patient.pk)


def test_first_save_creates_version_one(access, teen):
    entry, created = save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen)
    assert created and entry.version == 1 and entry.entered_by == teen


def test_same_save_twice_leaves_one_entry_and_one_version(access, teen):
    save_entry(access, DAY, {"function": 4, "pain": 6, "symptoms": ["headache"]}, actor=teen)
    entry, created = save_entry(access, DAY, {"function": 4, "pain": 6, "symptoms": ["headache"]}, actor=teen)
    assert not created and entry.version == 1
    assert DailyEntry.objects.count() == 1


def test_every_change_adds_one_to_the_version(access, teen):
    save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen)
    entry, _ = save_entry(access, DAY, {"function": 5, "pain": 6}, actor=teen)
    assert entry.version == 2
    entry, _ = save_entry(access, DAY, {"mood": 4}, actor=teen, partial=True)
    assert (entry.version, entry.function, entry.mood) == (3, 5, 4)


def test_full_save_replaces_optional_fields(access, teen):
    save_entry(access, DAY, {"function": 4, "pain": 6, "mood": 2, "note": "hard day"}, actor=teen)
    entry, _ = save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen)
    assert entry.mood is None and entry.note == ""


def test_stale_version_writes_nothing(access, teen):
    save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen)
    save_entry(access, DAY, {"function": 7, "pain": 6}, actor=teen, expected_version=1)
    with pytest.raises(EntryVersionMismatch) as mismatch:
        save_entry(access, DAY, {"function": 1, "pain": 1}, actor=teen, expected_version=1)
    assert mismatch.value.current_version == 2
    assert DailyEntry.objects.get().function == 7


def test_if_match_on_a_day_with_no_entry_fails(access, teen):
    with pytest.raises(EntryVersionMismatch):
        save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen, expected_version=1)
    assert not DailyEntry.objects.exists()


def test_partial_save_of_a_missing_day_is_not_found(access, teen):
    with pytest.raises(EntryNotFound):
        save_entry(access, DAY, {"mood": 3}, actor=teen, partial=True)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"function": 11, "pain": 2}, "function"),
        ({"function": 5, "pain": -1}, "pain"),
        ({"function": 5, "pain": 2, "sleep_hours": "7.3"}, "sleep_hours"),
        ({"function": 5, "pain": 2, "symptoms": ["sneezing"]}, "symptoms"),
        ({"function": 5, "pain": 2, "school": "sometimes"}, "school"),
        ({"function": 5, "pain": 2, "note": "x" * 2001}, "note"),
    ],
)
def test_invalid_values_are_refused_by_field(access, teen, values, field):
    with pytest.raises(ValidationError) as error:
        save_entry(access, DAY, values, actor=teen)
    assert field in error.value.message_dict
    assert not DailyEntry.objects.exists()


def test_future_day_in_the_patients_time_zone_is_refused(access, teen):
    tomorrow = access.patient.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        save_entry(access, tomorrow, {"function": 5, "pain": 5}, actor=teen)
    assert "date" in error.value.message_dict


def test_today_follows_the_patients_time_zone_at_midnight(teen_patient):
    # 23:30 on 1 March in UTC is already 2 March in Auckland and still 1 March in Los Angeles.
    instant = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    teen_patient.timezone = "Pacific/Auckland"
    assert teen_patient.today(instant) == datetime.date(2026, 3, 2)
    teen_patient.timezone = "America/Los_Angeles"
    assert teen_patient.today(instant) == datetime.date(2026, 3, 1)


def test_a_reader_who_may_not_write_is_refused(teen_patient, parent):
    CareTeamMember.objects.create(patient=teen_patient, member=parent, relation="parent", sees=["core"])
    read_only = patient_access(parent, teen_patient.pk)
    with pytest.raises(PermissionDenied):
        save_entry(read_only, DAY, {"function": 5, "pain": 5}, actor=parent)
    with pytest.raises(PermissionDenied):
        delete_entry(read_only, DAY)


def test_delete_checks_the_version(access, teen):
    save_entry(access, DAY, {"function": 4, "pain": 6}, actor=teen)
    with pytest.raises(EntryVersionMismatch):
        delete_entry(access, DAY, expected_version=9)
    delete_entry(access, DAY, expected_version=1)
    assert not DailyEntry.objects.exists()
