"""The same question gets the same number on every page: Trends, the Summary, the dashboard and Clinic outcomes
take days logged, adherence, means, exercise and attendance from the same functions over the same days."""

import datetime

import pytest
import time_machine

from accounts.access import patient_access
from accounts.models import CareTeamMember, Role
from diary import demo
from diary.reading.outcome_data import outcome_rows
from diary.recording.services import save_entry
from tests.conftest import client_for
from tests.factories import GoalFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 18)  # a Wednesday; the demo courses do not depend on the weekday
FIGURES = ("days_in_period", "days_logged", "adherence", "exercise_minutes_per_week", "school", "sleep_hours", "mood")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 11, 18, 15, 0, tzinfo=datetime.UTC), tick=False):
        yield


def sparse_course(last_day):
    """Every third day missed, and a week off in the middle."""
    course = demo.demo_course(last_day, days=60, seed=3, skip_rate=0)
    return [entry for i, entry in enumerate(course) if i % 3 and not 25 <= i < 32]


COURSES = {
    "function leading (Maya)": (lambda day: demo.demo_course(day), 83),
    "function falling (Priya)": (lambda day: demo.struggling_course(day), None),
    "quiet for 9 days (Jordan)": (lambda day: demo.quiet_course(day), None),
    "three days old": (lambda day: demo.demo_course(day, days=3), None),
    "sparse, treatment start midway": (sparse_course, 30),
}


def diary_of(name, clinician):
    course_of, start_back = COURSES[name]
    patient = PatientFactory(timezone="UTC", account__display_name=name)
    access = patient_access(patient.account, patient.pk)
    for entry in course_of(TODAY):
        save_entry(access, entry.pop("date"), entry, actor=patient.account)
    if start_back is not None:
        patient.treatment_start = TODAY - datetime.timedelta(days=start_back)
        patient.save()
    CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core", "mood"])
    return patient


def periods():
    """(from, to) pairs as the pages ask them: default, 4 weeks, 3 months, 12 weeks, and a period ended earlier."""
    back = lambda days: (TODAY - datetime.timedelta(days=days)).isoformat()  # noqa: E731
    return [
        (None, None),
        (back(27), TODAY.isoformat()),
        (back(90), TODAY.isoformat()),
        (back(83), TODAY.isoformat()),
        (back(60), back(10)),
    ]


def query(date_from, date_to):
    parts = [f"from={date_from}" if date_from else "", f"to={date_to}" if date_to else ""]
    return "?" + "&".join(part for part in parts if part)


@pytest.mark.parametrize("name", list(COURSES))
def test_trends_summary_dashboard_and_outcomes_agree(name):
    clinician = UserFactory(role=Role.CLINICIAN)
    patient = diary_of(name, clinician)
    client = client_for(clinician)
    base = f"/api/v1/patients/{patient.pk}"
    for date_from, date_to in periods():
        summary = client.get(f"{base}/summary/{query(date_from, date_to)}").json()
        # The Trends page asks for the same days the Summary covers.
        trends = client.get(f"{base}/trends/{query(summary['from'], summary['to'])}").json()
        figures = trends["figures"]
        for key in FIGURES:
            assert summary[key] == figures[key], (name, date_from, date_to, key)
        assert summary["counted_from"] == figures["counted_from"]
        for measure in ("function", "pain"):
            for window in ("baseline", "recent"):
                expected = trends["insight"][window] and trends["insight"][window][measure]
                assert summary[measure][window] == expected, (name, measure, window)
        # Clinic outcomes over the same days: the same adherence and the same means.
        (row,) = outcome_rows(
            [patient_access(clinician, patient.pk)],
            date_from=datetime.date.fromisoformat(summary["from"]),
            date_to=datetime.date.fromisoformat(summary["to"]),
        )
        assert (row.days_in_period, row.days_logged, row.adherence) == (
            summary["days_in_period"],
            summary["days_logged"],
            summary["adherence"],
        )
        assert (row.function_baseline, row.function_recent) == (
            summary["function"]["baseline"],
            summary["function"]["recent"],
        )
        assert row.status == summary["insight"]["status"]
        # No diary is "3% logged": every day counted is a day of the diary.
        if summary["counted_from"]:
            assert summary["counted_from"] >= summary["from"]

    # The dashboard's last 14 days are the Trends page's last 14 days, and its flags are the Summary's.
    (listed,) = client.get("/api/v1/patients/").json()
    last_14 = client.get(f"{base}/trends/{query((TODAY - datetime.timedelta(days=13)).isoformat(), None)}").json()
    assert (listed["days_logged_14"], listed["days_counted_14"], listed["adherence_14"]) == (
        last_14["figures"]["days_logged"],
        last_14["figures"]["days_in_period"],
        last_14["figures"]["adherence"],
    )
    summary = client.get(f"{base}/summary/").json()
    assert listed["flag_messages"] == summary["flags"]


