import datetime

import pytest

from accounts.models import CareTeamMember, Patient, Role
from diary.models import DailyEntry
from diary.reading import words
from diary.rules import attention
from tests.conftest import client_for
from tests.factories import CheckinFactory, PatientFactory, UserFactory

TODAY = datetime.date(2026, 3, 31)


def days_back(values):
    """{day: (function, mood)} for the last len(values) days, ending today; None leaves a day unlogged."""
    start = TODAY - datetime.timedelta(days=len(values) - 1)
    return {start + datetime.timedelta(days=i): value for i, value in enumerate(values) if value is not None}


def review(recent, last_entry=TODAY, sees_mood=True):
    """The dashboard's review of a patient, with its flags in words as the API answers them."""
    result = attention.review(TODAY, last_entry, recent, sees_mood=sees_mood)
    return {**result, "flag_messages": words.flag_messages(result["flag_facts"])}


@pytest.mark.parametrize("days_since, flagged", [(0, False), (6, False), (7, True), (30, True)])
def test_no_entry_for_seven_days(days_since, flagged):
    result = review({}, last_entry=TODAY - datetime.timedelta(days=days_since))
    assert (attention.NO_RECENT_ENTRY in result["flags"]) is flagged


def test_a_diary_with_no_entries_is_flagged():
    assert review({}, last_entry=None)["flags"] == [attention.NO_RECENT_ENTRY]


def test_function_falling_by_two_over_two_weeks_is_flagged_and_trends_down():
    # 7-day average 6 fourteen days ago (days -20..-14), 4 today (days -6..0).
    result = review(days_back([(6, 3)] * 7 + [(5, 3)] * 7 + [(4, 3)] * 7))
    assert result["function_trend"] == "down" and result["flags"] == [attention.FUNCTION_FELL]


def test_a_smaller_fall_trends_down_without_a_flag():
    result = review(days_back([(6, 3)] * 7 + [(5, 3)] * 7 + [(5, 3)] * 6 + [(4, 3)]))  # 6 -> 4.86
    assert result["function_trend"] == "down" and result["flags"] == []


@pytest.mark.parametrize("before, now, trend", [(3, 5, "up"), (5, 5, "flat"), (5, 5.5, "flat")])
def test_function_trend(before, now, trend):
    recent = days_back([(before, 3)] * 14 + [(now, 3)] * 7)
    if now != int(now):  # half a point: alternate the last week between 5 and 6
        recent = days_back([(5, 3)] * 14 + [(5, 3), (6, 3)] * 3 + [(6, 3)])
    assert review(recent)["function_trend"] == trend


def test_no_trend_without_four_logged_days_in_each_week():
    assert review(days_back([(5, 3)] * 3 + [None] * 4 + [(5, 3)] * 14))["function_trend"] is None


@pytest.mark.parametrize("low_days, flagged", [(9, False), (10, True), (14, True)])
def test_low_mood_on_ten_of_fourteen_days(low_days, flagged):
    recent = days_back([(5, 4)] * 7 + [(5, 2)] * low_days + [(5, 4)] * (14 - low_days))
    assert (attention.LOW_MOOD_FLAG in review(recent)["flags"]) is flagged
    assert attention.LOW_MOOD_FLAG not in review(recent, sees_mood=False)["flags"]


def test_adherence_counts_the_last_fourteen_days():
    result = review(days_back([(5, 3)] * 7 + [(5, 3), None] * 7))
    assert (result["days_logged_14"], result["days_counted_14"], result["adherence_14"]) == (7, 14, 0.5)


def test_a_diary_younger_than_two_weeks_counts_its_own_days():
    recent = days_back([(5, 3), None, (5, 3)])
    result = attention.review(TODAY, TODAY, recent, sees_mood=True, diary_start=TODAY - datetime.timedelta(days=2))
    assert (result["days_logged_14"], result["days_counted_14"], result["adherence_14"]) == (2, 3, 0.67)


@pytest.mark.parametrize("days_since", [7, 9, 30])
def test_the_no_entry_flag_says_how_many_days(days_since):
    result = review({}, last_entry=TODAY - datetime.timedelta(days=days_since))
    assert result["flag_messages"] == [{"code": "no_recent_entry", "message": f"No entry for {days_since} days"}]
    assert review({}, last_entry=None)["flag_messages"][0]["message"] == "No entries yet"


def test_the_function_and_mood_flags_say_their_exact_figures():
    recent = days_back([(6, 3)] * 7 + [(5, 2)] * 5 + [(5, 3)] * 2 + [(3, 2)] * 6 + [(4, 2)])  # 6 -> 3.14; 12 low
    result = review(recent)
    assert result["flags"] == [attention.FUNCTION_FELL, attention.LOW_MOOD_FLAG]
    assert [flag["message"] for flag in result["flag_messages"]] == [
        "Function down 2.9 over 2 weeks (7-day average 6.0 to 3.1)",
        "Low mood on 12 of the last 14 days",
    ]


