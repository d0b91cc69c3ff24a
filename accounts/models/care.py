"""The care circle: who is on a patient's care team, pending invitations, and the log of their reads."""

import datetime
import hashlib
import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy as _

from accounts.models.clinics import RECORD_NUMBER_LENGTH, Clinic
from accounts.models.people import Patient, User
from accounts.sealed import unseal

# No look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B) so a code read aloud or copied by hand still works.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
INVITATION_LIFETIME = datetime.timedelta(days=7)
NEVER_LOGGED = datetime.date(1, 1, 1)  # sorts before any real day; a null would sort last on PostgreSQL


class Share(models.TextChoices):
    CORE = "core", _("function, pain, sleep, activity, school, symptoms and check-ins")
    MOOD = "mood", _("mood")
    NOTES = "notes", _("notes that are not private")


EVERYTHING = frozenset(Share.values)


class Relation(models.TextChoices):
    SELF = "self", _("Self")
    PARENT = "parent", _("Parent or guardian")
    CLINICIAN = "clinician", _("Clinician")
    CLINIC = "clinic", _("Clinic")


INVITATION_ROLES = [("parent", _("Parent or guardian")), ("clinician", _("Clinician"))]
INVITABLE = [value for value, _ in INVITATION_ROLES]
LINKED = [*INVITABLE, Relation.CLINIC]  # what a care-team link may be: a person, or a clinic's whole team


def normalize_sees(sees):
    """`core` is always shared; the result keeps the order of Share."""
    chosen = set(sees or ()) | {Share.CORE}
    return [category for category in Share.values if category in chosen]


def normalize_code(code):
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def hash_code(code):
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shared_by(*, sees: list[str], manages: bool) -> frozenset[str]:
    """What a link's member sees: everything of a diary they manage, else the categories they were given."""
    return EVERYTHING if manages else frozenset(sees)


# A clinic's list, those who need attention first: the order of its index, and of diary.reading.dashboard's page.
CLINIC_LIST_ORDER = (F("rank_flags").desc(), F("rank_last_entry"), Lower("patient_name"), F("patient"))


class CareTeamMemberQuerySet(models.QuerySet):
    def active(self):
        """Not ended: on the care team, paused or not."""
        return self.filter(ended_at__isnull=True)

    def in_force(self):
        """On the care team and not paused: the links that give access now."""
        return self.filter(ended_at__isnull=True, paused_at__isnull=True)


class CareTeamMember(models.Model):
    """A parent or clinician who may read a patient's diary (a managing parent also writes a child's), or a clinic
    whose every active member reads what the link `sees` (docs/API.md, "Clinic teams")."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_team")
    member = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="care_links")
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.CASCADE, related_name="patient_links")
    # For a clinic: the member who accepted the code for it, and the clinic's own record number for the patient.
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    record_number = models.CharField(max_length=RECORD_NUMBER_LENGTH, blank=True, default="")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    sees = models.JSONField(default=list)
    manages = models.BooleanField(default=False, help_text="Created this child's profile and writes the diary.")
    # Whether `sees` holds mood, kept by save() from `sees`: a clinic's list sorts by flags in the database, and the
    # low-mood flag counts only where mood is shared (a list in JSON cannot be searched alike on SQLite).
    mood_shared = models.BooleanField(default=False, editable=False)
    # A clinic's list, those who need attention first, read a page at a time from one index (clinic_list_order)
    # whatever the clinic's size: the sort key is kept here by diary.reading.dashboard whenever the patient's
    # status, this link's sharing or the patient's name changes. `rank_flags` is the flags the clinic sees (null:
    # not yet worked out); a teen who never logged has NEVER_LOGGED as her last entry, so that she sorts first;
    # `patient_name` is her name as shown, sorted by its lower case, so that a page reads no patient row.
    rank_flags = models.PositiveSmallIntegerField(null=True, editable=False)
    rank_last_entry = models.DateField(default=NEVER_LOGGED, editable=False)
    patient_name = models.CharField(max_length=80, blank=True, default="", editable=False)
    since = models.DateTimeField(default=current_time)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Paused: still on the team, reading nothing (a parent's link on the teen's 18th birthday) until she resumes it.
    paused_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True)

    objects = CareTeamMemberQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                F("clinic"),
                *CLINIC_LIST_ORDER,
                condition=Q(ended_at__isnull=True, clinic__isnull=False),
                name="clinic_list_order",
            ),
            models.Index(
                fields=["clinic"],
                condition=Q(ended_at__isnull=True, clinic__isnull=False, rank_flags__isnull=True),
                name="clinic_links_unranked",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "member"], condition=Q(ended_at__isnull=True), name="one_active_link_per_member"
            ),
            models.UniqueConstraint(
                fields=["patient", "clinic"], condition=Q(ended_at__isnull=True), name="one_active_link_per_clinic"
            ),
            models.CheckConstraint(condition=Q(relation__in=LINKED), name="care_relation_known"),
            # A link is a person (a parent or a clinician) or a clinic, never both and never neither.
            models.CheckConstraint(
                condition=Q(member__isnull=False, clinic__isnull=True, relation__in=INVITABLE)
                | Q(member__isnull=True, clinic__isnull=False, relation=Relation.CLINIC),
                name="care_link_person_or_clinic",
            ),
            models.CheckConstraint(condition=Q(manages=False) | Q(relation="parent"), name="only_parents_manage"),
            # Whoever keeps the diary is never shut out of it.
            models.CheckConstraint(condition=Q(manages=False) | Q(paused_at__isnull=True), name="keeper_never_paused"),
        ]

    def __str__(self):
        return f"{self.member or self.clinic} ({self.relation}) for {self.patient}"

    def save(self, *args, update_fields=None, **kwargs):
        self.mood_shared = Share.MOOD in self.shared
        if update_fields is not None and "sees" in update_fields:
            update_fields = {*update_fields, "mood_shared"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def paused(self):
        return self.paused_at is not None

    @property
    def shared(self):
        return shared_by(sees=self.sees, manages=self.manages)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Not used and not expired, newest first."""
        return self.filter(used_at__isnull=True, expires_at__gt=current_time()).order_by("-created_at")


