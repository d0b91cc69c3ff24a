"""The treatment plan's API (docs/API.md, "Treatment plan"): writing items, a dose from tomorrow, ending an item, the
day's plan, adherence, the entry's `plan_done`, and the access log of every write.

The clock is pinned to Wednesday 18 March 2026 at noon in UTC (the patients' zone): the walk of the Circle began on
Monday 2 March, so today is in its week 2 (dose 15 every day here: the Circle's walk does not rise).
"""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import AccessLogEntry
from diary.models import DailyEntry, PlanItem
from tests.conftest import client_for
from tests.factories import EntryFactory, PatientFactory, PlanItemFactory
from tests.personas import Circle

NOW = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
YESTERDAY, TOMORROW = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)
WALK = {
    "kind": "exercise",
    "title": "Brisk walk",
    "instructions": "Out of breath but able to talk.",
    "unit": "minutes",
    "amount": 15,
    "days_per_week": 5,
    "step_amount": 5,
    "step_every_weeks": 1,
    "max_amount": 45,
    "starts_on": "2026-03-02",
}


@pytest.fixture(autouse=True)
def wednesday_18_march():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def circle(db):
    return Circle(clinic=True)


def plan_url(circle, rest=""):
    return f"/api/v1/patients/{circle.patient.pk}/plan/{rest}"


def entry_url(circle, day):
    return f"/api/v1/patients/{circle.patient.pk}/entries/{day.isoformat()}/"