def test_attention_order_puts_flags_first_then_the_longest_quiet():
    def row(name, flags, last_entry):
        return (name, {"flags": flags, "last_entry": last_entry})

    rows = [
        row("ana", [], TODAY),
        row("ben", ["no_recent_entry"], TODAY - datetime.timedelta(days=9)),
        row("cy", ["no_recent_entry", "low_mood"], TODAY - datetime.timedelta(days=8)),
        row("dee", ["no_recent_entry"], None),
        row("eli", [], TODAY - datetime.timedelta(days=2)),
    ]
    ranked = sorted(rows, key=lambda row: attention.attention_key(*row))
    assert [name for name, _ in ranked] == ["cy", "dee", "ben", "eli", "ana"]


def _clinic(patients, clinician):
    entries = []
    for number in range(patients):
        patient = PatientFactory(account__display_name=f"Patient {number:03}", timezone="UTC")
        today = patient.today()
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core", "mood"])
        entries += [
            DailyEntry(patient=patient, date=today - datetime.timedelta(days=offset), function=5, pain=5, mood=3)
            for offset in range(number % 3, 21, 2)
        ]
        CheckinFactory(patient=patient, date=today - datetime.timedelta(days=3), answers=[1] * 15)
    DailyEntry.objects.bulk_create(entries)


@pytest.mark.django_db
@pytest.mark.parametrize("patients", [5, 200])
def test_the_clinicians_list_takes_the_same_queries_for_5_and_200_patients(patients, django_assert_num_queries):
    clinician = UserFactory(role=Role.CLINICIAN)
    _clinic(patients, clinician)
    client = client_for(clinician)
    first = client.get("/api/v1/patients/").json()  # works out every patient's status once (counted below)
    # token, the clinician's authenticator app (two-step sign-in), own diary, care-team links, the access log's
    # lock, open visits and one INSERT of a visit for every patient, the statuses that are stale (none: kept), the
    # statuses, plus the request's SAVEPOINT and RELEASE.
    with django_assert_num_queries(11):
        listed = client.get("/api/v1/patients/").json()
    assert listed == first
    assert len(listed) == patients
    assert listed[0]["latest_checkin"]["total"] == 15 and listed[0]["latest_checkin"]["band"] == "moderate"


@pytest.mark.django_db
@pytest.mark.parametrize("patients", [5, 200])
def test_working_out_statuses_takes_four_reads_and_one_upsert_per_batch(patients, django_assert_num_queries):
    from django.db import connection

    from diary.models import PatientStatus
    from diary.reading import dashboard

    clinician = UserFactory(role=Role.CLINICIAN)
    _clinic(patients, clinician)
    everyone = list(Patient.objects.all())
    # The patients with their latest dates, their last three weeks of entries, their treatment plans, and their
    # clinic links to rank (none here: they share with a clinician); the upsert goes in as few statements as the
    # database takes: one on PostgreSQL, rows of 18 values in batches under SQLite's 999 parameters.
    fields = [PatientStatus._meta.get_field(name) for name in ["patient", *dashboard.COLUMNS]]
    batch = connection.ops.bulk_batch_size(fields, everyone) or patients
    with django_assert_num_queries(4 + -(-patients // batch)):
        dashboard.refresh(everyone)
    assert PatientStatus.objects.count() == patients


@pytest.mark.django_db
def test_the_list_puts_whoever_needs_attention_first():
    clinician = UserFactory(role=Role.CLINICIAN)
    for name, last, zone in (("Ana", 0, "Pacific/Kiritimati"), ("Ben", 10, "UTC"), ("Cy", 2, "Pacific/Pago_Pago")):
        patient = PatientFactory(account__display_name=name, timezone=zone)
        today = patient.today()  # Kiritimati and Pago Pago are 25 hours apart: never on the same date
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
        DailyEntry.objects.create(patient=patient, date=today - datetime.timedelta(days=last), function=5, pain=5)
    listed = client_for(clinician).get("/api/v1/patients/").json()
    assert [(row["display_name"], row["flags"]) for row in listed] == [
        ("Ben", ["no_recent_entry"]),
        ("Cy", []),  # quiet for two days
        ("Ana", []),
    ]


@pytest.mark.django_db
def test_a_status_is_worked_out_again_when_the_diary_changes_or_the_patients_day_ends():
    import time_machine

    from diary.models import PatientStatus
    from diary.reading import dashboard
    from diary.reading.tasks import refresh_statuses

    evening = datetime.datetime(2026, 3, 31, 23, 0, tzinfo=datetime.UTC)
    with time_machine.travel(evening, tick=False):
        patient = PatientFactory(timezone="UTC")
        DailyEntry.objects.create(patient=patient, date=datetime.date(2026, 3, 24), function=5, pain=5)
        assert dashboard.refresh_all_stale() == 1
        assert PatientStatus.objects.get(patient=patient).no_recent_entry is True  # 7 days quiet
        assert dashboard.refresh_all_stale() == 0  # kept
        DailyEntry.objects.create(patient=patient, date=datetime.date(2026, 3, 31), function=5, pain=5)
        assert refresh_statuses.call() == "statuses worked out: 1; kept outcomes let go: 0"  # the diary changed
        assert PatientStatus.objects.get(patient=patient).no_recent_entry is False
    with time_machine.travel(evening + datetime.timedelta(days=8), tick=False):
        assert dashboard.refresh_all_stale() == 1  # eight days later, its day has moved on
        assert PatientStatus.objects.get(patient=patient).no_recent_entry is True
