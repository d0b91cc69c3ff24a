"""Every page of Stride, per person, as (path, ready) pairs: the accessibility test and the no-sideways-scroll test
visit the same lists, so a new page added here is checked by both.

`ready(page)` waits until the page's script has filled it in. Each waits on the page's structure (a loading line
hidden, a list filled), never on its words, so it works in either language.
"""

import datetime
import io

from django.core.management import call_command
from django.utils.timezone import now
from playwright.sync_api import expect

from accounts.links import confirm_email_path, password_reset_path
from accounts.models import INVITATION_LIFETIME, Invitation
from accounts.models.care import hash_code, new_code

SIGNED_OUT = ("/", "/help/", "/privacy/", "/signup/", "/login/", "/offline/", "/forgot-password/", "/join/")


def seed_demo():
    """The demo diaries, and the first demo person of each role as (email, password)."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    logins = {}
    for line in out.getvalue().splitlines():
        if line.startswith("  "):
            role, email, password = line.split()
            logins.setdefault(role, (email, password))
    return logins


def loaded(selector):
    return lambda page: expect(page.locator(selector)).to_be_hidden()


def trends_drawn(page):
    expect(page.locator("#function-pain-summary")).not_to_be_empty()


def day_loaded(page):
    expect(page.locator("#save-status")).not_to_be_empty()


def summary_shown(page):
    expect(page.locator("#summary")).to_be_visible()


def expired_card_shown(page):
    expect(page.locator("#invitation-list .expired")).to_be_visible()


def outcomes_drawn(page):
    expect(page.locator("#status-rows tr")).not_to_have_count(0)


def expired_code(patient, role="clinician", sees=("core", "mood")):
    """A code that ran out yesterday, for the Sharing page's "expired" card."""
    yesterday = now() - datetime.timedelta(days=1)
    return Invitation.objects.create(
        patient=patient,
        created_by=patient.account or patient.care_team.get(manages=True).member,
        role=role,
        sees=list(sees),
        code_hash=hash_code(new_code()),
        created_at=yesterday - INVITATION_LIFETIME,
        expires_at=yesterday,
    )


def signed_out_pages():
    return [(path, None) for path in (*SIGNED_OUT, "/no-such-page/")]


def link_pages(user):
    """The pages behind emailed links, working and not (signed out)."""
    return [
        (password_reset_path(user), None),
        ("/reset/MQ/not-a-token/", None),
        (confirm_email_path(user), None),
        ("/confirm-email/not-a-token/", None),
    ]


def diary_pages(patient, prefix=""):
    """Every page of one diary a writer sees: the teen's own (prefix "") or a kept child's ("/patients/<id>")."""
    yesterday = patient.today() - datetime.timedelta(days=1)
    return [
        (f"{prefix}/today/", day_loaded),
        (f"{prefix}/entries/{yesterday.isoformat()}/", day_loaded),
        (f"{prefix}/" if prefix else "/history/", loaded("#history-loading")),
        (f"{prefix}/trends/", trends_drawn),
        (f"{prefix}/checkin/", None),
        (f"{prefix}/goals/", loaded("#goals-loading")),
        (f"{prefix}/plan/", loaded("#plan-loading")),
        (f"{prefix}/care-team/", expired_card_shown),
        (f"{prefix}/access-log/", None),
        (f"{prefix}/summary/", summary_shown),
    ]


def teen_pages(patient):
    """A teen's pages; `patient` has an expired code (expired_code) for the Sharing page's card."""
    others = ("/settings/", "/settings/two-step/", "/help/", "/privacy/", "/join/")
    return [*diary_pages(patient), *((path, None) for path in others)]


def reader_pages(patient):
    """A parent's or clinician's pages of a diary shared with them, read-only."""
    prefix = f"/patients/{patient.pk}"
    return [
        (f"{prefix}/", loaded("#history-loading")),
        (f"{prefix}/trends/", trends_drawn),
        (f"{prefix}/summary/", summary_shown),
        (f"{prefix}/plan/", loaded("#plan-loading")),
    ]


def parent_pages(shared, child):
    """A parent on `shared`'s care team who keeps `child`'s diary (with an expired code)."""
    return [
        ("/patients/", loaded("#patients-loading")),
        ("/patients/new/", None),
        *reader_pages(shared),
        *diary_pages(child, f"/patients/{child.pk}"),
        ("/settings/", None),
        ("/join/", None),
    ]


def clinician_pages(*patients):
    pages = [("/patients/", loaded("#patients-loading")), ("/outcomes/", outcomes_drawn)]
    for patient in patients:
        pages += reader_pages(patient)
    return [*pages, ("/settings/", None), ("/settings/two-step/", None), ("/join/", None)]
