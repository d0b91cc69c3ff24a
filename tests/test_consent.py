"""A child's profile records the parent's consent (docs/API.md, Growing up with Stride): the version of the terms shown
and the time, kept with the profile and given back in the data export."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape

from accounts import terms
from accounts.models import Patient, Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=datetime.UTC)
CHILD = {"display_name": "Ben", "birth_date": "2018-01-01"}


@pytest.fixture
def dana(db):
    return UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)


@pytest.mark.parametrize(
    "consent",
    [{}, {"consent": False}, {"consent": None}, {"consent": "no"}],
    ids=["missing", "false", "null", "not a yes"],
)
def test_a_child_profile_needs_consent_and_nothing_is_made_without_it(dana, consent):
    answer = client_for(dana).post("/api/v1/patients/", {**CHILD, **consent})
    assert answer.status_code == 400
    assert list(answer.json()) == ["consent"]
    assert not Patient.objects.exists()


def test_the_message_says_what_to_do(dana):
    answer = client_for(dana).post("/api/v1/patients/", {**CHILD, "consent": False})
    assert answer.json() == {"consent": [str(terms.CONSENT_NEEDED)]}
    assert client_for(dana).post("/api/v1/patients/", CHILD).json() == {"consent": [str(terms.CONSENT_NEEDED)]}


def test_terms_shown_in_an_older_version_are_asked_again(dana):
    answer = client_for(dana).post("/api/v1/patients/", {**CHILD, "consent": True, "terms_version": "2001-01"})
    assert answer.json() == {"consent": [str(terms.TERMS_CHANGED)]}
    assert not Patient.objects.exists()


def test_the_time_and_the_version_are_kept_and_in_the_data_export(dana, time_machine):
    time_machine.move_to(NOW, tick=False)
    version = terms.CHILD_PROFILE_TERMS_VERSION
    body = {**CHILD, "consent": True, "terms_version": version}
    child = client_for(dana).post("/api/v1/patients/", body).json()
    kept = Patient.objects.get(pk=child["id"])
    assert (kept.consent_given_at, kept.consent_terms_version, kept.consent_given_by) == (NOW, version, dana)

    export = client_for(dana).get("/api/v1/me/export/").json()
    (diary,) = export["diaries"]
    assert diary["patient"]["consent"] == {
        "given_at": "2026-06-10T16:00:00Z",
        "terms_version": version,
        "given_by": {"id": dana.pk, "display_name": "Dana"},
    }


def test_a_teens_own_diary_has_no_parents_consent(teen):
    (diary,) = client_for(teen).get("/api/v1/me/export/").json()["diaries"]
    assert diary["patient"]["consent"] is None


@pytest.mark.parametrize("language, words", [("en", "legal guardian"), ("es", "tutor legal")])
def test_the_add_child_page_shows_the_terms_their_version_and_a_box_to_tick(client, dana, language, words):
    dana.language = language
    dana.save()
    client.force_login(dana)
    page = client.get("/patients/new/").content.decode()
    assert words in page
    with translation.override(language):
        for line in (*terms.CHILD_PROFILE_TERMS, terms.CONSENT_LABEL):
            assert escape(str(line)) in page
    assert f'data-terms-version="{terms.CHILD_PROFILE_TERMS_VERSION}"' in page
    assert 'type="checkbox" name="consent"' in page
