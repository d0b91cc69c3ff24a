"""The treatment plan in Trends, the Summary, the dashboard, a clinic's list and Clinic outcomes: one set of numbers.

The Circle's teen follows a walk (15 minutes on 5 days a week) and physical therapy (Tuesdays and Thursdays), both
from Monday 2 March 2026; the clock is Wednesday 18 March at noon in UTC, her zone. She logs every day from 2 March
and ticks, each week of 2 and 9 March, two walks and one session: 3 of 7, about 0.43, below half both weeks. This
week so far (Monday 16 to Wednesday 18) she walked on Monday and went to therapy on Tuesday: the week expects the
walk's 5 x 3/7 and therapy's 2 x 3/7 = 6/7, 3 in all; done 1 walk and therapy's 1, kept at its 6/7: 13/7 of 3, about
0.62. Over 2-18 March: (3 + 3 + 13/7) / (7 + 7 + 3) = 55/119, about 0.46.
"""

import datetime

import pytest
import time_machine

from accounts.models import CareTeamMember, Role
from diary.models import DailyEntry, PatientStatus
from diary.reading import dashboard
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory, PlanItemFactory, UserFactory
from tests.personas import Circle

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)
MARCH = [datetime.date(2026, 3, day) for day in range(1, 32)]
WALKED = {2, 4, 9, 11, 16}  # 2 March is a Monday
THERAPY = {3, 10, 17}


