"""The Plan page and the plan's places on other pages, as HTML (the browser tests drive them)."""

import pytest

from tests.personas import Circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    return Circle(clinic=True)


def page(client, person, path):
    client.force_login(person)
    return client.get(path)


def test_the_teen_reads_her_plan_page_without_an_editor(circle, client):
    response = page(client, circle.teen, "/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your treatment plan" in html and 'data-writer="false"' in html
    assert 'id="add-item-form"' not in html


@pytest.mark.parametrize("persona", ["linked_clinician", "clinic_member", "clinic_admin"])
def test_clinicians_on_the_care_team_get_the_editor(circle, client, persona):
    html = page(client, getattr(circle, persona), f"/patients/{circle.patient.pk}/plan/").content.decode()
    assert 'id="add-item-form"' in html and 'data-writer="true"' in html
    assert 'aria-current="page">Plan</a>' in html  # the patient's tabs lead here


def test_a_parent_reads_without_an_editor_and_a_stranger_finds_nothing(circle, client):
    html = page(client, circle.linked_parent, f"/patients/{circle.patient.pk}/plan/").content.decode()
    assert 'data-writer="false"' in html and 'id="add-item-form"' not in html
    assert page(client, circle.stranger_teen, f"/patients/{circle.patient.pk}/plan/").status_code == 404
    assert page(client, circle.removed_clinician, f"/patients/{circle.patient.pk}/plan/").status_code == 404


def test_trends_and_the_summary_have_a_place_for_the_plan(circle, client):
    trends = page(client, circle.teen, "/trends/").content.decode()
    assert 'id="plan-section"' in trends and 'href="/plan/"' in trends
    summary = page(client, circle.linked_clinician, f"/patients/{circle.patient.pk}/summary/").content.decode()
    assert 'id="summary-plan-box"' in summary


def test_the_access_log_page_names_plan_items_by_title(circle, client):
    html = page(client, circle.teen, "/access-log/").content.decode()
    assert f'"{circle.plan_item.pk}": "Brisk walk"' in html
