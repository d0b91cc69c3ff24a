"""The Summary printed on one page (GET /api/v1/patients/<id>/summary.pdf): read back with poppler's pdfinfo and
pdftotext, as a person's PDF reader would, never from ReportLab's own objects."""

import datetime
import io
import math
import re
import subprocess

import pytest
from django.core.management import call_command

from accounts.models import AccessLogEntry, CareTeamMember, Patient, User
from diary.models import DailyEntry, PlanItem, PlanTerms
from diary.reading.summary_pdf import printable
from diary.rules.figures import one_decimal
from tests.conftest import client_for
from tests.factories import EntryFactory, PlanItemFactory
from tests.personas import CLINIC_PERSONAS, PERSONAS, Circle
from tests.tools import program

pytestmark = pytest.mark.django_db
# A Wednesday afternoon in UTC, the same day in Chicago (the demo's zone) and in Europe.
NOW = datetime.datetime(2026, 11, 18, 15, 0, tzinfo=datetime.UTC)
POINTS = {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def demo(pinned):
    """The demo's Maya (84 days, a plan, goals) read by Dr Lee, who sees her notes; plus one private note and one
    shared note with an emoji in the period."""
    call_command("seed_demo", stdout=io.StringIO())
    maya = Patient.objects.get(account__email="maya@demo.example.com")
    lee = User.objects.get(email="drlee@demo.example.com")
    today = maya.today()
    DailyEntry.objects.filter(patient=maya, date=today - datetime.timedelta(days=3)).update(
        note="Secret crush on Alex", note_private=True
    )
    DailyEntry.objects.filter(patient=maya, date=today - datetime.timedelta(days=1)).update(
        note="Swam 20 lengths 🏊‍♀️ with Zoë, knee sore after", note_private=False
    )
    return maya, lee


def pdf_of(client, patient, query=""):
    response = client.get(f"/api/v1/patients/{patient.pk}/summary.pdf{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response


def info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run([program("pdfinfo"), "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", out, re.MULTILINE))


def text(pdf: bytes) -> str:
    """The page's text, row by row as laid out, with every run of spaces and line ends as one space."""
    out = subprocess.run([program("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def test_the_demo_on_one_a4_page_with_the_summary_s_own_figures(demo):
    maya, lee = demo
    client = client_for(lee)
    response = pdf_of(client, maya)
    summary = client.get(f"/api/v1/patients/{maya.pk}/summary/").json()
    about = info(response.content)
    assert about["Pages"] == "1"
    assert about["Page size"].startswith("595.276 x 841.89")
    assert about["Title"] == "Maya: Stride summary"
    words = text(response.content)
    assert "Maya: Stride summary" in words
    born = datetime.date.fromisoformat(summary["patient"]["birth_date"])
    assert f"Born {born:%B} {born.day}, {born.year}, age 14" in words
    assert "Period: August 27, 2026 to November 18, 2026" in words  # since the treatment start
    assert summary["from"] == "2026-08-27"
    # The figures are the JSON summary's, written as the Summary page writes them (one decimal, halves up).
    function = {name: one_decimal(value) for name, value in summary["function"].items()}
    assert f"Function (higher is better) {function['baseline']} {function['recent']} +{function['change']}" in words
    adherence = math.floor(summary["plan"]["adherence"] * 100 + 0.5)
    assert f"Done over the period: {adherence}% of what the plan asked." in words
    assert all(item["title"] in words for item in summary["plan"]["items"])
    assert "No attention flags on November 18, 2026." in words
    # The shared note, its emoji left out (Helvetica has none) and its other letters kept; never the private one.
    assert "Swam 20 lengths with Zoë, knee sore after" in words
    assert "Secret crush" not in words
    assert "Printed by Dr Lee (clinician) on November 18, 2026." in words
    assert response["Content-Disposition"] == 'attachment; filename="stride-maya-2026-11-18.summary.pdf"'
    log = AccessLogEntry.objects.get(patient=maya, actor=lee, action=AccessLogEntry.Action.EXPORT)
    assert log.details == ["summary PDF"]


def test_the_chart_is_drawn_as_lines_not_a_picture(demo):
    maya, lee = demo
    pdf = pdf_of(client_for(lee), maya).content
    images = subprocess.run([program("pdfimages"), "-list", "-"], input=pdf, capture_output=True, check=True)
    assert len(images.stdout.decode().splitlines()) == 2  # the header lines alone: no image on the page


def test_letter_paper_and_a_period(demo):
    maya, lee = demo
    response = pdf_of(client_for(lee), maya, "?paper=letter&from=2026-10-01&to=2026-10-31")
    about = info(response.content)
    assert about["Pages"] == "1" and about["Page size"].startswith("612 x 792")
    assert "Period: October 1, 2026 to October 31, 2026" in text(response.content)


def test_in_spanish_for_a_spanish_reader(demo):
    maya, lee = demo
    lee.language = "es"
    lee.save(update_fields=["language"])
    response = pdf_of(client_for(lee), maya)
    words = text(response.content)
    assert info(response.content)["Pages"] == "1"
    assert "Maya: resumen de Stride" in words
    assert "Período: del 27 de agosto de 2026 al 18 de noviembre de 2026" in words
    assert "Función (más alto es mejor)" in words  # accents drawn by the standard font
    assert "Plan de tratamiento" in words
    assert "Swam 20 lengths with Zoë" in words  # a note stays in the words it was written in


def test_the_flags_as_the_summary_says_them(pinned):
    circle = Circle()  # one entry, on 2 March: nothing logged since
    client = client_for(circle.linked_clinician)
    summary = client.get(f"/api/v1/patients/{circle.patient.pk}/summary/?to=2026-03-20").json()
    messages = [flag["message"] for flag in summary["flags"]]
    assert messages[0] == "No entry for 18 days" and len(messages) == 2  # and the plan's weeks
    words = text(pdf_of(client, circle.patient, "?to=2026-03-20").content)
    assert f"Needs attention {messages[0]} {messages[1]}" in words
    assert "Talked to Sam" not in words  # a clinician given core only reads no notes


def test_the_record_number_of_the_reader_s_clinic(pinned):
    circle = Circle(clinic=True)
    member = client_for(circle.clinic_member)
    url = f"/api/v1/clinics/{circle.clinic.pk}/patients/{circle.patient.pk}/"
    assert member.patch(url, {"record_number": "MRN-0042"}, format="json").status_code == 200
    assert "Record number MRN-0042" in text(pdf_of(member, circle.patient).content)
    assert "MRN-0042" not in text(pdf_of(client_for(circle.linked_clinician), circle.patient).content)


def test_whoever_may_not_read_the_summary_gets_the_same_answer_for_its_pdf(pinned):
    circle = Circle(clinic=True)
    for persona in [*PERSONAS, *CLINIC_PERSONAS]:
        client = client_for(circle.person(persona))
        summary = client.get(f"/api/v1/patients/{circle.patient.pk}/summary/")
        pdf = client.get(f"/api/v1/patients/{circle.patient.pk}/summary.pdf")
        assert pdf.status_code == summary.status_code, persona
        if summary.status_code != 200:
            assert pdf["Content-Type"] == "application/json" and pdf.json() == summary.json(), persona


def test_a_bad_paper_or_period_is_a_clear_400(pinned):
    circle = Circle()
    client = client_for(circle.teen)
    url = f"/api/v1/patients/{circle.patient.pk}/summary.pdf"
    for query in ("?paper=A5", "?paper=legal", "?paper=A4"):
        response = client.get(url + query)
        assert response.status_code == 400 and response.json() == {"paper": ["Choose a4 or letter."]}, query
    response = client.get(url + "?from=2026-03-10&to=2026-03-01")
    assert response.status_code == 400 and "on or before" in response.json()["from"][0]
    assert info(pdf_of(client, circle.patient, "?paper=a4").content)["Page size"].startswith("595.276")


def test_three_years_with_a_long_note_every_day_and_many_plan_items_still_fit_one_page(pinned):
    circle = Circle()
    patient = circle.patient
    first = datetime.date(2023, 11, 19)
    patient.treatment_start = first
    patient.display_name = "María-José Wolfeschlegelsteinhausenbergerdorff Ramírez de la Santísima Concepción"[:80]
    patient.save(update_fields=["treatment_start", "display_name"])
    DailyEntry.objects.filter(patient=patient).delete()
    long_note = "A long day at school and then physio, written out in full. " * 33  # 1,980 characters
    DailyEntry.objects.bulk_create(
        EntryFactory.build(
            patient=patient,
            date=first + datetime.timedelta(days=i),
            function=3 + i % 5,
            pain=7 - i % 4,
            note=f"Day {i}: {long_note}"[:2000],
            note_private=i % 2 == 1,
        )
        for i in range(3 * 365)
    )
    for i in range(12):
        PlanItemFactory(
            patient=patient, title=f"Exercise number {i} with a rather long title to print", starts_on=first
        )
    assert PlanItem.objects.filter(patient=patient).count() == 13 and PlanTerms.objects.count() >= 13
    response = pdf_of(client_for(circle.teen), patient)
    assert info(response.content)["Pages"] == "1"
    words = text(response.content)
    assert "Period: November 19, 2023 to November 18, 2026" in words
    assert "Day 1094: A long day" in words  # the newest shared note (1094 is even)
    assert "Day 1093" not in words  # private
    assert re.search(r"and \d+ more notes", words)
    assert re.search(r"and \d+ more items", words)


def test_printable_keeps_spanish_and_leaves_out_what_the_font_cannot_draw():
    assert printable("¿Año? ¡Sí! Niño, pingüino, «café»") == "¿Año? ¡Sí! Niño, pingüino, «café»"
    assert printable("Great day 🎉🎉 at the pool 🏊🏽‍♀️!") == "Great day at the pool!"
    assert printable("Sore back 😣. Better (I think 🤞)") == "Sore back. Better (I think)"
    assert (
        printable("Ça va ? Oui  , merci") == "Ça va ? Oui  , merci"
    )  # the writer's own spaces stay where nothing is left out
    assert printable("Łódź") == "?ódz"
    assert (
        printable("Sore 😣. Łódź next") == "Sore. ?ódz next"
    )  # a letter the font lacks is shown as missing, never silently dropped
    assert printable("👍") == ""


def test_only_someone_who_reads_notes_sees_them_and_the_parent_too_never_a_private_one(pinned):
    circle = Circle()
    CareTeamMember.objects.filter(pk=circle.parent_link.pk).update(sees=["core", "notes"])
    EntryFactory(patient=circle.patient, date=datetime.date(2026, 3, 3), note="My own thought", note_private=True)
    words = text(pdf_of(client_for(circle.linked_parent), circle.patient, "?to=2026-03-10").content)
    assert "Talked to Sam" in words and "My own thought" not in words
    words = text(pdf_of(client_for(circle.teen), circle.patient, "?to=2026-03-10").content)
    assert "My own thought" not in words  # not even its writer, as on the Summary


def test_the_summary_page_offers_the_pdf_with_a_choice_of_paper(client):
    circle = Circle()
    client.force_login(circle.linked_clinician)
    page = client.get(f"/patients/{circle.patient.pk}/summary/").content.decode()
    assert f'id="pdf-link" href="/api/v1/patients/{circle.patient.pk}/summary.pdf" download' in page
    assert '<option value="a4">A4</option><option value="letter">Letter</option>' in page
