"""A day's entry page asks in words that fit the day and the person; History and the Summary carry the body map."""

import datetime
import html

import pytest

from accounts import sharing
from accounts.models import Role
from diary.vocabularies import PainLocation, Therapy
from frontend.day_entry import BODY_MAP_BACK, BODY_MAP_FRONT, day_name, when
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 12, 15, 0, tzinfo=datetime.UTC)  # a Thursday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def page(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("back", "kind", "name"),
    [
        (0, "today", "Thursday"),
        (1, "yesterday", "Wednesday"),
        (2, "past", "Tuesday"),
        (6, "past", "Friday"),
        (7, "past", "Thursday, March 5"),
        (80, "past", "Monday, December 22, 2025"),
    ],
)
def test_a_day_is_named_by_its_weekday_within_a_week_else_by_its_date(back, kind, name):
    day = TODAY - datetime.timedelta(days=back)
    assert when(day, TODAY) == kind
    assert day_name(day, TODAY) == name


def test_a_teens_past_day_asks_in_the_past_with_the_days_name(client):
    maya = PatientFactory(account__display_name="Maya")
    text = page(client, maya.account, "/entries/2026-03-10/")
    assert "<legend>How much pain did you have on Tuesday?</legend>" in text
    assert "<legend>How much of your usual day could you do on Tuesday?</legend>" in text
    assert "<legend>How much pain did you have today?</legend>" not in text
    text = page(client, maya.account, "/today/")
    assert "How much pain did you have today?" in text and "How was today?" in text


def test_a_parent_is_asked_about_the_child_by_name_even_an_odd_one(client):
    dana = UserFactory(role=Role.PARENT)
    child = sharing.create_child_profile(
        dana, display_name="Leo 100%", birth_date=datetime.date(2016, 6, 1), consent=True
    )
    text = page(client, dana, f"/patients/{child.pk}/entries/2026-03-11/")
    assert "How much pain did Leo 100% have yesterday?" in text
    assert "How much of a usual day could Leo 100% do yesterday?" in text
    assert "How well did Leo 100% sleep?" in text and "you" not in text.split("<legend>")[1].split("</legend>")[0]


def test_the_page_is_in_spanish_for_a_spanish_reader(client):
    maya = PatientFactory(account__display_name="Maya", account__language="es")
    text = page(client, maya.account, "/entries/2026-03-10/")
    assert "¿Cuánto dolor tuviste el martes?" in text
    assert "Práctica del tacto" in text and "Desensibilización" in text
    text = page(client, maya.account, "/entries/2026-02-10/")
    assert "¿Cuánto dolor tuviste el martes, 10 de febrero?" in text


def test_plain_words_keep_the_clinical_term_as_a_hint(client):
    maya = PatientFactory()
    text = page(client, maya.account, "/today/")
    for code in (Therapy.DESENSITIZATION, Therapy.OCCUPATIONAL_THERAPY):
        assert Therapy(code).label not in ("Desensitization", "Occupational therapy")
    assert 'Touch practice<small class="chip-hint small">Desensitization</small>' in text
    assert 'Everyday skills<small class="chip-hint small">Occupational therapy (OT)</small>' in text


def test_every_place_is_on_the_map_once_and_all_over_is_a_plain_checkbox(client):
    maya = PatientFactory()
    text = page(client, maya.account, "/today/")
    for code in PainLocation.values:
        assert text.count(f'name="pain_locations" value="{code}"') == 1, code
    assert sorted([*BODY_MAP_FRONT, *BODY_MAP_BACK, "whole_body"]) == sorted(PainLocation.values)


@pytest.mark.parametrize("path", ["/history/", "/summary/"])
def test_history_and_the_summary_carry_the_read_only_map_and_the_words(client, path):
    maya = PatientFactory()
    text = page(client, maya.account, path)
    template = text.split('<template id="body-map-template">')[1].split("</template>")[0]
    assert 'class="bm-views bm-mini" aria-hidden="true"' in template and "<input" not in template
    for code in [*BODY_MAP_FRONT, *BODY_MAP_BACK]:
        assert f'data-code="{code}"' in template
    assert '"left_knee": "Left knee"' in text  # the labels the page's script reads
