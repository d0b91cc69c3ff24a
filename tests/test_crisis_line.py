"""The crisis line follows the person's country: by the account's time zone, else the browser's language region,
else a calm word to call the local emergency number; never the US 988 for everyone."""

import html

import pytest

from frontend.crisis import CRISIS_LINES, country_of_languages, country_of_zone, line_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("America/Toronto", "CA"),
        ("America/Mexico_City", "MX"),
        ("America/Tijuana", "MX"),
        ("Europe/Madrid", "ES"),
        ("Atlantic/Canary", "ES"),
        ("Europe/London", "GB"),
        ("Europe/Dublin", "IE"),
        ("Australia/Sydney", "AU"),
        ("US/Eastern", "US"),
        ("Europe/Berlin", "DE"),
        ("UTC", None),
    ],
)
def test_a_time_zone_names_its_country(zone, country):
    assert country_of_zone(zone) == country


def test_the_browsers_first_language_with_a_region_names_a_country():
    assert country_of_languages("es-MX,es;q=0.9,en;q=0.8") == "MX"
    assert country_of_languages("es,en-GB;q=0.5") == "GB"
    assert country_of_languages("es") is None
    assert country_of_languages("") is None


def test_the_zone_wins_over_the_language_and_a_country_without_a_line_gets_none():
    assert line_for(zone="Europe/Madrid", accept_language="en-US") == CRISIS_LINES["ES"]
    assert line_for(zone="Europe/Berlin", accept_language="en-US") is None
    assert line_for(zone="UTC", accept_language="es-MX") == CRISIS_LINES["MX"]
    assert line_for(zone=None, accept_language="fr-FR") is None


def footer(client, path="/help/", **headers):
    text = html.unescape(client.get(path, **headers).content.decode())
    return " ".join(text.split('class="crisis"')[1].split("</p>")[0].split())


@pytest.mark.parametrize(
    ("zone", "number", "words"),
    [
        ("America/Chicago", 'href="tel:988">988</a>', "call or text"),
        ("America/Mexico_City", 'href="tel:8009112000">800 911 2000</a>', "Línea de la Vida"),
        ("Europe/Madrid", 'href="tel:900202010">900 20 20 10</a>', "Teléfono ANAR"),
        ("Europe/London", 'href="tel:08001111">0800 1111</a>', "Childline"),
    ],
)
def test_a_signed_in_persons_footer_has_their_countrys_line(client, zone, number, words):
    client.force_login(UserFactory(timezone=zone))
    said = footer(client, "/settings/")
    assert number in said and words in said


def test_anywhere_else_the_footer_says_calmly_to_call_the_local_emergency_number(client):
    client.force_login(UserFactory(timezone="Asia/Tokyo"))
    said = footer(client, "/settings/")
    assert "your local emergency number" in said and "988" not in said and "tel:" not in said


def test_signed_out_the_browsers_language_decides(client):
    assert "900 20 20 10" in footer(client, HTTP_ACCEPT_LANGUAGE="es-ES")
    assert "988" in footer(client, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "tel:" not in footer(client, HTTP_ACCEPT_LANGUAGE="es")