def test_the_demo_flags_are_on_the_summary_with_exact_counts():
    clinician = UserFactory(role=Role.CLINICIAN)
    priya = diary_of("function falling (Priya)", clinician)
    jordan = diary_of("quiet for 9 days (Jordan)", clinician)
    client = client_for(clinician)
    priya_flags = client.get(f"/api/v1/patients/{priya.pk}/summary/").json()["flags"]
    assert [flag["code"] for flag in priya_flags] == ["function_fell", "low_mood"]
    assert priya_flags[0]["message"].startswith("Function down ")
    assert priya_flags[1]["message"].startswith("Low mood on 1")  # 13 or 14 of the last 14 days
    jordan_summary = client.get(f"/api/v1/patients/{jordan.pk}/summary/").json()
    assert jordan_summary["flags"] == [{"code": "no_recent_entry", "message": "No entry for 9 days"}]
    # As of a day before he went quiet, Jordan had no flag.
    earlier = (TODAY - datetime.timedelta(days=10)).isoformat()
    assert client.get(f"/api/v1/patients/{jordan.pk}/summary/?to={earlier}").json()["flags"] == []


def test_a_three_day_old_diary_is_three_of_three_days_everywhere():
    clinician = UserFactory(role=Role.CLINICIAN)
    patient = diary_of("three days old", clinician)
    client = client_for(clinician)
    three_months = f"?from={(TODAY - datetime.timedelta(days=90)).isoformat()}&to={TODAY.isoformat()}"
    trends = client.get(f"/api/v1/patients/{patient.pk}/trends/{three_months}").json()
    assert trends["figures"]["days_in_period"] == 3 and trends["figures"]["adherence"] == 1.0
    assert len(trends["dates"]) == 91  # the chart still shows the days asked for
    summary = client.get(f"/api/v1/patients/{patient.pk}/summary/").json()
    assert (summary["days_in_period"], summary["days_logged"], summary["adherence"]) == (3, 3, 1.0)
    (listed,) = client.get("/api/v1/patients/").json()
    assert (listed["days_logged_14"], listed["days_counted_14"], listed["adherence_14"]) == (3, 3, 1.0)


def test_a_whole_weeks_exercise_is_the_same_on_trends_and_the_exercise_goal():
    # docs/API.md, Corrections 1.2: exercise per week is the minutes logged over the weeks, for Trends, the Summary and
    # goals alike. A Monday-to-Sunday week on Trends (weeks end on `to`, a Sunday) is the goal's week total.
    clinician = UserFactory(role=Role.CLINICIAN)
    patient = diary_of("sparse, treatment start midway", clinician)
    GoalFactory(patient=patient, measure="exercise_minutes", target=150)
    sunday = TODAY - datetime.timedelta(days=TODAY.isoweekday() % 7)
    client = client_for(patient.account)
    base = f"/api/v1/patients/{patient.pk}"
    trends = client.get(f"{base}/trends/?from={sunday - datetime.timedelta(days=27)}&to={sunday}").json()
    for week in trends["weeks"]:
        (progress,) = client.get(f"{base}/goals/progress/?week={week['from']}").json()
        assert progress["value"] == week["exercise_minutes_per_week"] or (
            progress["value"] == 0 and week["exercise_minutes_per_week"] is None
        )
    summary = client.get(f"{base}/summary/?from={sunday - datetime.timedelta(days=27)}&to={sunday}").json()
    total = sum(week["exercise_minutes_per_week"] or 0 for week in trends["weeks"])
    assert summary["exercise_minutes_per_week"] == round(total / 4)