def add(circle, body, *, by=None):
    response = client_for(by or circle.linked_clinician).post(plan_url(circle, "items/"), body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def day_plan(circle, day, *, by=None):
    return client_for(by or circle.teen).get(plan_url(circle, f"day/{day.isoformat()}/")).json()


# --- writing items ----------------------------------------------------------------------------------------------------


def test_a_clinician_writes_an_item_of_each_kind_with_plain_fields(circle):
    walk = add(circle, WALK)
    assert walk["dose_today"] == 25  # week 2: 15 + 2 x 5
    assert [step["dose"] for step in walk["ahead"]] == [25, 30, 35, 40, 45]
    assert walk["created_by"] == {"id": circle.linked_clinician.pk, "display_name": "Dr Lee"}
    towel = {"kind": "desensitisation", "title": "Towel, left foot", "unit": "times", "amount": 3, "days_per_week": 7}
    assert add(circle, towel)["max_amount"] == 3  # a dose that does not rise: its most is its amount
    physio = add(circle, {"kind": "session", "title": "Physical therapy", "weekdays": [4, 2]})
    assert (physio["weekdays"], physio["days_per_week"], physio["unit"], physio["amount"]) == ([2, 4], None, None, None)
    dog = add(circle, {"kind": "activity", "title": "Walk the dog", "days_per_week": 3}, by=circle.clinic_member)
    assert dog["starts_on"] == TODAY.isoformat()
    school = add(circle, {"kind": "school", "title": "School", "days_per_week": 3, "school_level": "partial"})
    assert school["school_level"] == "partial"
    plan = client_for(circle.linked_parent).get(plan_url(circle)).json()
    assert [item["title"] for item in plan["items"]][1:] == [
        "Brisk walk",
        "Towel, left foot",
        "Physical therapy",
        "Walk the dog",
        "School",
    ]
    assert plan["updated_by"] == {"id": circle.linked_clinician.pk, "display_name": "Dr Lee"}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 81}, "title"),
        ({"instructions": "x" * 1001}, "instructions"),
        ({"amount": 0}, "amount"),
        ({"amount": 1441}, "amount"),
        ({"amount": -1}, "amount"),
        ({"max_amount": 10}, "max_amount"),
        ({"max_amount": 1441}, "max_amount"),
        ({"weekdays": [1, 3]}, "days_per_week"),
        ({"days_per_week": None}, "days_per_week"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"days_per_week": None, "weekdays": [1, 1]}, "weekdays"),
        ({"days_per_week": None, "weekdays": [0]}, "weekdays"),
        ({"unit": None}, "amount"),
        ({"unit": "laps"}, "unit"),
        ({"school_level": "full"}, "school_level"),
        ({"max_amount": None}, "max_amount"),
        ({"max_amount": "omitted"}, "max_amount"),
        ({"step_every_weeks": 53}, "step_every_weeks"),
        ({"kind": "dance"}, "kind"),
        ({"starts_on": "1999-01-01"}, "starts_on"),
    ],
)
def test_a_bad_item_gets_a_clear_400_and_writes_nothing(circle, changes, field):
    body = {key: value for key, value in {**WALK, **changes}.items() if value != "omitted"}
    response = client_for(circle.linked_clinician).post(plan_url(circle, "items/"), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert PlanItem.objects.count() == 1
    assert not AccessLogEntry.objects.filter(action="change").exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "session", "title": "PT", "weekdays": [2], "unit": "minutes", "amount": 45}, "amount"),
        ({"kind": "school", "title": "School", "days_per_week": 3}, "school_level"),
        ({"kind": "school", "title": "School", "weekdays": [1, 2], "school_level": "full"}, "days_per_week"),
        ({"kind": "school", "title": "School", "days_per_week": 3, "school_level": "full", "amount": 3}, "amount"),
        ({"kind": "exercise", "title": "Walk", "days_per_week": 3}, "amount"),
        ({"kind": "activity", "title": "Dog", "days_per_week": 3, "amount": 20}, "amount"),
    ],
)
def test_each_kind_takes_what_fits_it(circle, body, field):
    response = client_for(circle.linked_clinician).post(plan_url(circle, "items/"), body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content


def test_only_clinicians_on_the_care_team_write_and_a_bad_body_does_not_tell_a_teen_more(circle):
    for person in (circle.teen, circle.linked_parent):
        client = client_for(person)
        assert client.post(plan_url(circle, "items/"), WALK, format="json").status_code == 403
        assert client.post(plan_url(circle, "items/"), {"kind": "?"}, format="json").status_code == 403
        assert client.patch(plan_url(circle, f"items/{circle.plan_item.pk}/"), {}, format="json").status_code == 403
        assert client.delete(plan_url(circle, f"items/{circle.plan_item.pk}/")).status_code == 403
    assert PlanItem.objects.count() == 1 and PlanItem.objects.get().ended_on is None


def test_an_item_of_another_patient_is_not_found_through_this_one(circle):
    """A clinician who writes one patient's plan cannot reach another patient's item through that patient's URL."""
    other = PlanItemFactory(patient=PatientFactory())
    client = client_for(circle.linked_clinician)
    assert client.patch(plan_url(circle, f"items/{other.pk}/"), {"title": "Mine"}, format="json").status_code == 404
    assert client.delete(plan_url(circle, f"items/{other.pk}/")).status_code == 404
    other.refresh_from_db()
    assert (other.title, other.ended_on) == ("Brisk walk", None)


# --- a dose from tomorrow, and ending an item ---------------------------------------------------------------------


def test_a_change_of_dose_takes_effect_from_tomorrow_and_the_past_keeps_its_dose(circle):
    walk = add(circle, WALK)
    before = {day: _dose(day_plan(circle, day), walk["id"]) for day in (YESTERDAY, TODAY, TOMORROW)}
    assert before == {YESTERDAY: 25, TODAY: 25, TOMORROW: 25}
    url = plan_url(circle, f"items/{walk['id']}/")
    changed = client_for(circle.linked_clinician).patch(url, {"amount": 10, "step_every_weeks": 2}, format="json")
    assert changed.status_code == 200, changed.content
    answer = changed.json()
    assert (answer["amount"], answer["dose_today"]) == (10, 25)  # the item says what it asks now; today keeps 25
    # From tomorrow: weeks still count from 2 March, so week 2 gives 10 + 5 x floor(2/2) = 15.
    after = {day: _dose(day_plan(circle, day), walk["id"]) for day in (YESTERDAY, TODAY, TOMORROW)}
    assert after == {YESTERDAY: 25, TODAY: 25, TOMORROW: 15}
    assert [terms["valid_from"] for terms in answer["terms"]] == ["2026-03-02", TOMORROW.isoformat()]
    # A second change the same day replaces tomorrow's terms rather than adding more.
    client_for(circle.linked_clinician).patch(url, {"amount": 12}, format="json")
    assert len(client_for(circle.teen).get(plan_url(circle)).json()["items"][1]["terms"]) == 2


def _dose(rows, item_id):
    return next(row["dose"] for row in rows if row["item"] == item_id)


def test_changing_only_the_words_changes_them_at_once_and_keeps_the_terms(circle):
    url = plan_url(circle, f"items/{circle.plan_item.pk}/")
    answer = client_for(circle.clinic_member).patch(url, {"instructions": "Brisk, with a friend."}, format="json")
    assert answer.json()["instructions"] == "Brisk, with a friend." and len(answer.json()["terms"]) == 1


def test_a_started_item_keeps_its_kind_and_start(circle):
    url = plan_url(circle, f"items/{circle.plan_item.pk}/")
    client = client_for(circle.linked_clinician)
    assert "kind" in client.patch(url, {"kind": "session"}, format="json").json()
    assert "starts_on" in client.patch(url, {"starts_on": "2026-03-09"}, format="json").json()


def test_an_item_written_ahead_may_move_its_start_and_keeps_one_set_of_terms(circle):
    ahead = add(circle, {**WALK, "starts_on": "2026-04-06"})
    url = plan_url(circle, f"items/{ahead['id']}/")
    moved = client_for(circle.linked_clinician).patch(url, {"starts_on": "2026-03-30", "amount": 20}, format="json")
    assert moved.status_code == 200, moved.content
    assert [(t["valid_from"], t["amount"]) for t in moved.json()["terms"]] == [("2026-03-30", 20)]


def test_ending_an_item_ends_it_today_and_keeps_its_days(circle):
    item = circle.plan_item
    EntryFactory(patient=circle.patient, date=YESTERDAY, plan_done=[{"item": item.pk, "amount": 15}])
    today_entry = EntryFactory(patient=circle.patient, date=TODAY, plan_done=[{"item": item.pk, "amount": 15}])
    response = client_for(circle.clinic_admin).delete(plan_url(circle, f"items/{item.pk}/"))
    assert response.status_code == 204
    item.refresh_from_db()
    assert item.ended_on == TODAY
    assert client_for(circle.teen).get(plan_url(circle)).json()["items"] == []
    ended = client_for(circle.teen).get(plan_url(circle), {"include_ended": "true"}).json()["items"]
    assert [(row["id"], row["ended_on"]) for row in ended] == [(item.pk, TODAY.isoformat())]
    # Its days stay in the figures: the week of 16 March ran Monday and Tuesday (2 x 5/7), yesterday done.
    weeks = client_for(circle.teen).get(plan_url(circle, "adherence/"), {"from": "2026-03-16"}).json()["weeks"]
    assert weeks == [
        {
            "week_start": "2026-03-16",
            "expected": 1.43,
            "done": 1.0,
            "adherence": 0.7,
            "items": [{"item": item.pk, "expected": 1.43, "done": 1.0}],
        }
    ]
    # Today's tick leaves today's entry (it no longer runs today), as a new version; yesterday's stays.
    today_entry.refresh_from_db()
    assert (today_entry.plan_done, today_entry.version) == ([], 2)
    assert DailyEntry.objects.get(date=YESTERDAY).plan_done == [{"item": item.pk, "amount": 15}]
    assert day_plan(circle, TODAY) == []
    # Ending it again changes nothing; changing an ended item is refused.
    assert client_for(circle.clinic_admin).delete(plan_url(circle, f"items/{item.pk}/")).status_code == 204
    url = plan_url(circle, f"items/{item.pk}/")
    assert client_for(circle.clinic_admin).patch(url, {"amount": 20}, format="json").status_code == 400


# --- the day's plan, and ticks in the entry -------------------------------------------------------------------------


def test_the_day_lists_the_items_due_with_the_day_dose_and_what_the_entry_records(circle):
    physio = add(
        circle, {"kind": "session", "title": "Physical therapy", "weekdays": [2, 4], "starts_on": "2026-03-02"}
    )
    school = add(circle, {"kind": "school", "title": "School", "days_per_week": 3, "school_level": "partial"})
    walk = circle.plan_item.pk
    body = {"function": 6, "pain": 4, "school": "full", "plan_done": [{"item": walk, "amount": 20}]}
    assert client_for(circle.teen).put(entry_url(circle, TODAY), body, format="json").status_code == 201
    today = day_plan(circle, TODAY, by=circle.linked_parent)
    assert today == [
        {"item": walk, "kind": "exercise", "title": "Brisk walk", "unit": "minutes", "dose": 15, "done": 20},
        {"item": school["id"], "kind": "school", "title": "School", "unit": None, "dose": None, "done": 1},
    ]
    # Physical therapy is due on Tuesdays and Thursdays only; yesterday (Tuesday) was not logged.
    assert [row["item"] for row in day_plan(circle, YESTERDAY)] == [walk, physio["id"]]
    assert [row["done"] for row in day_plan(circle, YESTERDAY)] == [None, None]


@pytest.mark.parametrize(
    "tick, message",
    [
        ({"amount": -1}, "below 0"),
        ({"amount": 151}, "at most 150"),
        ({"amount": 1.5}, "valid integer"),
        ({"item": "other patient's"}, "Only this plan's own items"),
        ({"item": "ended"}, "has ended"),
        ({"item": "school"}, "no tick is needed"),
        ({"item": "session", "amount": 2}, "1 for done"),
        ({"item": "not started"}, "hadn't started"),
        ({"item": 999999}, "Only this plan's own items"),
    ],
)
def test_a_bad_tick_gets_a_clear_400_and_leaves_the_day_as_it_was(circle, tick, message):
    items = {
        "other patient's": PlanItemFactory(patient=PatientFactory()).pk,
        "ended": PlanItemFactory(patient=circle.patient, ended_on=TODAY).pk,
        "school": PlanItemFactory(
            patient=circle.patient, kind="school", terms__unit=None, terms__amount=None, terms__school_level="full"
        ).pk,
        "session": PlanItemFactory(
            patient=circle.patient, kind="session", terms__unit=None, terms__amount=None, terms__weekdays=4
        ).pk,
        "not started": PlanItemFactory(patient=circle.patient, starts_on=TOMORROW).pk,
    }
    before = {"function": 6, "pain": 4, "plan_done": [{"item": circle.plan_item.pk, "amount": 15}]}
    client = client_for(circle.teen)
    assert client.put(entry_url(circle, TODAY), before, format="json").status_code == 201
    chosen = items.get(tick.get("item"), tick.get("item", circle.plan_item.pk))
    bad = {"item": chosen, "amount": tick.get("amount", 1)}
    response = client.put(entry_url(circle, TODAY), {**before, "plan_done": [bad], "pain": 2}, format="json")
    assert response.status_code == 400, response.content
    assert message in json.dumps(response.json()["plan_done"], ensure_ascii=False)
    entry = DailyEntry.objects.get(patient=circle.patient, date=TODAY)
    assert (entry.pain, entry.plan_done, entry.version) == (4, before["plan_done"], 1)


def test_a_put_without_plan_done_keeps_the_day_ticks_and_an_empty_list_clears_them(circle):
    tick = [{"item": circle.plan_item.pk, "amount": 15}]
    client = client_for(circle.teen)
    client.put(entry_url(circle, TODAY), {"function": 6, "pain": 4, "plan_done": tick}, format="json")
    assert client.put(entry_url(circle, TODAY), {"function": 7, "pain": 4}, format="json").json()["plan_done"] == tick
    assert client.patch(entry_url(circle, TODAY), {"plan_done": []}, format="json").json()["plan_done"] == []


def test_a_day_saved_again_checks_only_the_ticks_it_changes(circle, django_assert_num_queries):
    """A tick accepted when it was written stays accepted: the plan is not read again to save the same ticks (three
    queries on every save of a day with ticks), and an item ended since does not stop the teen changing that day's
    pain. A tick changed, even in place on an entry loaded from the database, is checked as a new one."""
    client = client_for(circle.teen)
    tick = [{"item": circle.plan_item.pk, "amount": 15}]
    first = client.put(entry_url(circle, TODAY), {"function": 6, "pain": 4, "plan_done": tick}, format="json")
    assert first.status_code == 201
    # token, patient, the day (locked), its UPDATE, the diary's status, and two SAVEPOINTs with their RELEASEs (the
    # request's and the save's): no goal, item or terms.
    with django_assert_num_queries(9):
        answer = client.put(entry_url(circle, TODAY), {"function": 6, "pain": 3, "plan_done": tick}, format="json")
    assert answer.status_code == 200
    PlanItem.objects.filter(pk=circle.plan_item.pk).update(ended_on=TODAY)
    answer = client.put(entry_url(circle, TODAY), {"function": 6, "pain": 2, "plan_done": tick}, format="json")
    assert (answer.status_code, answer.json()["plan_done"]) == (200, tick)
    other = [{**tick[0], "amount": 14}]
    changed = client.put(entry_url(circle, TODAY), {"function": 6, "pain": 2, "plan_done": other}, format="json")
    assert changed.status_code == 400 and "has ended" in json.dumps(changed.json()["plan_done"])

    entry = DailyEntry.objects.get(patient=circle.patient, date=TODAY)
    entry.plan_done[0]["amount"] = 16  # changed in place: not what was stored
    with pytest.raises(ValidationError, match="has ended"):
        entry.full_clean()


def test_a_tick_may_repeat_an_item_only_once(circle):
    tick = {"item": circle.plan_item.pk, "amount": 15}
    body = {"function": 6, "pain": 4, "plan_done": [tick, tick]}
    response = client_for(circle.teen).put(entry_url(circle, TODAY), body, format="json")
    assert response.status_code == 400 and "plan_done" in response.json()


# --- adherence --------------------------------------------------------------------------------------------------------


def test_adherence_counts_only_the_days_asked_for_and_never_after_today(circle):
    """The walk: 15 minutes on 5 days a week from 2 March. Ticks: 3, 4 and 5 March (15 each) and 16 March (30).
    Week of 2 March: 3 of 5 (the Circle's own entry of the 2nd ticks nothing). Week of 9 March: 0 of 5. Week of 16
    March to Wednesday 18: expected 5 x 3/7 = 15/7, done 1. Period: 4 / (10 + 15/7) = 28/85, about 0.33."""
    walk = circle.plan_item.pk
    for day, amount in ((3, 15), (4, 15), (5, 15), (16, 30)):
        EntryFactory(
            patient=circle.patient, date=datetime.date(2026, 3, day), plan_done=[{"item": walk, "amount": amount}]
        )
    answer = client_for(circle.linked_clinician).get(
        plan_url(circle, "adherence/"), {"from": "2026-03-01", "to": "2026-03-31"}
    )
    body = answer.json()
    assert [(w["week_start"], w["expected"], w["done"], w["adherence"]) for w in body["weeks"]] == [
        ("2026-03-02", 5.0, 3.0, 0.6),
        ("2026-03-09", 5.0, 0.0, 0.0),
        ("2026-03-16", 2.14, 1.0, 0.47),
    ]
    assert body["adherence"] == 0.33
    assert (
        client_for(circle.teen)
        .get(plan_url(circle, "adherence/"), {"from": "2026-01-01", "to": "2026-02-28"})
        .json()["adherence"]
        is None
    )


def test_adherence_and_the_day_refuse_odd_dates(circle):
    client = client_for(circle.teen)
    assert client.get(plan_url(circle, "adherence/"), {"from": "2026-03-10", "to": "2026-03-01"}).status_code == 400
    assert client.get(plan_url(circle, "adherence/"), {"from": "March"}).status_code == 400
    assert client.get(plan_url(circle), {"include_ended": "perhaps"}).status_code == 400
    assert client.get(plan_url(circle, "day/2026-02-30/")).status_code == 404


# --- the access log ---------------------------------------------------------------------------------------------------


def test_every_write_is_in_the_patient_access_log_with_who_and_what(circle):
    walk = add(circle, WALK)
    url = plan_url(circle, f"items/{walk['id']}/")
    client_for(circle.linked_clinician).patch(url, {"max_amount": 30, "title": "Walk"}, format="json")
    client_for(circle.clinic_member).delete(url)
    log = client_for(circle.teen).get(f"/api/v1/patients/{circle.patient.pk}/access-log/").json()["results"]
    changes = [
        (row["actor"]["display_name"], row["details"], row["clinic"]) for row in log if row["action"] == "change"
    ]
    assert changes == [
        ("Sam", [f"plan ended {walk['id']}"], {"id": circle.clinic.pk, "name": "Pain Team"}),
        ("Dr Lee", [f"plan added {walk['id']}", f"plan dose {walk['id']}", f"plan changed {walk['id']}"], None),
    ]


def test_reading_the_plan_is_in_the_access_log(circle):
    client_for(circle.linked_parent).get(plan_url(circle))
    client_for(circle.linked_parent).get(plan_url(circle, f"day/{TODAY.isoformat()}/"))
    row = AccessLogEntry.objects.get(actor=circle.linked_parent)
    assert row.details == ["plan", f"plan {TODAY.isoformat()}"]


# --- cost -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("items", [1, 12])
def test_the_plan_takes_the_same_queries_for_1_item_or_12(circle, items, django_assert_num_queries):
    for n in range(items - 1):
        PlanItemFactory(patient=circle.patient, title=f"Item {n}")
    client = client_for(circle.linked_clinician)
    client.get(plan_url(circle))  # the first read of the visit starts its access-log row
    # The request's savepoint and its release, the token, the clinician's two-step check, the patient and the links,
    # the access log (lock, open visits, update), the items (with who wrote them) and their terms.
    with django_assert_num_queries(11):
        assert len(client.get(plan_url(circle)).json()["items"]) == items
