"""Weekly goals through the API (docs/API.md, "Weekly goals"): goals, progress, goals_done, streaks, Trends and
Summary."""

import csv
import datetime
import io

import pytest
import time_machine

from accounts.models import AccessLogEntry, CareTeamMember, Role
from diary.models import DailyEntry, Goal
from tests.conftest import client_for
from tests.factories import EntryFactory, GoalFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 4 March 2026, noon in UTC (the factories' patients live in UTC).
NOW = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC)
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def url(patient, rest=""):
    return f"/api/v1/patients/{patient.pk}/goals/{rest}"


def day(n):
    return MONDAY + datetime.timedelta(days=n)


def test_the_teen_sets_a_goal_and_reads_it_back(teen_client, teen_patient):
    response = teen_client.post(url(teen_patient), {"title": "Exercise", "measure": "exercise_minutes", "target": 150})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "title", "measure", "target", "active", "created_at"}
    assert (body["title"], body["measure"], body["target"]) == ("Exercise", "exercise_minutes", 150)
    assert body["active"] is True
    listed = teen_client.get(url(teen_patient)).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"title": "School", "measure": "school_days", "target": 0}, "target", "at least 1"),
        ({"title": "School", "measure": "school_days", "target": 8}, "target", "at most 7 days"),
        ({"title": "Move", "measure": "exercise_minutes", "target": 10081}, "target", "10,080"),
        ({"title": "Move", "measure": "steps", "target": 5}, "measure", "not a valid choice"),
        ({"title": "   ", "measure": "custom", "target": 5}, "title", ""),
        ({"title": "x" * 81, "measure": "custom", "target": 5}, "title", "80"),
        ({"measure": "custom", "target": 5}, "title", "required"),
    ],
)
def test_a_bad_goal_gets_a_clear_400_and_nothing_is_saved(teen_client, teen_patient, body, field, words):
    response = teen_client.post(url(teen_patient), body, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()[field])
    assert not Goal.objects.exists()


def test_a_week_holds_every_minute_there_is(teen_client, teen_patient):
    body = {"title": "Move", "measure": "exercise_minutes", "target": 10080}
    assert teen_client.post(url(teen_patient), body).status_code == 201


def test_five_goals_at_a_time_and_a_stopped_one_makes_room(teen_client, teen_patient):
    ids = [
        teen_client.post(url(teen_patient), {"title": f"Goal {n}", "measure": "custom", "target": 3}).json()["id"]
        for n in range(5)
    ]
    sixth = teen_client.post(url(teen_patient), {"title": "One more", "measure": "custom", "target": 3})
    assert sixth.status_code == 400 and "5 goals at a time" in sixth.json()["detail"][0]
    stopped = teen_client.patch(url(teen_patient, f"{ids[0]}/"), {"active": False}, format="json")
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    one_more = {"title": "One more", "measure": "custom", "target": 3}
    assert teen_client.post(url(teen_patient), one_more).status_code == 201
    again = teen_client.patch(url(teen_patient, f"{ids[0]}/"), {"active": True}, format="json")
    assert again.status_code == 400
    listed = teen_client.get(url(teen_patient)).json()["results"]
    assert [goal["active"] for goal in listed] == [True] * 5 + [False]


def test_patch_changes_title_and_target_but_not_the_measure(teen_client, teen_patient):
    goal = GoalFactory(patient=teen_patient, measure="school_days", target=5)
    change = {"title": "School", "target": 4, "measure": "custom"}
    response = teen_client.patch(url(teen_patient, f"{goal.pk}/"), change)
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.title, goal.target, goal.measure) == ("School", 4, "school_days")
    assert teen_client.patch(url(teen_patient, f"{goal.pk}/"), {"target": 9}).status_code == 400


def test_another_diarys_goal_is_a_404(teen_client, teen_patient, stranger_patient):
    theirs = GoalFactory(patient=stranger_patient)
    assert teen_client.patch(url(teen_patient, f"{theirs.pk}/"), {"target": 4}).status_code == 404
    assert teen_client.delete(url(teen_patient, f"{theirs.pk}/")).status_code == 404
    assert Goal.objects.filter(pk=theirs.pk, target=150).exists()


def test_a_managing_parent_writes_goals_and_a_clinician_reads_them(teen_patient):
    parent = UserFactory(role=Role.PARENT)
    CareTeamMember.objects.create(patient=teen_patient, member=parent, relation="parent", manages=True)
    body = {"title": "Physio", "measure": "custom", "target": 5}
    assert client_for(parent).post(url(teen_patient), body).status_code == 201
    clinician = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee")
    CareTeamMember.objects.create(patient=teen_patient, member=clinician, relation="clinician", sees=["core"])
    lee = client_for(clinician)
    assert lee.post(url(teen_patient), body).status_code == 403
    assert lee.get(url(teen_patient)).json()["count"] == 1
    assert lee.get(url(teen_patient, "progress/")).status_code == 200
    log = AccessLogEntry.objects.get(patient=teen_patient, actor=clinician)
    assert log.details == ["goals"] and log.count == 2


