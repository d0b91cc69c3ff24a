import datetime
import io

import pytest
from django.core.management import call_command

from accounts.models import AccessLogEntry, CareTeamMember, User
from diary import demo
from diary.rules import summary
from tests.conftest import client_for
from tests.factories import CheckinFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 1, 5)
# Two weeks from the treatment start, one day missed (Jan 14). School: F P M P F - - / F F (missed log) F P - -
WEEK_ONE = ["full", "partial", "missed", "partial", "full", "none", "none"]
WEEK_TWO = ["full", "full", None, "full", "partial", "none", "none"]


@pytest.fixture
def course(teen_patient):
    teen_patient.treatment_start = MONDAY
    teen_patient.save()
    for offset, school in enumerate(WEEK_ONE):
        EntryFactory(
            patient=teen_patient,
            date=MONDAY + datetime.timedelta(days=offset),
            function=2,
            pain=8,
            school=school,
            exercise_minutes=30,
            sleep_hours="8.00",
            mood=3,
            symptoms=["fatigue", "headache"],
            pain_locations=["left_knee"],
        )
    for offset, school in enumerate(WEEK_TWO, start=7):
        if school is not None:
            EntryFactory(
                patient=teen_patient,
                date=MONDAY + datetime.timedelta(days=offset),
                function=5,
                pain=7,
                school=school,
                exercise_minutes=60,
                sleep_hours="8.00",
                mood=4,
                symptoms=["fatigue"],
                pain_locations=["left_knee", "lower_back"],
            )
    CheckinFactory(patient=teen_patient, date=MONDAY, answers=[2] * 15)
    CheckinFactory(patient=teen_patient, date=MONDAY + datetime.timedelta(days=7), answers=[1] * 15)
    return teen_patient