@pytest.fixture(autouse=True)
def wednesday_18_march():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def circle(db):
    circle = Circle(clinic=True)
    physio = PlanItemFactory(
        patient=circle.patient,
        kind="session",
        title="Physical therapy",
        terms__unit=None,
        terms__amount=None,
        terms__weekdays=0b1010,  # Tuesday and Thursday
    )
    walk = circle.plan_item
    DailyEntry.objects.filter(patient=circle.patient).delete()
    for day in MARCH[1:18]:
        ticks = [{"item": walk.pk, "amount": 15}] if day.day in WALKED else []
        ticks += [{"item": physio.pk, "amount": 1}] if day.day in THERAPY else []
        EntryFactory(patient=circle.patient, date=day, function=4 + day.day // 6, pain=6, plan_done=ticks)
    circle.physio = physio
    return circle


def get(circle, path, person=None, **query):
    response = client_for(person or circle.linked_clinician).get(f"/api/v1/{path}", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_trends_give_the_plan_adherence_of_each_week_beside_function_and_pain(circle):
    trends = get(circle, f"patients/{circle.patient.pk}/trends/", circle.teen, **{"from": "2026-02-23"})
    assert trends["plan_adherence"] == [None, 0.43, 0.43, 0.62]
    weeks = [(w["week_start"], w["from"], w["to"], w["expected"], w["done"]) for w in trends["plan_weeks"]]
    assert weeks == [
        ("2026-02-23", "2026-02-23", "2026-03-01", None, None),
        ("2026-03-02", "2026-03-02", "2026-03-08", 7.0, 3.0),
        ("2026-03-09", "2026-03-09", "2026-03-15", 7.0, 3.0),
        ("2026-03-16", "2026-03-16", "2026-03-18", 3.0, 1.86),
    ]
    # Function's mean over the same days, by diary.rules.figures: 2-5 March 4 and 6-8 March 5 (31/7); 9-11 March 5 and
    # 12-15 March 6 (39/7); 16-17 March 6 and the 18th 7 (19/3).
    assert [w["function"] for w in trends["plan_weeks"]] == [None, 4.43, 5.57, 6.33]
    assert {w["pain"] for w in trends["plan_weeks"][1:]} == {6.0}


def test_trends_count_only_the_days_shown_and_nothing_after_today(circle):
    trends = get(circle, f"patients/{circle.patient.pk}/trends/", **{"from": "2026-03-04", "to": "2026-03-24"})
    # Week of 2 March from Wednesday 4: the walk 5 x 5/7, therapy 2 x 5/7 = 5; done: 1 walk (4th), no therapy.
    assert trends["plan_adherence"] == [0.2, 0.43, 0.62, None]


def test_the_summary_shows_the_plan_and_flags_plan_low_as_of_its_last_day(circle):
    summary = get(circle, f"patients/{circle.patient.pk}/summary/", **{"from": "2026-03-02", "to": "2026-03-18"})
    plan = summary["plan"]
    assert plan["adherence"] == 0.46
    assert [(w["week_start"], w["adherence"]) for w in plan["recent_weeks"]] == [
        ("2026-03-02", 0.43),
        ("2026-03-09", 0.43),
        ("2026-03-16", 0.62),
    ]
    assert [(i["title"], i["kind"], i["dose"], i["expected"], i["done"]) for i in plan["items"]] == [
        ("Brisk walk", "exercise", 15, 12.14, 5.0),
        ("Physical therapy", "session", None, 4.86, 2.86),
    ]
    assert {
        "code": "plan_low",
        "message": "Less than half of the plan done in each of the last 2 weeks (43% and 43%)",
    } in (summary["flags"])
    # As of Sunday 15 March the week of the 9th is not over: the last two whole weeks are 23 Feb-1 Mar (nothing
    # expected) and 2-8 March, so no flag.
    earlier = get(circle, f"patients/{circle.patient.pk}/summary/", **{"from": "2026-03-02", "to": "2026-03-15"})
    assert "plan_low" not in [flag["code"] for flag in earlier["flags"]]


def test_one_number_the_adherence_endpoint_the_summary_and_outcomes_agree(circle):
    period = {"from": "2026-03-02", "to": "2026-03-18"}
    adherence = get(circle, f"patients/{circle.patient.pk}/plan/adherence/", **period)["adherence"]
    summary = get(circle, f"patients/{circle.patient.pk}/summary/", **period)["plan"]["adherence"]
    outcomes = get(circle, "outcomes/", **period)["plan_adherence_median"]
    assert adherence == summary == outcomes == 0.46


def test_the_dashboard_and_the_clinic_list_flag_plan_low_and_filter_by_it(circle):
    [row] = get(circle, "patients/")
    assert row["flags"] == ["plan_low"]
    assert row["flag_messages"][0]["message"].startswith("Less than half of the plan done")
    clinic = f"clinics/{circle.clinic.pk}/patients/"
    assert [r["patient_id"] for r in get(circle, clinic, circle.clinic_member, flag="plan_low")["results"]] == [
        circle.patient.pk
    ]
    # Two more walks in the week of 9 March: 5 of 7 there, no longer low; the stored status is worked out again.
    for day in (12, 13):
        entry = DailyEntry.objects.get(patient=circle.patient, date=MARCH[day - 1])
        client_for(circle.teen).patch(
            f"/api/v1/patients/{circle.patient.pk}/entries/{entry.date}/",
            {"plan_done": [{"item": circle.plan_item.pk, "amount": 15}]},
            format="json",
        )
    assert get(circle, "patients/")[0]["flags"] == []
    assert get(circle, clinic, circle.clinic_member, flag="plan_low")["results"] == []


def test_a_change_to_the_plan_is_seen_by_the_dashboard_at_once(circle):
    assert get(circle, "patients/")[0]["flags"] == ["plan_low"]
    # Ending physical therapy today leaves the weeks it ran as they were: still flagged, worked out again at once.
    client_for(circle.linked_clinician).delete(f"/api/v1/patients/{circle.patient.pk}/plan/items/{circle.physio.pk}/")
    status = PatientStatus.objects.get(patient=circle.patient)
    assert status.stale_after < NOW  # marked to be worked out again
    assert get(circle, "patients/")[0]["flags"] == ["plan_low"]


@pytest.mark.parametrize("days", [30, 1095])
def test_trends_with_a_plan_take_the_same_queries_however_many_days(days, django_assert_num_queries):
    patient = PatientFactory()
    today = patient.today()
    start = today - datetime.timedelta(days=days - 1)
    walk = PlanItemFactory(patient=patient, starts_on=start)
    DailyEntry.objects.bulk_create(
        DailyEntry(
            patient=patient,
            date=start + datetime.timedelta(days=n),
            function=5,
            pain=5,
            plan_done=[{"item": walk.pk, "amount": 15}],
        )
        for n in range(days)
    )
    client = client_for(patient.account)
    # token, patient, entries, check-ins, weekly goals, the plan's items, their terms and the days they count,
    # plus the request's SAVEPOINT and RELEASE.
    with django_assert_num_queries(10):
        body = client.get(f"/api/v1/patients/{patient.pk}/trends/").json()
    assert len(body["dates"]) == days and body["plan_adherence"][-2] == 1.0


@pytest.mark.parametrize("patients", [3, 40])
def test_outcomes_with_plans_take_the_same_queries_for_3_or_40_patients(patients, django_assert_num_queries):
    clinician = UserFactory(role=Role.CLINICIAN)
    for _ in range(patients):
        patient = PatientFactory()
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
        walk = PlanItemFactory(patient=patient, starts_on=MARCH[0])
        for day in MARCH[:17]:
            EntryFactory(patient=patient, date=day, plan_done=[{"item": walk.pk, "amount": 15}] * (day.day % 2))
    dashboard.refresh_all_stale()  # as the worker does
    client = client_for(clinician)
    # As without plans (tests/test_outcomes.py), and the days the plans count.
    with django_assert_num_queries(15):
        body = client.get("/api/v1/outcomes/", {"from": "2026-03-01", "to": "2026-03-17"}).json()
    assert body["patients"] == patients and body["plan_adherence_median"] is not None
    with django_assert_num_queries(10):  # kept: no diary, plan or plan day read
        assert client.get("/api/v1/outcomes/", {"from": "2026-03-01", "to": "2026-03-17"}).json() == body
