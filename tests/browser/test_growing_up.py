"""Growing up with Stride in a real browser at 360 px, in English and Spanish: a parent gives a child of 13 her
diary (the parent's page before and after, the child's page behind the emailed link), the Sharing page 30 days
before 18 and with a paused parent, the add-child form's terms and the privacy page's periods. Each page is
axe-clean in both palettes with 44 px targets; screenshots go to test-artifacts/.
"""

import datetime

import pytest
from django.utils.timezone import now
from playwright.sync_api import expect

from accounts import terms
from accounts.birthdays import birthday_in
from accounts.models import CareTeamMember, Patient, Role
from tests.browser.helpers import js_errors, sign_in
from tests.browser.test_accessibility import check, check_as_it_is
from tests.factories import EntryFactory, PatientFactory, UserFactory
from tests.mailbox import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "es"]
WORDS = {
    "en": {
        "card": "Samira is 13 or older, so the diary can become their own.",
        "give": "Give Samira the diary",
        "who": "Who will see what",
        "email": "Samira's email address",
        "send": "Send Samira the link",
        "sent": "We've sent a link to samira@example.com.",
        "child_title": "Your diary, Samira",
        "password": "Choose a password",
        "take": "Make the diary mine",
        "since": "Sam's own diary since",
        "changed": "What changed for you",
        "after": "Sam's diary is theirs now",
        "notice": "You turn 18 on",
        "pausing": "Pausing then: Dana.",
        "paused": "You're 18 now, so your parents' access is paused.",
        "resume": "Let Dana see the diary again",
        "resumed": "Dana sees function, pain, sleep, activity, school, symptoms and check-ins, mood again.",
        "terms": "The terms for a child's diary",
        "kept": "How long Stride keeps the rest",
    },
    "es": {
        "card": "Samira tiene 13 años o más, así que el diario puede ser suyo.",
        "give": "Darle el diario a Samira",
        "who": "Quién verá qué",
        "email": "Correo de Samira",
        "send": "Enviar el enlace a Samira",
        "sent": "Enviamos un enlace a samira@example.com.",
        "child_title": "Tu diario, Samira",
        "password": "Elige una contraseña",
        "take": "Hacer mío el diario",
        "since": "Diario propio de Sam desde el",
        "changed": "Qué cambió para ti",
        "after": "El diario de Sam ya es suyo",
        "notice": "Cumples 18 el",
        "pausing": "Quedará en pausa: Dana.",
        "paused": "Ya tienes 18, así que lo que ven tu madre o tu padre está en pausa.",
        "resume": "Dejar que Dana vuelva a ver el diario",
        "resumed": "Dana vuelve a ver función, dolor, sueño, actividad, escuela, síntomas y controles semanales, "
        "estado de ánimo.",
        "terms": "Las condiciones para el diario de un niño o niña",
        "kept": "Cuánto tiempo guarda Stride lo demás",
    },
}
LOCALES = {"en": "en-US", "es": "es-ES"}


@pytest.fixture(autouse=True)
def links_to_the_live_server(settings, live_server):
    settings.STRIDE_SITE_URL = live_server.url


@pytest.fixture
def child_page(browser, browser_context_args, request):
    """A second phone, signed out: the child's, in her language (the browser's)."""
    contexts = []

    def open_in(language):
        context = browser.new_context(**{**browser_context_args, "locale": LOCALES[language]})
        contexts.append(context)
        return context.new_page()

    yield open_in
    for context in contexts:
        context.close()


def born_years_ago(years, *, days_later=0):
    """A birth date that makes someone `years` old `days_later` days from today (UTC)."""
    day = now().date() + datetime.timedelta(days=days_later)
    return birthday_in(day, day.year - years)


