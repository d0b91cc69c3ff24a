"""A diary as a FHIR R4 Bundle (docs/API.md, "Exchange additions"): the Patient, one Observation per value logged
on a day, the weekly check-in as a QuestionnaireResponse of the Functional Disability Inventory (with its total as an
Observation derived from it), the treatment plan as a CarePlan, and a Provenance that names Stride as the source.

As a `collection` (a download to read) or a `transaction` (to post to a record system): there each entry creates
its resource only if none has its identifier yet (`ifNoneExist`), so importing the same diary twice creates nothing
twice. The Provenance has no identifier to search by, so it is put (`PUT`) under a stable id of its own instead.

LOINC where a code truly fits (pain severity 0-10, sleep duration, exercise duration); elsewhere Stride's own code
systems (diary/reading/fhir_codes.py), served at their URLs. Displays are English whatever the reader's language.
Notes stay out: free text written for the care circle, not for a record system. What a reader may not see (mood, a
child's notes...) is already cut from `entries` by diary.reading.health_data.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.timezone import now as current_time

from accounts.access import Access
from accounts.models import CareTeamMember, Relation, User
from diary.models import FunctionCheckin, PlanItem
from diary.reading import fhir_codes
from diary.reading.fhir_codes import DIARY, code_system, identifier_system
from diary.reading.health_data import ShownEntry, shown_fields
from diary.reading.plan_data import care_plan
from diary.vocabularies import FDI_ACTIVITIES

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
CATEGORY_DISPLAY = {"survey": "Survey", "activity": "Activity", "therapy": "Therapy"}
ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # FHIR's days of the week, ISO 1-7

# Entry field -> (system, code, display, category, unit). In the order of the check-in: function first.
MEASURES = {
    "function": ("diary", "function", None, "survey", None),
    "school": ("diary", "school", None, "survey", None),
    "exercise_minutes": (LOINC, "55411-3", "Exercise duration", "activity", "min"),
    "sleep_hours": (LOINC, "93832-4", "Sleep duration", "survey", "h"),
    "sleep_quality": ("diary", "sleep-quality", None, "survey", None),
    "mood": ("diary", "mood", None, "survey", None),
    "fatigue": ("diary", "fatigue", None, "survey", None),
    "pain": (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "survey", None),
}
# Entry field holding a list -> (its code in `diary`, the code of each component, the code system of the values)
LISTS = {
    "pain_locations": ("pain-locations", "pain-location", "pain-location"),
    "symptoms": ("symptoms", "symptom", "symptom"),
    "therapies": ("therapies", "therapy", "therapy"),
}


def _urn(*parts) -> str:
    """A stable urn:uuid per resource, so exporting the same diary twice names each resource the same way."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join([fhir_codes.site(), *map(str, parts)])))


def _concept(system: str, code: str, display: str | None = None) -> dict:
    if display is None:
        display = DIARY[code] if system == "diary" else fhir_codes.display(system, code)
    url = system if system.startswith("http") else code_system(system)
    return {"coding": [{"system": url, "code": code, "display": display}], "text": display}


def _identifier(kind: str, value: str) -> dict:
    return {"system": identifier_system(kind), "value": value}


class _Bundle:
    """The resources of one diary, each with its fullUrl and, for a transaction, how it is created."""

    def __init__(self, access: Access):
        self.access = access
        self.patient = access.patient
        self.key = str(self.patient.public_id)
        self.subject = _urn("patient", self.key)
        self.items: list[tuple[str, dict, dict]] = []  # (fullUrl, resource, request)
        self.performers: dict[int, dict] = {}  # user id -> a Reference, for those who entered a day or a check-in

    def add(self, url: str, resource: dict, *, search: str | None = None, put: str | None = None) -> str:
        if put:
            request = {"method": "PUT", "url": put}
        else:
            if search is None:  # found by its identifier (the Questionnaire by its url: `search`)
                identifier = resource["identifier"]
                first = identifier[0] if isinstance(identifier, list) else identifier
                search = f"identifier={first['system']}|{first['value']}"
            request = {"method": "POST", "url": resource["resourceType"], "ifNoneExist": search}
        self.items.append((url, resource, request))
        return url

    def performer(self, user_id: int | None) -> list[dict]:
        if user_id is None:
            return []
        if user_id == self.patient.account_id:
            return [{"reference": self.subject}]
        return [self.performers[user_id]] if user_id in self.performers else []

    def as_json(self, kind: str) -> dict:
        entries = []
        for url, resource, request in self.items:
            entry = {"fullUrl": url, "resource": resource}
            if kind == "transaction":
                entry["request"] = request
            entries.append(entry)
        bundle = {"resourceType": "Bundle", "type": kind, "timestamp": current_time().isoformat(timespec="seconds")}
        return {**bundle, "entry": entries}


