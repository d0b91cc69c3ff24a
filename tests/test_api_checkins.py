import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.models import AccessLogEntry, CareTeamMember
from diary.models import FunctionCheckin
from tests.conftest import client_for
from tests.factories import CheckinFactory, PatientFactory

pytestmark = pytest.mark.django_db
DAY = "2026-03-02"


def url(patient, day=DAY):
    return f"/api/v1/patients/{patient.pk}/function-checkins/{day}/"


def test_put_creates_then_replaces_and_is_idempotent(teen_client, teen_patient, teen):
    answers = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
    first = teen_client.put(url(teen_patient), {"answers": answers})
    assert first.status_code == 201
    body = first.json()
    assert body["date"] == DAY and body["answers"] == answers
    assert body["total"] == 30 and body["band"] == "severe"
    assert body["entered_by"] == {"id": teen.pk, "role": "teen"}

    again = teen_client.put(url(teen_patient), {"answers": answers})
    assert again.status_code == 200 and again.json()["updated_at"] == body["updated_at"]

    changed = teen_client.put(url(teen_patient), {"answers": [1] * 15})
    assert changed.status_code == 200 and changed.json()["total"] == 15
    assert FunctionCheckin.objects.filter(patient=teen_patient).count() == 1


@pytest.mark.parametrize(
    "answers, total, band",
    [
        ([0] * 15, 0, "minimal"),
        ([1] * 12 + [0] * 3, 12, "minimal"),
        ([1] * 13 + [0] * 2, 13, "moderate"),
        ([2] * 14 + [1], 29, "moderate"),
        ([2] * 15, 30, "severe"),
        ([4] * 15, 60, "severe"),
    ],
)
def test_total_and_band_at_every_boundary(teen_client, teen_patient, answers, total, band):
    body = teen_client.put(url(teen_patient), {"answers": answers}).json()
    assert (body["total"], body["band"]) == (total, band)


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"answers": [1] * 14}, "answers", "Answer all 15 activities."),
        ({"answers": [1] * 16}, "answers", "Send 15 answers, one for each activity."),
        ({"answers": [1] * 14 + [5]}, "answers", "Use 0 (no trouble) to 4 (impossible)."),
        ({"answers": [1] * 14 + [-1]}, "answers", "Use 0 (no trouble) to 4 (impossible)."),
        ({"answers": [1] * 14 + ["lots"]}, "answers", "Use 0 (no trouble) to 4 (impossible)."),
        ({"answers": "all fine"}, "answers", None),
        ({}, "answers", None),
    ],
)
def test_bad_answers_get_a_clear_400_and_store_nothing(teen_client, teen_patient, body, field, message):
    response = teen_client.put(url(teen_patient), body)
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert message in str(response.json()[field])
    assert not FunctionCheckin.objects.exists()


def test_days_that_have_not_happened_or_precede_birth_are_refused(teen_client, teen_patient):
    tomorrow = teen_patient.today() + datetime.timedelta(days=1)
    future = teen_client.put(url(teen_patient, tomorrow.isoformat()), {"answers": [1] * 15})
    assert future.status_code == 400 and "hasn't happened yet" in future.json()["date"][0]
    early = teen_client.put(url(teen_patient, "2000-01-01"), {"answers": [1] * 15})
    assert early.status_code == 400 and "before the birth date" in early.json()["date"][0]
    assert teen_client.put(url(teen_patient, "2026-02-30"), {"answers": [1] * 15}).status_code == 404
    assert not FunctionCheckin.objects.exists()


def test_the_database_keeps_answers_in_range_and_the_total_true(teen_patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckinFactory(patient=teen_patient, answers=[5] + [0] * 14)
    checkin = CheckinFactory(patient=teen_patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        FunctionCheckin.objects.filter(pk=checkin.pk).update(total=59)


def test_list_is_newest_first_filtered_and_its_queries_are_pinned(
    teen_client, teen_patient, django_assert_max_num_queries
):
    for week in range(60):
        CheckinFactory(patient=teen_patient, date=datetime.date(2025, 1, 6) + datetime.timedelta(weeks=week))
    # token, patient, count, page, plus the request's SAVEPOINT and RELEASE.
    with django_assert_max_num_queries(6):
        body = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/function-checkins/").json()
    assert body["count"] == 60 and len(body["results"]) == 50 and body["next"]
    assert body["results"][0]["date"] == "2026-02-23"
    filtered = teen_client.get(
        f"/api/v1/patients/{teen_patient.pk}/function-checkins/?from=2025-01-06&to=2025-01-20"
    ).json()
    assert [row["date"] for row in filtered["results"]] == ["2025-01-20", "2025-01-13", "2025-01-06"]
    bad = teen_client.get(f"/api/v1/patients/{teen_patient.pk}/function-checkins/?from=yesterday")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["from"][0]


def test_one_checkin_is_read_by_date(teen_client, teen_patient):
    assert teen_client.get(url(teen_patient)).status_code == 404
    CheckinFactory(patient=teen_patient, date=datetime.date(2026, 3, 2), answers=[3] * 15)
    body = teen_client.get(url(teen_patient)).json()
    assert body["total"] == 45 and body["band"] == "severe"


def test_a_managing_parent_enters_a_childs_checkin(parent):
    child = PatientFactory(account=None, display_name="Leo", birth_date=datetime.date(2016, 2, 1))
    CareTeamMember.objects.create(patient=child, member=parent, relation="parent", sees=["core"], manages=True)
    response = client_for(parent).put(url(child), {"answers": [1] * 15})
    assert response.status_code == 201 and response.json()["entered_by"]["role"] == "parent"


def test_reads_by_the_care_team_are_logged_and_the_teens_are_not(teen_client, teen_patient, parent):
    CareTeamMember.objects.create(patient=teen_patient, member=parent, relation="parent", sees=["core"])
    CheckinFactory(patient=teen_patient, date=datetime.date(2026, 3, 2))
    teen_client.get(f"/api/v1/patients/{teen_patient.pk}/function-checkins/")
    assert not AccessLogEntry.objects.exists()
    assert client_for(parent).get(url(teen_patient)).status_code == 200
    assert client_for(parent).put(url(teen_patient), {"answers": [0] * 15}).status_code == 403
    log = AccessLogEntry.objects.get()
    assert (log.actor, log.action, log.detail) == (parent, "read", "function check-in 2026-03-02")
