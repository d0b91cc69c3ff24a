import datetime

import pytest

from accounts.models import AccessLogEntry, CareTeamMember
from tests.conftest import client_for
from tests.factories import CheckinFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


def trends(client, patient, query=""):
    return client.get(f"/api/v1/patients/{patient.pk}/trends/{query}")


def log_course(patient, function, pain, start=START, **extra):
    """One entry per day from `start`; None in `function` leaves the day unlogged."""
    for offset, (f, p) in enumerate(zip(function, pain, strict=True)):
        if f is not None:
            EntryFactory(patient=patient, date=start + datetime.timedelta(days=offset), function=f, pain=p, **extra)


def test_columns_have_one_slot_per_day_with_nulls_for_gaps(teen_client, teen_patient):
    log_course(teen_patient, [3, None, 5], [7, None, 6], sleep_hours="7.50", school="partial", mood=4)
    body = trends(teen_client, teen_patient, "?to=2026-01-07").json()
    assert body["from"] == "2026-01-05" and body["to"] == "2026-01-07"
    assert body["dates"] == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert body["function"] == [3, None, 5] and body["pain"] == [7, None, 6]
    assert body["sleep_hours"] == [7.5, None, 7.5] and body["school"] == ["partial", None, "partial"]
    assert body["mood"] == [4, None, 4]
    columns = ["pain", "function", "sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school"]
    for name in [*columns, "pain_avg7", "function_avg7"]:
        assert len(body[name]) == 3, name
    assert body["function_avg7"] == [None, None, None]  # fewer than 4 of 7 days logged
    assert body["insight"]["status"] == "not_enough_data"


def test_default_range_runs_from_the_first_entry_to_the_patients_today(teen_client, teen_patient):
    EntryFactory(patient=teen_patient, date=teen_patient.today() - datetime.timedelta(days=9))
    body = trends(teen_client, teen_patient).json()
    assert body["to"] == teen_patient.today().isoformat() and len(body["dates"]) == 10


def test_an_empty_diary_answers_today_alone(teen_client, teen_patient):
    body = trends(teen_client, teen_patient).json()
    assert body["dates"] == [teen_patient.today().isoformat()] and body["function"] == [None]
    assert body["checkins"] == [] and body["insight"]["status"] == "not_enough_data"


def test_avg7_by_numbers_and_looking_back_before_the_range(teen_client, teen_patient):
    # Days 1-7 logged with function 1..7; the range starts on day 7, whose average still uses days 1-7.
    log_course(teen_patient, [1, 2, 3, 4, 5, 6, 7], [9, 9, 9, 9, 8, 8, 8])
    body = trends(teen_client, teen_patient, "?from=2026-01-11&to=2026-01-11").json()
    assert body["dates"] == ["2026-01-11"]
    assert body["function_avg7"] == [4.0] and body["pain_avg7"] == [8.57]


def test_function_first_course_and_its_dates(teen_client, teen_patient):
    # Two weeks at the baseline (function 3, pain 7), function up to 6 from day 15, pain down to 4 from day 36.
    days = 63
    function = [3] * 14 + [6] * (days - 14)
    pain = [7] * 35 + [4] * (days - 35)
    log_course(teen_patient, function, pain)
    insight = trends(teen_client, teen_patient, "?to=2026-03-08").json()["insight"]
    assert insight["status"] == "function_first"
    assert insight["baseline"] == {"from": "2026-01-05", "to": "2026-01-11", "pain": 7.0, "function": 3.0}
    # function_avg7 needs 5 (= 3 + 2): with four 6s in the window it is (3*3 + 6*4) / 7 = 4.71, with five
    # (3*2 + 6*5) / 7 = 5.14, on the fifth day of 6s, Jan 23. Pain likewise on the fifth day of 4s, Feb 13.
    assert insight["function_improved_on"] == "2026-01-23"
    assert insight["pain_improved_on"] == "2026-02-13"
    assert insight["recent"]["function"] == 6.0 and insight["recent"]["pain"] == 4.0
    assert insight["message"]