def diary_bundle(
    access: Access,
    entries: Iterable[ShownEntry],
    checkins: Iterable[FunctionCheckin],
    plan_items: Sequence[PlanItem],
    *,
    kind: str = "collection",
) -> dict:
    """The Bundle as JSON-ready data, of what `access` may read: `entries` as diary.reading.health_data cut them,
    the check-ins and the plan's items (empty for a reader who may not see them). `kind`: collection or transaction."""
    entries, checkins = list(entries), list(checkins)
    with translation.override("en"):
        bundle = _Bundle(access)
        bundle.add(bundle.subject, _patient(access))
        writers = {entry.entered_by_id for entry in entries} | {checkin.entered_by_id for checkin in checkins}
        _related_people(bundle, {pk for pk in writers if pk is not None and pk != access.patient.account_id})
        seen = shown_fields(access)
        fields, lists = [field for field in MEASURES if field in seen], [field for field in LISTS if field in seen]
        for entry in entries:
            _entry_observations(bundle, entry, fields, lists)
        if checkins:
            url = fhir_codes.questionnaire_url()
            questionnaire = bundle.add(_urn("questionnaire", "fdi"), _questionnaire(), search=f"url={url}")
            for checkin in checkins:
                _checkin(bundle, checkin, questionnaire)
        if plan_items:
            _care_plan(bundle, plan_items)
        _provenance(bundle)
        return bundle.as_json(kind)


def _patient(access: Access) -> dict:
    patient = access.patient
    identifiers = [_identifier("patient-id", str(patient.public_id))]
    if access.is_owner:
        clinics = CareTeamMember.objects.active().filter(patient=patient, relation=Relation.CLINIC)
        links = list(clinics.exclude(record_number=""))
    else:  # a clinic's number for the clinic's own members only
        links = [link for link in access.clinic_links if link.record_number]
    for link in sorted(links, key=lambda link: link.clinic_id):
        identifiers.append(
            {
                "type": {"text": "Clinic record number"},
                "system": fhir_codes.record_number_system(link.clinic_id),
                "value": link.record_number,
            }
        )
    return {
        "resourceType": "Patient",
        "identifier": identifiers,
        "name": [{"text": patient.display_name}],
        "birthDate": patient.birth_date.isoformat(),
    }


def _related_people(bundle: _Bundle, user_ids: set[int]) -> None:
    """A RelatedPerson for each parent who entered a day or a check-in of a child's diary. Their identifier is a keyed
    hash of the account, opaque like the Patient's (a new SECRET_KEY makes new ones)."""
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        key = salted_hmac("stride.fhir.related-person", str(user.pk)).hexdigest()[:24]
        url = _urn("related-person", bundle.key, key)
        relationship = {"coding": [{"system": ROLE_CODE_SYSTEM, "code": "PRN", "display": "parent"}]}
        resource = {
            "resourceType": "RelatedPerson",
            "identifier": [_identifier("related-person-id", f"{bundle.key}/{key}")],
            "patient": {"reference": bundle.subject},
            "relationship": [relationship],
            "name": [{"text": user.display_name}],
        }
        bundle.performers[user.pk] = {"reference": bundle.add(url, resource)}


def _observation(bundle: _Bundle, day: datetime.date, name: str, concept: dict, category: str) -> dict:
    return {
        "resourceType": "Observation",
        "identifier": [_identifier("observation-id", f"{bundle.key}/{day.isoformat()}/{name}")],
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": category, "display": CATEGORY_DISPLAY[category]}]}
        ],
        "code": concept,
        "subject": {"reference": bundle.subject},
        "effectiveDateTime": day.isoformat(),
    }


def _value(field: str, value, unit: str | None) -> dict:
    if field == "school":
        return {"valueCodeableConcept": _concept("school", value)}
    if unit:
        return {"valueQuantity": {"value": float(value), "unit": unit, "system": UCUM, "code": unit}}
    return {"valueInteger": value}


def _entry_observations(bundle: _Bundle, entry: ShownEntry, fields: Sequence[str], lists: Sequence[str]) -> None:
    """One Observation per value logged that day, and one per list (where the pain was, symptoms, treatments) with a
    component per item. A day changed after it was first saved is `amended`; `issued` is when it was last saved."""
    stamp: dict = {"issued": entry.updated_at.isoformat(timespec="seconds")}
    if performer := bundle.performer(entry.entered_by_id):
        stamp["performer"] = performer
    if entry.version > 1:
        stamp["status"] = "amended"
    for field in fields:
        value = entry.values[field]
        if value is None:
            continue
        system, code, display, category, unit = MEASURES[field]
        resource = _observation(bundle, entry.date, code, _concept(system, code, display), category)
        bundle.add(_urn("patient", bundle.key, entry.date, field), {**resource, **_value(field, value, unit), **stamp})
    for field in lists:
        if not entry.values.get(field):
            continue
        code, part, values = LISTS[field]
        resource = _observation(bundle, entry.date, code, _concept("diary", code), "survey")
        resource["component"] = [
            {"code": _concept("diary", part), "valueCodeableConcept": _concept(values, value)}
            for value in entry.values[field]
        ]
        bundle.add(_urn("patient", bundle.key, entry.date, field), {**resource, **stamp})


