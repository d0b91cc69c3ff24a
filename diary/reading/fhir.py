"""A diary as a FHIR R4 Bundle (type `collection`): the Patient, one Observation per value logged on a day, and
one Observation per weekly Functional Disability Inventory.

LOINC where a code truly fits (pain severity 0-10, sleep duration, exercise duration); elsewhere a code system of
our own under STRIDE. Where the pain was is one Observation a day with a component per place. Displays are the
English words of our code systems, whatever the language of the person downloading (a record system reads them).
Notes stay out: free text written for the care circle, not for a record system.
"""

import uuid

from django.utils import translation
from django.utils.timezone import now as current_time

from diary.vocabularies import FDI_ACTIVITIES, PainLocation, School

STRIDE = "https://stride.example.org/fhir"
PATIENT_ID_SYSTEM = f"{STRIDE}/patient-id"
DIARY_SYSTEM = f"{STRIDE}/CodeSystem/diary"
SCHOOL_SYSTEM = f"{STRIDE}/CodeSystem/school"
FDI_ACTIVITY_SYSTEM = f"{STRIDE}/CodeSystem/fdi-activity"
PAIN_LOCATION_SYSTEM = f"{STRIDE}/CodeSystem/pain-location"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
CATEGORY_DISPLAY = {"survey": "Survey", "activity": "Activity"}

# Entry field -> (system, code, display, category, unit). In the order of the check-in: function first.
MEASURES = {
    "function": (DIARY_SYSTEM, "function", "Share of a usual day done, 0 none to 10 all", "survey", None),
    "school": (DIARY_SYSTEM, "school", "School attendance", "survey", None),
    "exercise_minutes": (LOINC, "55411-3", "Exercise duration", "activity", "min"),
    "sleep_hours": (LOINC, "93832-4", "Sleep duration", "survey", "h"),
    "sleep_quality": (DIARY_SYSTEM, "sleep-quality", "Sleep quality, 1 very bad to 5 very good", "survey", None),
    "mood": (DIARY_SYSTEM, "mood", "Mood, 1 very bad to 5 very good", "survey", None),
    "fatigue": (DIARY_SYSTEM, "fatigue", "Tiredness, 0 none to 10 worst", "survey", None),
    "pain": (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "survey", None),
}
FDI_TOTAL = (DIARY_SYSTEM, "fdi-total", "Functional Disability Inventory total, 0-60")
PAIN_LOCATIONS = (DIARY_SYSTEM, "pain-locations", "Where the pain was")
PAIN_LOCATION = (DIARY_SYSTEM, "pain-location", "Pain location")
SCHOOL_LABELS = dict(School.choices)
LOCATION_LABELS = dict(PainLocation.choices)


def _urn(*parts):
    """A stable urn:uuid per resource, so exporting the same diary twice names each resource the same way."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join([STRIDE, *map(str, parts)])))


def _concept(system, code, display):
    display = str(display)  # a label's words now, in the language in force (English, see diary_bundle)
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _observation(subject, day, concept, category):
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": category, "display": CATEGORY_DISPLAY[category]}]}
        ],
        "code": concept,
        "subject": {"reference": subject},
        "effectiveDateTime": day.isoformat(),
    }


def _value(field, value, unit):
    if field == "school":
        return {"valueCodeableConcept": _concept(SCHOOL_SYSTEM, value, SCHOOL_LABELS[value])}
    if unit:
        return {"valueQuantity": {"value": float(value), "unit": unit, "system": UCUM, "code": unit}}
    return {"valueInteger": value}


def _entry_observations(patient, subject, entry, fields):
    for field in fields:
        value = entry.values[field]
        if value is None:
            continue
        system, code, display, category, unit = MEASURES[field]
        resource = _observation(subject, entry.date, _concept(system, code, display), category)
        yield _urn("patient", patient.pk, entry.date, field), {**resource, **_value(field, value, unit)}
    if entry.values.get("pain_locations"):
        yield _urn("patient", patient.pk, entry.date, "pain_locations"), _locations_observation(subject, entry)


def _locations_observation(subject, entry):
    resource = _observation(subject, entry.date, _concept(*PAIN_LOCATIONS), "survey")
    resource["component"] = [
        {
            "code": _concept(*PAIN_LOCATION),
            "valueCodeableConcept": _concept(PAIN_LOCATION_SYSTEM, code, LOCATION_LABELS.get(code, code)),
        }
        for code in entry.values["pain_locations"]
    ]
    return resource


def _checkin_observation(patient, subject, checkin):
    resource = _observation(subject, checkin.date, _concept(*FDI_TOTAL), "survey")
    resource["valueInteger"] = checkin.total
    resource["component"] = [
        {"code": _concept(FDI_ACTIVITY_SYSTEM, name, label), "valueInteger": answer}
        for (name, label), answer in zip(FDI_ACTIVITIES, checkin.answers, strict=True)
    ]
    return _urn("patient", patient.pk, checkin.date, "fdi"), resource


def diary_bundle(patient, entries, checkins):
    """The Bundle as JSON-ready data, of the entries as diary.reading.health_data cut them for the caller (mood only for
    a caller who sees mood, like the API)."""
    with translation.override("en"):
        return _bundle(patient, entries, checkins)


def _bundle(patient, entries, checkins):
    subject = _urn("patient", patient.pk)
    fields = [field for field in MEASURES if field in entries.fields]
    resources = [
        (
            subject,
            {
                "resourceType": "Patient",
                "identifier": [{"system": PATIENT_ID_SYSTEM, "value": str(patient.pk)}],
                "name": [{"text": patient.display_name}],
                "birthDate": patient.birth_date.isoformat(),
            },
        )
    ]
    for entry in entries:
        resources.extend(_entry_observations(patient, subject, entry, fields))
    resources.extend(_checkin_observation(patient, subject, checkin) for checkin in checkins)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": current_time().isoformat(timespec="seconds"),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
    }
