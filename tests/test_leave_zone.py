"""The Days page of a diary shared with its reader offers to leave the care team, and names the reader's own link:
the page's script sends DELETE /care-team/{that link}/ (the browser test in test_care_circle.py clicks it)."""

import pytest

from tests.personas import Circle

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    return Circle(clinic=True)


def days_page(client, person, circle):
    client.force_login(person)
    response = client.get(f"/patients/{circle.patient.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona, link", [("linked_parent", "parent_link"), ("linked_clinician", "clinician_link")])
def test_a_reader_through_their_own_link_is_offered_to_leave_by_that_link(circle, client, persona, link):
    html = days_page(client, getattr(circle, persona), circle)
    own_link = getattr(circle, link)
    assert f'id="leave-zone" data-patient="{circle.patient.pk}" data-link="{own_link.pk}"' in html


def test_a_clinic_member_reads_through_the_clinic_and_has_no_link_of_their_own_to_leave(circle, client):
    assert 'id="leave-zone"' not in days_page(client, circle.clinic_member, circle)