def _week_of_entries(patient, goals_done):
    for n, minutes, school, therapies in (
        (0, 30, "full", ["physical_therapy"]),
        (1, 45, "partial", []),
        (2, None, "missed", ["home_exercise"]),
    ):
        EntryFactory(
            patient=patient,
            date=day(n),
            exercise_minutes=minutes,
            school=school,
            therapies=therapies,
            goals_done=goals_done if n != 1 else [],
        )
    EntryFactory(patient=patient, date=day(-1), exercise_minutes=500, school="full")  # last Sunday: another week


def test_progress_for_this_week_counts_each_measure(teen_client, teen_patient):
    exercise = GoalFactory(patient=teen_patient, title="Exercise", measure="exercise_minutes", target=150)
    school = GoalFactory(patient=teen_patient, title="School", measure="school_days", target=5)
    therapy = GoalFactory(patient=teen_patient, title="Treatment", measure="therapy_days", target=2)
    logged = GoalFactory(patient=teen_patient, title="Log", measure="logged_days", target=7)
    physio = GoalFactory(patient=teen_patient, title="Physio", measure="custom", target=4)
    _week_of_entries(teen_patient, [physio.pk])
    rows = teen_client.get(url(teen_patient, "progress/")).json()
    assert [(r["goal"], r["value"], r["target"], r["met"]) for r in rows] == [
        (exercise.pk, 75, 150, False),
        (school.pk, 2, 5, False),
        (therapy.pk, 2, 2, True),
        (logged.pk, 3, 7, False),
        (physio.pk, 2, 4, False),
    ]
    assert {(r["week_start"], r["week_end"]) for r in rows} == {("2026-03-02", "2026-03-08")}
    assert rows[4]["message"] == "2 of 4 days so far: 2 more to go."
    assert rows[2]["message"] == "Goal reached: 2 days!"
    last_week = teen_client.get(url(teen_patient, "progress/?week=2026-03-01")).json()
    assert (last_week[0]["week_start"], last_week[0]["value"]) == ("2026-02-23", 500)
    assert teen_client.get(url(teen_patient, "progress/?week=2026-13-01")).status_code == 400


def test_this_week_is_the_patients_own(teen_patient):
    # Sunday 8 March, 23:30 in New York, is already Monday 9 March in UTC: still the week of 2 March there.
    teen_patient.timezone = "America/New_York"
    teen_patient.save()
    GoalFactory(patient=teen_patient)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 3, 30, tzinfo=datetime.UTC), tick=False):
        (row,) = client_for(teen_patient.account).get(url(teen_patient, "progress/")).json()
    assert row["week_start"] == "2026-03-02"