def get_summary(client, patient, query=""):
    response = client.get(f"/api/v1/patients/{patient.pk}/summary/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_summary_numbers_by_hand(teen_client, course):
    body = get_summary(teen_client, course, "?to=2026-01-18")
    assert (body["from"], body["to"]) == ("2026-01-05", "2026-01-18")  # from the treatment start
    assert (body["days_in_period"], body["days_logged"], body["adherence"]) == (14, 13, 0.93)  # 13 / 14
    assert body["function"] == {"baseline": 2.0, "recent": 5.0, "change": 3.0}
    assert body["pain"] == {"baseline": 8.0, "recent": 7.0, "change": -1.0}
    # Nine school days: 5 full, 3 partial, 1 missed: (5 + 1.5) / 9 = 0.72.
    assert body["school"] == {"days_scheduled": 9, "attendance": 0.72, "full": 5, "partial": 3, "missed": 1}
    # 7 * 30 + 6 * 60 = 570 minutes over the period's 2 weeks: 285 a week (the day not logged adds nothing; it
    # was 307, the mean of the 13 logged days times seven).
    assert body["exercise_minutes_per_week"] == 285
    assert body["sleep_hours"] == {"mean": 8.0}
    assert body["mood"] == {"mean": 3.46}  # (7 * 3 + 6 * 4) / 13
    assert body["checkins"] == {
        "first": {"date": "2026-01-05", "total": 30, "band": "severe"},
        "latest": {"date": "2026-01-12", "total": 15, "band": "moderate"},
        "change": -15,
        "band": "moderate",
    }
    assert body["symptoms"] == [{"code": "fatigue", "days": 13}, {"code": "headache", "days": 7}]
    assert body["pain_locations"] == [{"code": "left_knee", "days": 13}, {"code": "lower_back", "days": 6}]
    assert body["insight"]["status"] == "not_enough_data"  # 13 logged days


def test_a_period_with_no_entries(teen_client, course):
    body = get_summary(teen_client, course, "?from=2026-02-01&to=2026-02-14")
    assert (body["days_in_period"], body["days_logged"], body["adherence"]) == (14, 0, 0.0)
    # The baseline is still the treatment start's week; there is nothing recent to compare with.
    assert body["function"] == {"baseline": 2.0, "recent": None, "change": None}
    assert body["sleep_hours"] == {"mean": None} and body["exercise_minutes_per_week"] is None
    assert body["school"] == {"days_scheduled": 0, "attendance": None, "full": 0, "partial": 0, "missed": 0}
    assert body["checkins"] == {"first": None, "latest": None, "change": None, "band": None}
    assert body["symptoms"] == [] and body["pain_locations"] == []


def test_without_a_treatment_start_the_default_is_twelve_weeks(teen_client, teen_patient):
    body = get_summary(teen_client, teen_patient)
    assert body["days_in_period"] == 84 and body["to"] == teen_patient.today().isoformat()
    assert body["days_logged"] == 0 and body["insight"]["status"] == "not_enough_data"


def test_mood_only_where_shared_and_reads_are_logged(course):
    clinician = UserFactory(role="clinician")
    CareTeamMember.objects.create(patient=course, member=clinician, relation="clinician", sees=["core"])
    body = get_summary(client_for(clinician), course, "?to=2026-01-18")
    assert "mood" not in body and body["function"]["change"] == 3.0
    assert AccessLogEntry.objects.get().detail == "summary"


def test_bad_periods_get_a_clear_400(teen_client, course):
    response = teen_client.get(f"/api/v1/patients/{course.pk}/summary/?from=2026-03-01&to=2026-02-01")
    assert response.status_code == 400 and "on or before" in response.json()["from"][0]


def test_most_frequent_keeps_five_and_counts_a_code_once_a_day():
    days = [["a", "a", "b"], ["b", "c"], ["d"], ["e"], ["f"], ["b"]]
    assert summary.most_frequent(days) == [
        {"code": "b", "days": 3},
        {"code": "a", "days": 1},
        {"code": "c", "days": 1},
        {"code": "d", "days": 1},
        {"code": "e", "days": 1},
    ]


def test_the_summary_says_who_it_is_about_and_counts_from_the_first_entry(teen_client, teen_patient):
    today = teen_patient.today()
    for back in range(3):
        EntryFactory(patient=teen_patient, date=today - datetime.timedelta(days=back))
    body = get_summary(teen_client, teen_patient)
    age = today.year - 2011 - ((today.month, today.day) < (5, 4))
    assert body["patient"] == {"display_name": "Maya", "birth_date": "2011-05-04", "age": age, "record_number": None}
    # Twelve weeks asked for, a diary three days old: 3 of 3 days, not 3 of 84.
    assert body["from"] == (today - datetime.timedelta(days=83)).isoformat()
    assert body["counted_from"] == (today - datetime.timedelta(days=2)).isoformat()
    assert (body["days_in_period"], body["days_logged"], body["adherence"]) == (3, 3, 1.0)


@pytest.mark.parametrize("fall, flagged", [(1, False), (2, True)])
def test_a_priya_like_fall_is_said_and_flagged_as_on_the_dashboard(teen_client, teen_patient, fall, flagged):
    today = teen_patient.today()
    for back in range(42):
        function = 4 - fall if back < 14 else 4
        EntryFactory(
            patient=teen_patient, date=today - datetime.timedelta(days=back), function=function, pain=6, mood=3
        )
    body = get_summary(teen_client, teen_patient)
    assert body["function"] == {"baseline": 4.0, "recent": 4.0 - fall, "change": -float(fall)}
    message = body["insight"]["message"]
    assert "not changed" not in message and message.startswith("Function is lower than in the first week")
    (listed,) = teen_client.get("/api/v1/patients/").json()
    assert ("function_fell" in listed["flags"]) is flagged
    assert body["flags"] == listed["flag_messages"]
    if flagged:
        assert body["flags"] == [
            {"code": "function_fell", "message": "Function down 2.0 over 2 weeks (7-day average 4.0 to 2.0)"}
        ]


def test_the_summary_answers_the_notes_the_reader_may_read_newest_first_at_most_ten(teen_client, teen_patient):
    # docs/API.md, Corrections 1.2: never a private note, whoever reads; none without `notes` shared.
    today = teen_patient.today()
    day = lambda back: today - datetime.timedelta(days=back)  # noqa: E731
    for back in range(14):
        private = back == 1
        EntryFactory(
            patient=teen_patient, date=day(back), note="Mine alone" if private else f"Day {back}", note_private=private
        )
    EntryFactory(patient=teen_patient, date=day(20), note="Before the period")
    EntryFactory(patient=teen_patient, date=day(15), note="   ")  # blank: not a note
    query = f"?from={day(16)}&to={today}"
    shared = [{"date": day(back).isoformat(), "text": f"Day {back}"} for back in (0, *range(2, 11))]
    assert get_summary(teen_client, teen_patient, query)["notes"] == shared

    for sees, expected in ((["core"], []), (["core", "notes"], shared)):
        clinician = UserFactory(role="clinician")
        CareTeamMember.objects.create(patient=teen_patient, member=clinician, relation="clinician", sees=sees)
        body = get_summary(client_for(clinician), teen_patient, query)
        assert body["notes"] == expected
        assert "Mine alone" not in str(body)


def test_the_summary_answers_the_latest_logged_days_answers(teen_client, course):
    # The course logs every day of its two weeks but Wednesday 14 January.
    body = get_summary(teen_client, course, "?to=2026-01-18")
    assert body["current"] == {"date": "2026-01-18", "pain": 7, "function": 5}
    body = get_summary(teen_client, course, "?from=2026-01-05&to=2026-01-14")  # the 14th was not logged
    assert body["current"] == {"date": "2026-01-13", "pain": 7, "function": 5}
    empty = get_summary(teen_client, course, "?from=2026-02-01&to=2026-02-14")
    assert empty["current"] == {"date": None, "pain": None, "function": None} and empty["notes"] == []


def test_exercise_per_week_in_mayas_demo_summary_counts_the_weeks_not_the_days_logged(time_machine):
    # The demo's 12 weeks: 69 days logged of 84. The mean of the logged days times seven said 199 minutes a week;
    # the minutes logged over the 12 weeks are 164 a week, on the Summary and on Trends over the same days.
    time_machine.move_to(datetime.datetime(2026, 11, 18, 15, 0, tzinfo=datetime.UTC), tick=False)
    call_command("seed_demo", stdout=io.StringIO())
    maya = User.objects.get(email="maya@demo.example.com")
    client = client_for(maya)
    body = get_summary(client, maya.own_patient)
    assert (body["days_in_period"], body["days_logged"]) == (84, 69)
    minutes = [entry["exercise_minutes"] for entry in demo.demo_course(maya.own_patient.today())]
    assert round(sum(minutes) / len(minutes) * 7) == 199  # what the Summary said before
    assert body["exercise_minutes_per_week"] == 164
    trends = client.get(f"/api/v1/patients/{maya.own_patient.pk}/trends/?from={body['from']}&to={body['to']}").json()
    assert trends["figures"]["exercise_minutes_per_week"] == 164
