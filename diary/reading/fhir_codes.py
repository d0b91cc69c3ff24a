"""Stride's own FHIR code systems and identifier systems, under the site's address (docs/API.md, "Exchange
additions"): `{site}/fhir/CodeSystem/{name}` names a code system and answers it as a FHIR `CodeSystem` resource, so a
record system that meets a code can look it up. LOINC is used where a code truly fits (diary/reading/fhir.py);
everything else is coded here. Displays are English, whatever the reader's language: a record system reads them.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from diary.models import PlanKind
from diary.vocabularies import FDI_ACTIVITIES, PainLocation, School, Symptom, Therapy


def site() -> str:
    return f"{settings.STRIDE_SITE_URL}/fhir"


def code_system(name: str) -> str:
    return f"{site()}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    """`patient-id`, `observation-id`, ...: the namespace of one kind of Stride identifier."""
    return f"{site()}/{name}"


def record_number_system(clinic_id: int) -> str:
    return f"{site()}/clinic/{clinic_id}/record-number"


def questionnaire_url() -> str:
    return f"{site()}/Questionnaire/functional-disability-inventory"


# The codes of the `diary` system: what each Observation, component and check-in is. (code, English display)
DIARY_CODES = (
    ("function", "Share of a usual day done, 0 none to 10 all"),
    ("school", "School attendance"),
    ("sleep-quality", "Sleep quality, 1 very bad to 5 very good"),
    ("mood", "Mood, 1 very bad to 5 very good"),
    ("fatigue", "Tiredness, 0 none to 10 worst"),
    ("pain-locations", "Where the pain was"),
    ("pain-location", "Pain location"),
    ("symptoms", "Symptoms noticed"),
    ("symptom", "Symptom"),
    ("therapies", "Treatments that day"),
    ("therapy", "Treatment"),
    ("fdi-total", "Functional Disability Inventory total, 0-60"),
    ("treatment-plan", "Treatment plan for amplified musculoskeletal pain"),
)
DIARY = dict(DIARY_CODES)


def _choices(choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(label)) for code, label in choices]


# name -> (title, what it codes, its concepts)
CODE_SYSTEMS: dict[str, tuple[str, str, Callable[[], list[tuple[str, str]]]]] = {
    "diary": ("Stride diary", "What a Stride observation or check-in measures.", lambda: list(DIARY_CODES)),
    "school": ("School attendance", "How much of a school day the teen attended.", _choices(School.choices)),
    "pain-location": ("Pain location", "Where on the body the pain was.", _choices(PainLocation.choices)),
    "symptom": ("Symptom", "Symptoms a teen with amplified pain may notice.", _choices(Symptom.choices)),
    "therapy": ("Treatment", "Treatments a teen may have had on a day.", _choices(Therapy.choices)),
    "fdi-activity": (
        "Functional Disability Inventory activity",
        "The 15 everyday activities of the Functional Disability Inventory (Walker and Greene, 1991).",
        lambda: [(name, str(label)) for name, label in FDI_ACTIVITIES],
    ),
    "plan-kind": ("Treatment plan item", "What an item of the treatment plan is.", _choices(PlanKind.choices)),
}


def code_system_resource(name: str) -> dict | None:
    """The FHIR R4 `CodeSystem` for `name`, or None for a name Stride does not define."""
    if name not in CODE_SYSTEMS:
        return None
    title, purpose, concepts = CODE_SYSTEMS[name]
    with translation.override("en"):
        concept = [{"code": code, "display": display} for code, display in concepts()]
    return {
        "resourceType": "CodeSystem",
        "id": name,
        "url": code_system(name),
        "name": "".join(part.capitalize() for part in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": "Stride",
        "description": purpose,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concept),
        "concept": concept,
    }


def display(system_name: str, code: str) -> str:
    """The English display of a code of one of Stride's systems (the code itself for one no longer listed)."""
    with translation.override("en"):
        return dict(CODE_SYSTEMS[system_name][2]()).get(code, code)