def test_the_insight_is_the_same_whichever_range_is_shown_but_names_only_days_on_the_chart(teen_client, teen_patient):
    """The status, the windows and the days of improvement are the course's, whatever the range; the sentence
    under a 4-week chart does not name a day before the chart's first (issue 21), and says how function went."""
    log_course(teen_patient, [3] * 14 + [6] * 49, [7] * 35 + [4] * 28)
    everything = trends(teen_client, teen_patient, "?to=2026-03-08").json()["insight"]
    four_weeks = trends(teen_client, teen_patient, "?from=2026-02-09&to=2026-03-08").json()["insight"]
    assert {**four_weeks, "message": None} == {**everything, "message": None}
    assert everything["function_improved_on"] == "2026-01-23"
    assert "January 23" in everything["message"] and "January 23" not in four_weeks["message"]
    assert four_weeks["message"].startswith("Function started getting better before these 4 weeks, and held at")
    assert "Pain started to ease on February 13." in four_weeks["message"]


def test_treatment_start_moves_the_baseline(teen_client, teen_patient):
    log_course(teen_patient, [6] * 10 + [3] * 30, [3] * 10 + [7] * 30)
    teen_patient.treatment_start = datetime.date(2026, 1, 15)
    teen_patient.save()
    insight = trends(teen_client, teen_patient, "?to=2026-02-13").json()["insight"]
    assert insight["baseline"]["from"] == "2026-01-15" and insight["baseline"]["function"] == 3.0


def test_checkins_in_the_range_come_with_their_band(teen_client, teen_patient):
    log_course(teen_patient, [5] * 20, [5] * 20)
    CheckinFactory(patient=teen_patient, date=datetime.date(2026, 1, 5), answers=[2] * 15)
    CheckinFactory(patient=teen_patient, date=datetime.date(2026, 1, 12), answers=[1] * 15)
    CheckinFactory(patient=teen_patient, date=datetime.date(2025, 12, 1), answers=[4] * 15)
    body = trends(teen_client, teen_patient, "?from=2026-01-05&to=2026-01-24").json()
    assert body["checkins"] == [
        {"date": "2026-01-05", "total": 30, "band": "severe"},
        {"date": "2026-01-12", "total": 15, "band": "moderate"},
    ]


def test_mood_is_left_out_for_those_not_given_it_and_reads_are_logged(teen_patient):
    log_course(teen_patient, [5] * 3, [5] * 3, mood=3)
    clinician = UserFactory(role="clinician")
    parent = UserFactory(role="parent")
    CareTeamMember.objects.create(patient=teen_patient, member=clinician, relation="clinician", sees=["core"])
    CareTeamMember.objects.create(patient=teen_patient, member=parent, relation="parent", sees=["core", "mood"])
    assert "mood" not in trends(client_for(clinician), teen_patient).json()
    assert trends(client_for(parent), teen_patient).json()["mood"][0] == 3
    assert [row.detail for row in AccessLogEntry.objects.order_by("at")] == ["trends", "trends"]


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("?from=soon", "from", "YYYY-MM-DD"),
        ("?from=2026-02-01&to=2026-01-01", "from", "on or before"),
        ("?from=2099-01-01", "from", "on or before"),
        ("?from=2010-01-01&to=2026-01-01", "from", "at most ten years"),
    ],
)
def test_bad_ranges_get_a_clear_400(teen_client, teen_patient, query, field, message):
    response = trends(teen_client, teen_patient, query)
    assert response.status_code == 400 and message in response.json()[field][0]


@pytest.mark.parametrize("days", [30, 1095])
def test_query_count_does_not_grow_with_the_days(teen_client, teen_patient, days, django_assert_num_queries):
    log_course(teen_patient, [5] * days, [5] * days)
    # token, patient, entries, check-ins, weekly goals, the treatment plan (none here: its terms and days are not
    # read), plus the request's SAVEPOINT and RELEASE.
    with django_assert_num_queries(8):
        body = trends(
            teen_client, teen_patient, f"?to={(START + datetime.timedelta(days=days - 1)).isoformat()}"
        ).json()
    assert len(body["dates"]) == days
