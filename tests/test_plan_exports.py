"""The treatment plan in the downloads: CSV columns named by each item's title, the data export, and the list of
items with their dose history that a FHIR CarePlan will be made from (diary.reading.plan_data.care_plan)."""

import csv
import datetime
import io

import pytest
import time_machine

from diary.models import PlanTerms
from diary.reading import plan_data
from tests.conftest import client_for
from tests.factories import EntryFactory, PlanItemFactory
from tests.personas import Circle

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def wednesday_18_march():
    with time_machine.travel(NOW, tick=False):
        yield


def test_csv_names_each_plan_item_by_title_and_no_title_starts_a_cell_a_spreadsheet_would_run():
    circle = Circle()
    towel = PlanItemFactory(
        patient=circle.patient, kind="desensitisation", title='=HYPERLINK("x")', terms__unit="times", terms__amount=3
    )
    PlanItemFactory(
        patient=circle.patient,
        kind="school",
        title="School",
        terms__unit=None,
        terms__amount=None,
        terms__school_level="full",
    )
    walk = circle.plan_item.pk
    EntryFactory(
        patient=circle.patient,
        date=datetime.date(2026, 3, 3),
        plan_done=[{"item": walk, "amount": 20}, {"item": towel.pk, "amount": 2}],
    )
    response = client_for(circle.linked_clinician).get(f"/api/v1/patients/{circle.patient.pk}/export.csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(table[0])[-2:] == ["plan: Brisk walk", 'plan: =HYPERLINK("x")']  # school has its own column
    header = response.content.decode().splitlines()[0]
    assert header.endswith(',plan: Brisk walk,"plan: =HYPERLINK(""x"")"')  # starts with "plan:", never with "="
    by_day = {row["date"]: row for row in table}
    assert (by_day["2026-03-03"]["plan: Brisk walk"], by_day["2026-03-02"]["plan: Brisk walk"]) == ("20", "")
    assert "plan_done" not in header


def test_the_data_export_holds_the_plan_with_its_dose_history():
    circle = Circle()
    item = circle.plan_item
    PlanTerms.objects.create(
        item=item,
        valid_from=datetime.date(2026, 3, 10),
        kind="exercise",
        unit="minutes",
        amount=20,
        max_amount=20,
        days_per_week=5,
    )
    [diary] = client_for(circle.teen).get("/api/v1/me/export/").json()["diaries"]
    [exported] = diary["plan"]
    assert exported["title"] == "Brisk walk"
    assert [terms["valid_from"] for terms in exported["terms"]] == ["2026-03-02", "2026-03-10"]
    assert exported["doses"] == [{"from": "2026-03-02", "dose": 15}, {"from": "2026-03-10", "dose": 20}]


def test_care_plan_lists_every_item_with_its_doses_until_it_ended():
    circle = Circle()
    walk = PlanItemFactory(
        patient=circle.patient,
        title="Graded walk",
        terms__step_amount=5,
        terms__step_every_weeks=1,
        terms__max_amount=45,
        ended_on=datetime.date(2026, 3, 13),
    )
    items = {row["title"]: row for row in plan_data.care_plan(circle.patient)}
    assert items["Graded walk"]["doses"] == [
        {"from": datetime.date(2026, 3, 2), "dose": 15},
        {"from": datetime.date(2026, 3, 9), "dose": 20},
    ]
    assert items["Graded walk"]["ended_on"] == walk.ended_on
    assert items["Brisk walk"]["doses"] == [{"from": datetime.date(2026, 3, 2), "dose": 15}]