def _questionnaire() -> dict:
    return {
        "resourceType": "Questionnaire",
        "url": fhir_codes.questionnaire_url(),
        "name": "FunctionalDisabilityInventory",
        "title": "Functional Disability Inventory (child report)",
        "status": "active",
        "code": [{"system": code_system("diary"), "code": "fdi-total", "display": DIARY["fdi-total"]}],
        "item": [
            {
                "linkId": name,
                "code": [{"system": code_system("fdi-activity"), "code": name, "display": str(label)}],
                "text": str(label),
                "type": "integer",
                "required": True,
            }
            for name, label in FDI_ACTIVITIES
        ],
    }


def _checkin(bundle: _Bundle, checkin: FunctionCheckin, questionnaire: str) -> None:
    day = checkin.date.isoformat()
    author = bundle.performer(checkin.entered_by_id)
    answers = list(zip(FDI_ACTIVITIES, checkin.answers, strict=True))
    response = {
        "resourceType": "QuestionnaireResponse",
        "identifier": _identifier("questionnaire-response-id", f"{bundle.key}/{day}/fdi"),
        "questionnaire": fhir_codes.questionnaire_url(),
        "status": "completed",
        "subject": {"reference": bundle.subject},
        "authored": day,
        **({"author": author[0]} if author else {}),
        "item": [{"linkId": name, "text": str(label), "answer": [{"valueInteger": n}]} for (name, label), n in answers],
    }
    response_url = bundle.add(_urn("patient", bundle.key, day, "fdi-response"), response)
    total = _observation(bundle, checkin.date, "fdi-total", _concept("diary", "fdi-total"), "survey")
    total["valueInteger"] = checkin.total
    total["derivedFrom"] = [{"reference": response_url}]
    total["component"] = [
        {"code": _concept("fdi-activity", name, str(label)), "valueInteger": value} for (name, label), value in answers
    ]
    if author:
        total["performer"] = author
    bundle.add(_urn("patient", bundle.key, day, "fdi"), total)


def _timing(item: dict) -> dict:
    last = item["ended_on"] - datetime.timedelta(days=1) if item["ended_on"] else None
    repeat: dict = {"boundsPeriod": {"start": item["starts_on"].isoformat()}}
    if last:
        repeat["boundsPeriod"]["end"] = last.isoformat()
    if item["weekdays"]:
        repeat["dayOfWeek"] = [WEEKDAYS[day - 1] for day in item["weekdays"]]
    else:
        repeat.update({"frequency": item["days_per_week"], "period": 1, "periodUnit": "wk"})
    return {"repeat": repeat}


def _activity(item: dict, today: datetime.date) -> dict:
    ended = item["ended_on"] is not None and item["ended_on"] <= today
    status = "completed" if ended else ("not-started" if item["starts_on"] > today else "in-progress")
    steps = "; ".join(f"from {step['from'].isoformat()}: {step['dose']}" for step in item["doses"] if step["dose"])
    description = " ".join(part for part in (item["instructions"], f"Doses {steps}." if steps else "") if part)
    detail = {
        "code": _concept("plan-kind", item["kind"]),
        "status": status,
        "description": f"{item['title']}. {description}".strip(),
        "scheduledTiming": _timing(item),
    }
    dose = next((step["dose"] for step in reversed(item["doses"]) if step["dose"]), None)
    if dose and item["unit"]:
        quantity = {"value": dose, "unit": item["unit"]}
        if item["unit"] == "minutes":
            quantity.update({"system": UCUM, "code": "min"})
        detail["dailyAmount"] = quantity
    return {"detail": detail}


def _care_plan(bundle: _Bundle, items: Sequence[PlanItem]) -> None:
    today = bundle.patient.today()
    answers = care_plan(bundle.patient, items)
    active = any(item["ended_on"] is None or item["ended_on"] > today for item in answers)
    authors = [item["created_by"]["display_name"] for item in answers if item["created_by"]]
    resource = {
        "resourceType": "CarePlan",
        "identifier": [_identifier("careplan-id", f"{bundle.key}/treatment-plan")],
        "status": "active" if active else "completed",
        "intent": "plan",
        "category": [_concept("diary", "treatment-plan")],
        "title": "Treatment plan",
        "subject": {"reference": bundle.subject},
        "period": {"start": min(item["starts_on"] for item in answers).isoformat()},
        "activity": [_activity(item, today) for item in answers],
    }
    if authors:
        resource["author"] = {"display": authors[0]}
    bundle.add(_urn("patient", bundle.key, "care-plan"), resource)


def _provenance(bundle: _Bundle) -> None:
    """Stride as the source of everything in the Bundle. Put under one id per diary: a new export replaces it."""
    pid = f"stride-{bundle.key}"
    resource = {
        "resourceType": "Provenance",
        "id": pid,
        "target": [{"reference": url} for url, _resource, _request in bundle.items],
        "recorded": current_time().isoformat(timespec="seconds"),
        "agent": [
            {
                "type": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                            "code": "assembler",
                            "display": "Assembler",
                        }
                    ]
                },
                "who": {"display": "Stride"},
            }
        ],
    }
    bundle.add(_urn("provenance", bundle.key), resource, put=f"Provenance/{pid}")