class Invitation(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=INVITATION_ROLES)
    sees = models.JSONField(default=list)
    code_hash = models.CharField(max_length=64, unique=True)
    # The code itself, encrypted (accounts/sealed.py), so the diary's owner can see it again while it works; the
    # hash above is what a code is looked up by. Cleared once the code is used or has expired.
    code_sealed = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=current_time)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=INVITABLE), name="invitation_role_known"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(code_sealed=""), name="invitation_used_code_forgotten"
            ),
        ]

    def __str__(self):
        return f"invitation for a {self.role} to {self.patient}"

    def shown_code(self) -> str | None:
        """The code while it still works (not used, not expired), for the diary's owner; else None."""
        if self.used_at is not None or self.expires_at <= current_time():
            return None
        return unseal(self.code_sealed)


class Reading(models.TextChoices):
    """What a care-team member read, as the access log records it, with the plain words the teen's page shows.

    ENTRY and CHECKIN name one day's record and are stored with the day: `Reading.ENTRY.on(day)`.
    """

    LIST = "list", _("the Patients list")
    PROFILE = "profile", _("Profile")
    ENTRIES = "entries", _("Days")
    ENTRY = "entry", _("the day")
    CHECKINS = "function check-ins", _("Check-ins")
    CHECKIN = "function check-in", _("the check-in of")
    TRENDS = "trends", _("Trends")
    SUMMARY = "summary", _("Summary")
    SUMMARY_PDF = "summary PDF", _("the summary (PDF)")
    GOALS = "goals", _("Goals")
    CSV = "CSV export", _("the diary (CSV)")
    FHIR = "FHIR export", _("the diary (FHIR, for health records)")
    OUTCOMES = "outcomes", _("Clinic outcomes (counted with other patients, without names)")
    PLAN = "plan", _("the treatment plan")

    def on(self, day: datetime.date) -> str:
        return f"{self.value} {day.isoformat()}"


class AccessLogEntry(models.Model):
    """Reads or exports of a diary by someone other than its owner, one row per visit. Never holds health values.

    A visit is the reads of one person, of one diary, of one action (exports are never merged into reads), each
    within `accounts.access_log.WINDOW` of the one before and `MAX_VISIT` of the first: `count` reads from `first_at`
    to `at` (the latest, the log's order), of the things in `details` (Reading codes, in the order first read).
    `detail` is those codes on one line ("trends, entries", ending "and 3 more" where they would not fit), so that a
    client that knows only docs/API.md's fields still sees everything the visit read rather than its latest read
    alone. Rows are written by `accounts.access_log.record_reads` alone.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        EXPORT = "export", _("Export")
        CHANGE = "change", _("Change")  # a change to the treatment plan: the one thing someone else writes

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="access_log")
    # Found through the index of (actor, first_at) below: one of its own would be one more to write.
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    # Kept as written at the time, so the log still says who it was after they delete their account.
    actor_name = models.CharField(max_length=80)
    actor_role = models.CharField(max_length=10)
    # The clinic the reader read through, where the teen shared with a clinic (named as it was then).
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    clinic_name = models.CharField(max_length=80, blank=True, default="")
    action = models.CharField(max_length=10, choices=Action.choices)
    detail = models.CharField(max_length=120)
    details = models.JSONField(default=list)
    # Declared before `at` so that, both left to their defaults, first_at is never the later of the two.
    first_at = models.DateTimeField(default=current_time, db_index=True)
    # In no index: each read moves `at` and `count` of a visit (Clinic outcomes: a thousand visits at once), and on
    # PostgreSQL a row whose indexed columns stay as they were is rewritten in place on its page (a HOT update, with
    # room kept on each page: migration 0014), without a new entry in each of its indexes: 12 ms to 2 ms for 1,000.
    at = models.DateTimeField(default=current_time)
    count = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "access log entries"
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="access_log_count_positive"),
            models.CheckConstraint(condition=Q(first_at__lte=F("at")), name="access_log_first_at_not_after_at"),
        ]
        # record_reads looks up the caller's visits begun in the last MAX_VISIT on every read by a care-team member.
        indexes = [models.Index(fields=["actor", "first_at"], name="access_log_actor_first_at")]

    def __str__(self):
        return f"{self.actor_name} {self.action} {self.detail} ({self.count})"
