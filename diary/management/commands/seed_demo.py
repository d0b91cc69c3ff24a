import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from accounts import clinics, sharing
from accounts.access import patient_access
from accounts.demo import replace_demo_account
from accounts.mfa import set_up_app_without_code
from accounts.models import CareTeamMember, Clinic, Role
from diary.demo import (
    DEMO_GOALS,
    DEMO_PLAN,
    PHYSIO,
    demo_checkins,
    demo_course,
    physio_done,
    plan_ticks,
    quiet_checkins,
    quiet_course,
    struggling_checkins,
    struggling_course,
)
from diary.models import Goal, PlanItem, PlanTerms
from diary.recording.services import create_goal, save_checkin, save_entry
from diary.rules import plan

DEMO_CLINIC = "Riverside Pain Team"


class Command(BaseCommand):
    help = "Creates demo accounts with a realistic diary and prints their sign-in details (new passwords each run)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=84, help="How many days of diary to create (default 84).")
        parser.add_argument("--every-day", action="store_true", help="Log every day (no forgotten days).")

    @transaction.atomic
    def handle(self, *args, days, every_day, **options):
        if not 14 <= days <= 3 * 366:
            raise CommandError("--days must be between 14 and 1098.")
        teen, teen_password = replace_demo_account(
            name="Maya",
            role=Role.TEEN,
            birth_date=datetime.date.today() - datetime.timedelta(days=round(14.5 * 365.25)),
        )
        access = patient_access(teen, teen.own_patient.pk)
        course = demo_course(access.patient.today(), days=days, skip_rate=0 if every_day else 0.1)
        access.patient.treatment_start = course[0]["date"]
        access.patient.save(update_fields=["treatment_start"])
        goals = {
            title: create_goal(access, title=title, measure=measure, target=target, actor=teen)
            for title, measure, target in DEMO_GOALS
        }
        # Set on the course's first morning, so Trends counts their weeks from the start.
        first_morning = datetime.datetime.combine(
            course[0]["date"], datetime.time(8), ZoneInfo(access.patient.timezone)
        )
        Goal.objects.filter(pk__in=[goal.pk for goal in goals.values()]).update(created_at=first_morning)
        clinician, clinician_password = replace_demo_account(name="DrLee", role=Role.CLINICIAN)
        first_day = course[0]["date"]
        items = _seed_plan(access.patient, first_day, clinician, first_morning)
        for entry in course:
            entry["goals_done"] = [goals[PHYSIO].pk] if physio_done(entry) else []
            index = (entry["date"] - first_day).days
            entry["plan_done"] = plan_ticks(entry, index, items, days=days)
            save_entry(access, entry.pop("date"), entry, actor=teen)
        checkins = demo_checkins(access.patient.today(), days=days)
        for day, answers in checkins:
            save_checkin(access, day, answers, actor=teen)

        parent, parent_password = replace_demo_account(name="Dana", role=Role.PARENT)
        clinician.display_name = "Dr Lee"
        clinician.save(update_fields=["display_name"])
        # Clinicians sign in with an authenticator app too (required unless STRIDE_CLINICIAN_MFA=optional).
        clinician_secret, clinician_codes = set_up_app_without_code(user=clinician)
        CareTeamMember.objects.create(patient=access.patient, member=parent, relation="parent", sees=["core", "mood"])
        CareTeamMember.objects.create(
            patient=access.patient, member=clinician, relation="clinician", sees=["core", "mood", "notes"]
        )

        # Dr Lee's clinic team, which Jordan and Priya share with (each member reads what the clinic was given); the
        # clinic of an earlier run lost its people with their accounts, and goes with its links.
        Clinic.objects.filter(name=DEMO_CLINIC).annotate(people=Count("members")).filter(people=0).delete()
        team = clinics.create_clinic(user=clinician, name=DEMO_CLINIC)

        # Two more of Dr Lee's patients, so the clinic dashboard has someone to flag and Clinic outcomes has a
        # clinic: Jordan stopped logging, Priya's function is falling. Both do the weekly check-in too.
        others = []
        for name, course_of, checkins_of, record_number in (
            ("Jordan", quiet_course, quiet_checkins, "MRN-2207"),
            ("Priya", struggling_course, struggling_checkins, "MRN-1042"),
        ):
            other, other_password = replace_demo_account(
                name=name,
                role=Role.TEEN,
                birth_date=datetime.date.today() - datetime.timedelta(days=round(15.2 * 365.25)),
            )
            other_access = patient_access(other, other.own_patient.pk)
            for entry in course_of(other_access.patient.today()):
                save_entry(other_access, entry.pop("date"), entry, actor=other)
            for day, answers in checkins_of(other_access.patient.today()):
                save_checkin(other_access, day, answers, actor=other)
            _, code = sharing.create_invitation(other_access, other, role="clinician", sees=["core", "mood"])
            sharing.accept_invitation(clinician, code, clinic_id=team.clinic_id)
            clinics.set_record_number(member=team, patient_id=other_access.patient.pk, record_number=record_number)
            others.append(("teen", other, other_password))

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo diary ready: {len(course)} entries and {len(checkins)} weekly check-ins over {days} days."
            )
        )
        self.stdout.write("Sign in at http://127.0.0.1:8000/login/ with:")
        for role, user, password in (
            ("teen", teen, teen_password),
            ("parent", parent, parent_password),
            ("clinician", clinician, clinician_password),
            *others,
        ):
            self.stdout.write(f"  {role:<10} {user.email:<32} {password}")
        self.stdout.write(
            "Dr Lee's sign-in also asks for a code. Add this key to an authenticator app (time-based, 6 digits): "
            f"{clinician_secret}"
        )
        self.stdout.write(f"Or use one of Dr Lee's recovery codes, each once: {', '.join(clinician_codes)}")
        self.stdout.write("These passwords, the key and the codes are new each time seed_demo runs.")


def _seed_plan(patient, first_day, clinician, written_at):
    """Maya's treatment plan (diary.demo.DEMO_PLAN) as Dr Lee wrote it on the course's first morning, with its later
    terms (school's full days) in force from the day they began: {title: item id}."""
    items = {}
    for written in DEMO_PLAN:
        starts_on = first_day + datetime.timedelta(days=written["start"])
        item = PlanItem(
            patient=patient,
            kind=written["kind"],
            title=written["title"],
            instructions=written["instructions"],
            starts_on=starts_on,
            created_by=clinician,
            created_at=written_at,
            updated_by=clinician,
            updated_at=written_at,
        )
        item.full_clean()
        item.save()
        terms = dict(written["terms"])
        for valid_from, changes in ((starts_on, {}), *written.get("later", ())):
            if isinstance(valid_from, int):
                valid_from = first_day + datetime.timedelta(days=valid_from)
            terms.update(changes)
            values = {**terms, "weekdays": plan.weekdays_to_mask(terms["weekdays"]) if "weekdays" in terms else None}
            row = PlanTerms(item=item, valid_from=valid_from, kind=item.kind, **values)
            row.full_clean()
            row.save()
        items[item.title] = item.pk
    return items