def kept_child(parent, *, name="Samira", born):
    child = Patient.objects.create(
        display_name=name,
        birth_date=born,
        timezone="UTC",
        consent_given_at=now(),
        consent_terms_version=terms.CHILD_PROFILE_TERMS_VERSION,
        consent_given_by=parent,
    )
    CareTeamMember.objects.create(patient=child, member=parent, relation="parent", sees=["core"], manages=True)
    for back in range(3):
        EntryFactory(patient=child, date=child.today() - datetime.timedelta(days=back), entered_by=parent)
    return child


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_parent_gives_a_child_of_13_the_diary(page, child_page, live_server, mailbox, screenshot, language):
    words = WORDS[language]
    dana = UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT, language=language)
    samira = kept_child(dana, born=datetime.date(now().year - 14, 1, 10))
    errors = js_errors(page)

    sign_in(page, live_server, dana.email)
    page.goto(f"{live_server.url}/patients/")
    card = page.locator("#patient-list li", has_text="Samira")
    expect(card).to_contain_text(words["card"])
    card.get_by_role("link", name=words["give"]).click()
    expect(page.get_by_role("heading", name=words["who"])).to_be_visible()
    check_as_it_is(page, live_server, f"handover, the parent's page ({language})")
    page.emulate_media(color_scheme="light")
    screenshot(page, f"handover-parent-before-360-{language}")

    page.get_by_label(words["email"]).fill("samira@example.com")
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator("#handover-sent")).to_contain_text(words["sent"])

    child = child_page(language)
    child_errors = js_errors(child)
    child.goto(link_in(mailbox.wait_for("samira@example.com")[0], "/handover/"))
    expect(child.get_by_role("heading", name=words["child_title"])).to_be_visible()
    check_as_it_is(child, live_server, f"handover, the child's page ({language})")
    child.emulate_media(color_scheme="light")
    screenshot(child, f"handover-child-360-{language}")
    child.locator("#display_name").fill("Sam")
    child.get_by_label(words["password"]).fill("my own long sentence")
    child.get_by_role("button", name=words["take"]).click()
    child.wait_for_url(f"{live_server.url}/today/")
    assert Patient.objects.get(pk=samira.pk).account.email == "samira@example.com"

    page.goto(f"{live_server.url}/patients/")
    card = page.locator("#patient-list li", has_text="Sam")
    expect(card).to_contain_text(words["since"])
    card.get_by_role("link", name=words["changed"]).click()
    expect(page.get_by_role("heading", name=words["after"])).to_be_visible()
    check_as_it_is(page, live_server, f"handover, the parent's page after ({language})")
    page.emulate_media(color_scheme="light")
    screenshot(page, f"handover-parent-after-360-{language}")
    assert not errors and not child_errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sharing_page_before_18_and_with_a_paused_parent(page, live_server, screenshot, language):
    words = WORDS[language]
    maya = PatientFactory(
        account__email="maya@example.com",
        account__display_name="Maya",
        account__language=language,
        birth_date=born_years_ago(18, days_later=20),
    )
    dana = UserFactory(display_name="Dana", role=Role.PARENT)
    link = CareTeamMember.objects.create(patient=maya, member=dana, relation="parent", sees=["core", "mood"])
    lee = UserFactory(display_name="Dr Lee", role=Role.CLINICIAN)
    CareTeamMember.objects.create(patient=maya, member=lee, relation="clinician", sees=["core"])
    errors = js_errors(page)

    sign_in(page, live_server, "maya@example.com")
    check(page, live_server, "/care-team/", lambda p: expect(p.locator("#member-list li")).to_have_count(2))
    expect(page.locator("#adult-notice")).to_contain_text(words["notice"])
    expect(page.locator("#adult-notice")).to_contain_text(words["pausing"])
    page.emulate_media(color_scheme="light")
    screenshot(page, f"sharing-18-notice-360-{language}")

    Patient.objects.filter(pk=maya.pk).update(birth_date=born_years_ago(18, days_later=-1))
    CareTeamMember.objects.filter(pk=link.pk).update(paused_at=now())
    check(page, live_server, "/care-team/", lambda p: expect(p.locator("#paused-notice")).to_be_visible())
    expect(page.locator("#adult-notice")).to_have_count(0)
    expect(page.locator("#paused-notice")).to_contain_text(words["paused"])
    page.emulate_media(color_scheme="light")
    screenshot(page, f"sharing-paused-360-{language}")

    page.get_by_role("button", name=words["resume"]).click()
    expect(page.locator("#member-status")).to_have_text(words["resumed"])
    expect(page.locator("#paused-notice")).to_be_hidden()
    link.refresh_from_db()
    assert (link.paused_at, link.resumed_at is not None) == (None, True)
    assert not errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_add_child_terms_and_the_privacy_page(page, live_server, screenshot, language):
    words = WORDS[language]
    UserFactory(email="dana@example.com", role=Role.PARENT, language=language)
    sign_in(page, live_server, "dana@example.com")
    check(page, live_server, "/privacy/")
    expect(page.get_by_role("heading", name=words["kept"])).to_be_visible()
    page.emulate_media(color_scheme="light")
    screenshot(page, f"privacy-360-{language}")
    check(page, live_server, "/patients/new/")
    expect(page.locator("legend", has_text=words["terms"])).to_be_visible()
    page.emulate_media(color_scheme="light")
    screenshot(page, f"add-child-terms-360-{language}")


def test_a_keeping_parents_sharing_page_links_to_the_handover(page, live_server):
    dana = UserFactory(email="dana@example.com", display_name="Dana", role=Role.PARENT)
    ben = kept_child(dana, name="Ben", born=datetime.date(now().year - 10, 6, 1))
    sign_in(page, live_server, dana.email)
    check(
        page,
        live_server,
        f"/patients/{ben.pk}/care-team/",
        lambda p: expect(p.locator("#member-list li")).to_have_count(1),
    )
    page.get_by_role("link", name="How giving Ben the diary works").click()
    expect(page.locator("main")).to_contain_text("You can give Ben the diary from their 13th birthday")
    check_as_it_is(page, live_server, "handover, a child under 13")
    check(page, live_server, "/handover/not-a-token/")
    expect(page.get_by_role("heading", name="This link doesn't work any more")).to_be_visible()
