"""The crisis line at the foot of every page: a line for young people in the person's own country, never the US 988
for everyone. The country comes from the account's time zone (the IANA zone table names each zone's country), else
from the region of the browser's language (`es-MX`), else there is none, and the page says, calmly, to call the local
emergency number.

Only numbers we are sure of, each with its source. A line for young people where the country has one; 988 in the US
and Canada, which answers everyone, young people too. A number is dialled as it is written inside its country.
"""

import functools
import importlib.resources
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    number: str  # as shown
    dial: str  # for the tel: link
    service: str  # the service's own name, never translated
    texts: bool = False  # answers text messages at the same number


CRISIS_LINES = {
    # 988 Suicide & Crisis Lifeline, call or text, 24/7: https://988lifeline.org/
    "US": CrisisLine("988", "988", "Suicide & Crisis Lifeline", texts=True),
    # 988 Suicide Crisis Helpline, call or text, 24/7 since 30 November 2023 (Public Health Agency of Canada,
    # run by CAMH with Kids Help Phone among its partners): https://988.ca/
    "CA": CrisisLine("988", "988", "Suicide Crisis Helpline", texts=True),
    # Línea de la Vida, free, 24/7, Comisión Nacional de Salud Mental y Adicciones (CONASAMA, Secretaría de Salud):
    # https://www.gob.mx/salud/conasama
    "MX": CrisisLine("800 911 2000", "8009112000", "Línea de la Vida"),
    # Teléfono ANAR de Ayuda a Niños y Adolescentes, free, confidential, 24/7 (Fundación ANAR): https://www.anar.org/
    # (For adults, Spain's Línea 024 of the Ministerio de Sanidad.)
    "ES": CrisisLine("900 20 20 10", "900202010", "Teléfono ANAR"),
    # Childline, free, 24/7, for anyone under 19 (NSPCC): https://www.childline.org.uk/
    "GB": CrisisLine("0800 1111", "08001111", "Childline"),
    # Childline, free, 24/7, for anyone 18 and under (ISPCC): https://www.childline.ie/
    "IE": CrisisLine("1800 66 66 66", "1800666666", "Childline"),
    # Kids Helpline, free, 24/7, for 5 to 25-year-olds (yourtown): https://kidshelpline.com.au/
    "AU": CrisisLine("1800 55 1800", "1800551800", "Kids Helpline"),
}

# Old zone names (links in the zone database) that zone.tab does not list, by their prefix.
OLD_ZONE_PREFIXES = {"US/": "US", "Canada/": "CA", "Mexico/": "MX", "Australia/": "AU"}
OLD_ZONES = {"GB": "GB", "GB-Eire": "GB", "Eire": "IE"}


@functools.cache
def _zone_countries() -> dict[str, str]:
    """{zone: ISO 3166 country code} from the zone database's zone.tab (the tzdata package, as Stride's zones)."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def country_of_zone(zone: str) -> str | None:
    found = _zone_countries().get(zone) or OLD_ZONES.get(zone)
    if found:
        return found
    return next((code for prefix, code in OLD_ZONE_PREFIXES.items() if zone.startswith(prefix)), None)


def country_of_languages(accept_language: str) -> str | None:
    """The region of the browser's first language that names one: "es-MX,es;q=0.9" is MX (browsers send their
    languages in order of preference)."""
    for item in (accept_language or "").split(","):
        parts = item.split(";")[0].strip().replace("_", "-").split("-")
        if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    return None


def line_for(*, zone: str | None, accept_language: str) -> CrisisLine | None:
    """The crisis line of the person's country: by their time zone, else their browser's language; None where we
    know of none (the page then says to call the local emergency number)."""
    country = (country_of_zone(zone) if zone else None) or country_of_languages(accept_language)
    return CRISIS_LINES.get(country)


def crisis_line(request):
    """Context processor: `crisis_line` for base.html's footer."""
    user = getattr(request, "user", None)
    zone = user.timezone if user is not None and user.is_authenticated else None
    return {"crisis_line": line_for(zone=zone, accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", ""))}