def test_goals_done_holds_only_this_diarys_custom_goals(teen_client, teen_patient, stranger_patient):
    physio = GoalFactory(patient=teen_patient, measure="custom", title="Physio")
    exercise = GoalFactory(patient=teen_patient)
    theirs = GoalFactory(patient=stranger_patient, measure="custom")
    entry_url = f"/api/v1/patients/{teen_patient.pk}/entries/{day(2)}/"
    for bad in ([exercise.pk], [theirs.pk], [999999], [physio.pk, physio.pk], ["x"], [0], "1", [2**40]):
        response = teen_client.put(entry_url, {"function": 5, "pain": 5, "goals_done": bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
        assert "goals_done" in response.json()
    assert not DailyEntry.objects.exists()
    ok = teen_client.put(entry_url, {"function": 5, "pain": 5, "goals_done": [physio.pk]}, format="json")
    assert ok.status_code == 201 and ok.json()["goals_done"] == [physio.pk]
    # A stopped goal's ticks stay valid; a PATCH without goals_done keeps them.
    teen_client.patch(url(teen_patient, f"{physio.pk}/"), {"active": False}, format="json")
    assert teen_client.patch(entry_url, {"mood": 3}, format="json").json()["goals_done"] == [physio.pk]
    # A full save without it clears it, as every optional field.
    assert teen_client.put(entry_url, {"function": 5, "pain": 5}, format="json").json()["goals_done"] == []


def test_deleting_a_custom_goal_takes_its_ticks_off_the_days(teen_client, teen_patient):
    physio = GoalFactory(patient=teen_patient, measure="custom")
    other = GoalFactory(patient=teen_patient, measure="custom")
    entry = EntryFactory(patient=teen_patient, date=day(0), goals_done=[physio.pk, other.pk])
    EntryFactory(patient=teen_patient, date=day(1), goals_done=[other.pk])
    assert teen_client.delete(url(teen_patient, f"{physio.pk}/")).status_code == 204
    entry.refresh_from_db()
    assert (entry.goals_done, entry.version) == ([other.pk], 2)
    assert DailyEntry.objects.get(date=day(1)).version == 1
    assert not Goal.objects.filter(pk=physio.pk).exists()


def test_streaks_count_days_logged_and_weeks_in_a_row(teen_client, teen_patient):
    exercise = GoalFactory(patient=teen_patient, title="Exercise", target=100)
    Goal.objects.filter(pk=exercise.pk).update(created_at=NOW - datetime.timedelta(weeks=5))
    for n in range(-21, 3):
        if n not in (-3, 1):
            EntryFactory(patient=teen_patient, date=day(n), exercise_minutes=20)
    body = teen_client.get(url(teen_patient, "streaks/")).json()
    assert body["logged_last_7"] == 5 and body["message"] == "5 of the last 7 days logged"
    (goal,) = body["goals"]
    # Three whole weeks of 120-140 minutes; this week (40 so far) is still going and breaks nothing.
    assert goal["weeks_in_a_row"] == 3 and goal["message"] == "3 weeks in a row"


def test_trends_and_summary_show_weeks_met_by_the_same_arithmetic(teen_client, teen_patient):
    physio = GoalFactory(patient=teen_patient, title="Physio", measure="custom", target=2)
    Goal.objects.filter(pk=physio.pk).update(created_at=NOW - datetime.timedelta(weeks=3))
    for n in range(-14, 3):
        EntryFactory(patient=teen_patient, date=day(n), goals_done=[physio.pk] if n % 7 in (0, 1) else [])
    query = f"?from={day(-14)}&to={day(2)}"
    trends = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/trends/{query}").json()
    summary = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/summary/{query}").json()
    assert trends["goals"] == summary["goals"]
    (goal,) = trends["goals"]
    assert [(w["week_start"], w["value"], w["met"], w["over"]) for w in goal["weeks"]] == [
        ("2026-02-16", 2, True, True),
        ("2026-02-23", 2, True, True),
        ("2026-03-02", 2, True, False),
    ]
    assert (goal["weeks_met"], goal["weeks_counted"], goal["message"]) == (3, 3, "Reached every week so far: 3 of 3!")
    progress = teen_client.get(url(teen_patient, "progress/")).json()[0]
    assert (progress["value"], progress["met"]) == (goal["weeks"][-1]["value"], goal["weeks"][-1]["met"])


@pytest.mark.parametrize("measure", ["exercise_minutes", "school_days", "therapy_days", "logged_days", "custom"])
def test_trends_and_the_summary_count_each_measure_as_progress_does(teen_client, teen_patient, measure):
    """Trends and the Summary read only the lists a goal counts (trend_data leaves the others unread): each measure
    still counts this week as the progress endpoint does, beside a goal of another measure."""
    goal = GoalFactory(patient=teen_patient, title="This", measure=measure, target=2)
    GoalFactory(patient=teen_patient, title="Other", measure="logged_days" if measure != "logged_days" else "custom")
    for n in range(-2, 3):
        EntryFactory(
            patient=teen_patient,
            date=day(n),
            exercise_minutes=30,
            school="full",
            therapies=["physio"],
            goals_done=[goal.pk],
        )
    query = f"?from={day(-2)}&to={day(2)}"
    progress = {row["goal"]: row for row in teen_client.get(url(teen_patient, "progress/")).json()}[goal.pk]
    for page in ("trends", "summary"):
        shown = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/{page}/{query}").json()["goals"]
        (week,) = [row for row in shown if row["goal"] == goal.pk][0]["weeks"][-1:]
        assert (week["value"], week["met"]) == (progress["value"], progress["met"]) != (0, False)


def test_the_goals_list_and_progress_take_a_fixed_number_of_queries(
    teen_client, teen_patient, django_assert_num_queries
):
    for n in range(5):
        GoalFactory(patient=teen_patient, title=f"Goal {n}", measure="custom", target=3)
    for n in range(-60, 3):
        EntryFactory(patient=teen_patient, date=day(n), exercise_minutes=20)
    # token, patient, (count, goals), plus the request's SAVEPOINT and RELEASE.
    with django_assert_num_queries(6):
        assert teen_client.get(url(teen_patient)).json()["count"] == 5
    # token, patient, goals, the week's entries, SAVEPOINT and RELEASE.
    with django_assert_num_queries(6):
        assert len(teen_client.get(url(teen_patient, "progress/")).json()) == 5
    with django_assert_num_queries(6):
        assert len(teen_client.get(url(teen_patient, "streaks/")).json()["goals"]) == 5


def test_the_diary_download_and_csv_carry_goals(teen_client, teen_patient):
    physio = GoalFactory(patient=teen_patient, measure="custom", title="Physio")
    EntryFactory(patient=teen_patient, date=day(0), goals_done=[physio.pk])
    data = teen_client.get("/api/v1/me/export/").json()
    assert [goal["title"] for goal in data["diaries"][0]["goals"]] == ["Physio"]
    assert data["diaries"][0]["entries"][0]["goals_done"] == [physio.pk]
    csv_text = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/export.csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(csv_text)))
    assert table[0]["goals_done"] == "Physio"  # by title, as the plan's items


def test_a_new_patient_has_no_goals_and_no_streak_words(teen_client, teen_patient):
    assert teen_client.get(url(teen_patient, "progress/")).json() == []
    body = teen_client.get(url(teen_patient, "streaks/")).json()
    assert body == {"today": "2026-03-04", "logged_last_7": 0, "message": None, "goals": []}


def test_goals_are_erased_with_the_diary(teen_patient):
    GoalFactory(patient=teen_patient)
    PatientFactory()
    teen_patient.delete()
    assert not Goal.objects.exists()
