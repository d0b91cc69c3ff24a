"""At 18 (docs/API.md, Growing up with Stride): 30 days before a teen's 18th birthday she is told (an email, and a
notice on her Sharing page) that her parents' access will pause; on the birthday, every parent's link made before it
pauses: the parent stays on the team, `paused`, and reads nothing (404) until she resumes them, one tap each.

Birthdays are the teen's own: her day (`Patient.today`) and the rule of `accounts.birthdays` (29 February counts on
1 March in other years). `step` does both, once each however often it runs: a notice is claimed by writing
`Patient.adult_notice_sent_at` before it is sent, a pause by writing the link's `paused_at`. A link made on or after the
birthday (she invited a parent as an adult) never pauses by itself, nor one she resumed.

Only a diary with its own account pauses: a profile a parent still keeps has nobody else to resume it (its parent is
asked to hand it over from 13, `accounts.handover`).
"""

import dataclasses
import datetime

from django.db.models import QuerySet
from django.utils.timezone import now as current_time

from accounts.birthdays import ADULT_AGE, adult_notice_due, is_adult, latest_birth_date, turns
from accounts.emails import send_account_email, site_link
from accounts.models import CareTeamMember, Patient, Relation
from accounts.timezones import today_in

# Every calendar day on Earth at one instant lies between these two zones' days.
EARLIEST_ZONE, LATEST_ZONE = "Etc/GMT+12", "Etc/GMT-14"


@dataclasses.dataclass
class Report:
    """What one run did, for the command's output and the tests."""

    notices: int = 0
    paused: int = 0

    def __str__(self):
        return f"18th-birthday notices sent: {self.notices}, parents' access paused: {self.paused}"


def step(*, now: datetime.datetime | None = None) -> Report:
    now = now or current_time()
    return Report(notices=send_adult_notices(now=now), paused=pause_parents(now=now))


def _pausable_links() -> QuerySet[CareTeamMember]:
    """Parents' links of diaries with an account that have never paused nor been resumed."""
    return CareTeamMember.objects.active().filter(
        relation=Relation.PARENT,
        manages=False,
        paused_at__isnull=True,
        resumed_at__isnull=True,
        patient__account__isnull=False,
    )


def _made_before_18(link: CareTeamMember) -> bool:
    patient = link.patient
    return today_in(patient.timezone, link.since) < turns(patient.birth_date, ADULT_AGE)


def parents_who_will_pause(patient: Patient) -> list[CareTeamMember]:
    """The parents whose access pauses on `patient`'s 18th birthday, for her Sharing page."""
    links = _pausable_links().filter(patient=patient).select_related("patient", "member").order_by("since")
    return [link for link in links if _made_before_18(link)]


def pause_parents(*, now: datetime.datetime) -> int:
    """Pauses the parents' links of every teen whose 18th birthday has come in her own zone; emails each parent."""
    born_by = latest_birth_date(today_in(LATEST_ZONE, now), ADULT_AGE)  # 18 somewhere on Earth now
    # The few links a teen made as an adult stay among these candidates and are passed over below, each run.
    links = _pausable_links().filter(patient__birth_date__lte=born_by).select_related("patient", "member")
    paused = 0
    for link in links:
        patient = link.patient
        if not is_adult(patient.birth_date, patient.today(now)) or not _made_before_18(link):
            continue
        claimed = CareTeamMember.objects.filter(pk=link.pk, paused_at__isnull=True, resumed_at__isnull=True)
        if not claimed.update(paused_at=now):
            continue  # another run paused it first, or she resumed it meanwhile
        paused += 1
        send_account_email(
            to=link.member.email,
            kind="adult_paused",
            context={"name": link.member.display_name, "child": patient.display_name},
        )
    return paused


def send_adult_notices(*, now: datetime.datetime) -> int:
    """Tells each teen, once, 30 days before her 18th birthday, when a parent's access will pause on it."""
    earliest, latest = today_in(EARLIEST_ZONE, now), today_in(LATEST_ZONE, now)
    candidates = (
        Patient.objects.filter(
            account__isnull=False,
            adult_notice_sent_at__isnull=True,
            birth_date__gt=latest_birth_date(earliest, ADULT_AGE),  # not 18 yet somewhere on Earth
            birth_date__lte=latest_birth_date(latest + datetime.timedelta(days=30), ADULT_AGE),
            care_team__in=_pausable_links(),
        )
        .select_related("account")
        .distinct()
    )
    sent = 0
    for patient in candidates:
        if not adult_notice_due(patient.birth_date, patient.today(now)) or not parents_who_will_pause(patient):
            continue
        claimed = Patient.objects.filter(pk=patient.pk, adult_notice_sent_at__isnull=True)
        if not claimed.update(adult_notice_sent_at=now):
            continue  # another run sent it first
        sent += 1
        send_account_email(
            to=patient.account.email,
            kind="adult_notice",
            context={
                "name": patient.account.display_name,
                "birthday": turns(patient.birth_date, ADULT_AGE),
                "sharing_link": site_link("/care-team/"),
            },
        )
    return sent
