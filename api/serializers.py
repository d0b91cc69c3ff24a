import datetime
import functools

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import handover, terms
from accounts.models import Language, Patient, Role, Share, User
from accounts.models.care import INVITATION_ROLES
from api.clinic_serializers import ClinicNameSerializer
from api.goal_serializers import GoalWeeksSerializer
from api.plan_serializers import PlanTickSerializer, PlanWeekSerializer, SummaryPlanSerializer
from diary import attention
from diary.models import DailyEntry, FunctionCheckin
from diary.models.checkins import ANSWER_MESSAGE
from diary.reading import ShownEntry
from diary.services import ENTRY_FIELDS
from diary.vocabularies import FDI_ACTIVITIES, FunctionBand, InsightStatus, PainLocation, School, Symptom, Therapy


class RegisterSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    display_name = serializers.CharField(max_length=80)
    role = serializers.ChoiceField(choices=Role.choices)
    birth_date = serializers.DateField(required=False, allow_null=True)
    timezone = serializers.CharField(required=False, max_length=64, default="UTC")
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The language Stride speaks to this person. Without it, the request's language (Accept-Language).",
    )


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "role"]


class CredentialsSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="With an authenticator app set up: its current 6-digit code, or an unused recovery code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    """The caller's account. `context["mfa"]` says whether an authenticator app is set up (the view looks it up)."""

    patient_id = serializers.SerializerMethodField()
    mfa = serializers.SerializerMethodField(help_text="True when an authenticator app is set up.")

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "role", "patient_id", "timezone", "email_verified", "mfa", "language"]

    def get_patient_id(self, user) -> int | None:
        patient = Patient.objects.filter(account=user).only("pk").first()
        return patient.pk if patient else None

    def get_mfa(self, user) -> bool:
        return bool(self.context["mfa"])


class MeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80, required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose English (en) or Spanish (es).")},
    )


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)


# Keeping an account (API.md, version 1.1)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(trim_whitespace=False, max_length=128)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class EmailChangeSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    email = serializers.CharField(max_length=254)


class EmailConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=512)


class EmailCancelSerializer(EmailConfirmSerializer):
    """The token of the link in the notice sent to the old address."""


class MfaStatusSerializer(serializers.Serializer):
    totp = serializers.BooleanField(help_text="An authenticator app is set up.")
    recovery_codes_left = serializers.IntegerField(min_value=0)
    required = serializers.BooleanField(help_text="This account must have an authenticator app.")


class TotpStartSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False,
        max_length=128,
        required=False,
        help_text="Needed only to replace an app that is already set up (a new phone).",
    )


class TotpSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="Base32, for typing into the app by hand.")
    otpauth_uri = serializers.CharField(help_text="otpauth://totp/... (RFC 6238: SHA1, 6 digits, 30 seconds).")
    qr_code = serializers.CharField(help_text="The otpauth URI as a QR code: an SVG image as a data: URI.")


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="10 single-use codes, shown this once: only the account keeps them."
    )


class TotpRemoveSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    code = serializers.CharField(max_length=32, help_text="The app's current code, or a recovery code.")


class CheckinPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    band = serializers.ChoiceField(choices=FunctionBand.choices)


class FlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=list(attention.RULES), help_text="; ".join(f"{code}: {rule}" for code, rule in attention.RULES.items())
    )
    message = serializers.CharField(help_text='With its exact count, such as "No entry for 9 days".')


class PatientListSerializer(serializers.Serializer):
    """One patient the caller may see, from an accounts.access.Access."""

    id = serializers.IntegerField(source="patient.pk")
    display_name = serializers.CharField(source="patient.display_name")
    relation = serializers.CharField(help_text="self, parent, clinician, or clinic where only a clinic opens it.")
    can_write = serializers.BooleanField()
    sees = serializers.SerializerMethodField()
    clinics = serializers.SerializerMethodField(
        help_text="The caller's clinics the patient shares with (empty where none): the Patients page says "
        '"Through Pain Team".'
    )

    last_entry = serializers.SerializerMethodField(help_text="The latest logged day.")
    days_logged_14 = serializers.SerializerMethodField(help_text="Days logged in the last 14, today included.")
    days_counted_14 = serializers.SerializerMethodField(
        help_text="Days of the last 14 counted: from the diary's first logged day when that is later (14 otherwise)."
    )
    adherence_14 = serializers.SerializerMethodField(
        help_text="days_logged_14 / days_counted_14 (null when no day is counted)."
    )
    function_trend = serializers.SerializerMethodField(
        help_text="up, flat or down: function's 7-day average today against 14 days earlier (null without data)."
    )
    latest_checkin = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField(
        help_text="no_recent_entry (nothing for 7 days), function_fell (by 2 or more over 2 weeks), plan_low (the "
        "treatment plan under half done in each of the last 2 whole weeks), low_mood (on 10 of the last 14 days; only "
        "where mood is shared)."
    )
    flag_messages = serializers.SerializerMethodField(
        help_text='The same flags in words, with their exact counts, such as "No entry for 9 days".'
    )
    can_hand_over = serializers.SerializerMethodField(
        help_text="True for a parent who keeps this child's profile once the child is 13: the diary can become the "
        "child's own (POST .../handover/)."
    )
    handed_over_at = serializers.DateTimeField(
        source="patient.handed_over_at",
        allow_null=True,
        help_text="When a diary a parent kept became the child's own; null for any other.",
    )

    def to_representation(self, access):
        """The fields above in their order, each read once: DRF's own loop (its field checks, the context looked up
        through the parent for every method field) was a tenth of a clinician's list of 200."""
        return {name: read(access) for name, read in self._readers}

    @functools.cached_property
    def _readers(self):
        def plain(field):
            return lambda access: field.to_representation(field.get_attribute(access))

        method = serializers.SerializerMethodField
        return [
            (name, getattr(self, field.method_name) if isinstance(field, method) else plain(field))
            for name, field in self.fields.items()
        ]

    def get_sees(self, access) -> list[str]:
        return [category for category in Share.values if category in access.sees]

    @extend_schema_field(ClinicNameSerializer(many=True))
    def get_clinics(self, access):
        return [{"id": link.clinic_id, "name": link.clinic.name} for link in access.clinic_links]

    def _status(self, access):
        return self.context["status"][access.patient.pk]

    def get_last_entry(self, access) -> datetime.date | None:
        return self._status(access)["last_entry"]

    def get_days_logged_14(self, access) -> int:
        return self._status(access)["days_logged_14"]

    def get_days_counted_14(self, access) -> int:
        return self._status(access)["days_counted_14"]

    def get_adherence_14(self, access) -> float | None:
        return self._status(access)["adherence_14"]

    def get_function_trend(self, access) -> str | None:
        return self._status(access)["function_trend"]

    @extend_schema_field(CheckinPointSerializer(allow_null=True))
    def get_latest_checkin(self, access):
        checkin = self._status(access)["latest_checkin"]
        return self._checkin_point.to_representation(checkin) if checkin else None

    @functools.cached_property
    def _checkin_point(self):
        # One for the whole list (a list serializer has one child): a new serializer per patient deep-copies its
        # fields each time, 200 times for a clinician's list of 200.
        return CheckinPointSerializer()

    def get_flags(self, access) -> list[str]:
        return self._status(access)["flags"]

    @extend_schema_field(FlagSerializer(many=True))
    def get_flag_messages(self, access):
        return self._status(access)["flag_messages"]

    def get_can_hand_over(self, access) -> bool:
        link = access.link
        return link is not None and link.manages and handover.can_hand_over(access.patient)


class PatientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = ["id", "display_name", "treatment_start", "timezone"]
        read_only_fields = ["id", "display_name", "timezone"]


class EnteredBySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "role"]


def _codes(vocabulary):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=vocabulary.choices), required=False, max_length=len(vocabulary)
    )


class EntrySerializer(serializers.ModelSerializer):
    """One daily entry. Fields the viewer was not given are left out of the answer, not sent as null (the answer is
    written from a `diary.reading.ShownEntry`, which never holds them)."""

    sleep_hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False, allow_null=True, coerce_to_string=False
    )
    # Declared so that "" is refused (400): the model's blank=True would let it through to a CHECK (500).
    school = serializers.ChoiceField(choices=School.choices, required=False, allow_null=True)
    symptoms = _codes(Symptom)
    pain_locations = _codes(PainLocation)
    therapies = _codes(Therapy)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, trim_whitespace=False)
    goals_done = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=50,
        help_text="Ids of this diary's `custom` goals done on this day (ticked on Today).",
    )
    plan_done = serializers.ListField(
        child=PlanTickSerializer(),
        required=False,
        max_length=50,
        help_text="What was done that day of the treatment plan's items, each once: the amount in the item's unit "
        "(sessions and activities: 1 for done). A PUT without it keeps the day's ticks; [] clears them.",
    )
    entered_by = EnteredBySerializer(read_only=True)

    class Meta:
        model = DailyEntry
        fields = ["date", *ENTRY_FIELDS, "entered_by", "version", "updated_at"]
        read_only_fields = ["date", "entered_by", "version", "updated_at"]

    def to_representation(self, entry: ShownEntry):
        """An entry as `diary.reading` cut it for its reader: the fields they were not given are not in it."""
        fields = self.fields
        data = {"date": fields["date"].to_representation(entry.date)}
        for name in ENTRY_FIELDS:
            if name in entry.values:
                value = entry.values[name]
                data[name] = None if value is None else fields[name].to_representation(value)
        writer = entry.entered_by_id and {"id": entry.entered_by_id, "role": entry.entered_by_role}
        data["entered_by"] = writer or None
        data["version"] = entry.version
        data["updated_at"] = fields["updated_at"].to_representation(entry.updated_at)
        return data


class ChildProfileSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80)
    birth_date = serializers.DateField()
    consent = serializers.BooleanField(
        help_text="Required, and true: the parent agrees to the terms shown for a child's profile (their version "
        "and the time are kept, and appear in the data export).",
        error_messages={"required": terms.CONSENT_NEEDED},
    )
    terms_version = serializers.CharField(
        required=False,
        max_length=20,
        help_text=f"The version of the terms shown (now {terms.CHILD_PROFILE_TERMS_VERSION}); another one gets 400.",
    )


class SeesField(serializers.ListField):
    child = serializers.ChoiceField(choices=Share.choices)


class InvitationCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=INVITATION_ROLES)
    sees = SeesField(required=False, max_length=3)


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    sees = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class InvitationListQuerySerializer(serializers.Serializer):
    include_expired = serializers.BooleanField(
        default=False,
        help_text="Also list the codes that expired unused in the last 30 days, each with `expired: true`.",
    )


class ListedInvitationSerializer(InvitationSerializer):
    expired = serializers.BooleanField(help_text="True once the code's 7 days are over: it no longer works.")
    code = serializers.CharField(
        source="shown_code",
        allow_null=True,
        help_text="The code, while it still works, so its owner can send it again; null once expired.",
    )


class NewInvitationSerializer(InvitationSerializer):
    code = serializers.CharField(help_text="The one-time code; its owner can see it again in the list while it works.")


class AcceptSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)
    clinic = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=10**18 - 1,
        help_text="A clinic the caller is a member of: a clinician's code is then accepted for the whole clinic.",
    )


class AcceptedSerializer(serializers.Serializer):
    patient_id = serializers.IntegerField()
    relation = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    role = serializers.CharField()


class CareTeamClinicSerializer(serializers.Serializer):
    """A clinic on the care team, with its members now: each of them reads what the clinic was given."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    members = serializers.SerializerMethodField()

    @extend_schema_field(PersonSerializer(many=True))
    def get_members(self, clinic):
        return [
            {"id": member.user.pk, "display_name": member.user.display_name, "role": member.role}
            for member in clinic.active_members
        ]


class CareTeamMemberSerializer(serializers.Serializer):
    """A person on the care team (`user`), or a clinic (`relation` clinic, `user` null, `clinic` with its members)."""

    id = serializers.IntegerField()
    user = PersonSerializer(source="member", allow_null=True)
    relation = serializers.CharField()
    sees = serializers.ListField(child=serializers.CharField())
    manages = serializers.BooleanField()
    since = serializers.DateTimeField()
    paused = serializers.BooleanField(
        help_text="On the team but reading nothing until the owner resumes them: a parent, from the teen's 18th "
        "birthday."
    )
    paused_at = serializers.DateTimeField(allow_null=True)
    clinic = CareTeamClinicSerializer(allow_null=True, required=False)


class CareTeamChangeSerializer(serializers.Serializer):
    """What the diary's owner changes about one member: what they see, and whether their access is paused."""

    sees = SeesField(max_length=3, required=False)
    paused = serializers.BooleanField(
        required=False,
        help_text="false resumes a paused member (a parent's access pauses on the teen's 18th birthday); true "
        "pauses one: they stay on the team and read nothing (404) until resumed.",
    )

    def validate(self, data):
        if not data:
            raise serializers.ValidationError({"detail": _("Send sees, paused or both.")})
        return data


# Growing up with Stride (API.md, version 1.2)


class HandoverRequestSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254, help_text="The child's own address, which has no account yet.")


class HandoverSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    email = serializers.CharField()
    expires_at = serializers.DateTimeField(help_text="The link works once, until then (14 days).")


class HandoverAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    display_name = serializers.CharField(max_length=80)
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The language Stride speaks to her. Without it, the request's language (Accept-Language).",
    )


class HandedOverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.CharField(help_text='Always "teen".')
    patient_id = serializers.IntegerField(help_text="The diary she now owns.")


class AccessLogSerializer(serializers.Serializer):
    """One visit: `count` reads (or exports) by one person from `first_at` to `at`, each within 10 minutes of the
    one before. `details` lists what was read, in the order first read; `detail` is the same on one line."""

    at = serializers.DateTimeField(help_text="The latest read of the visit; the log is newest first by it.")
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    detail = serializers.CharField()
    first_at = serializers.DateTimeField(help_text="The first read of the visit.")
    count = serializers.IntegerField(min_value=1, help_text="How many reads the visit holds.")
    details = serializers.ListField(
        child=serializers.CharField(),
        help_text='What was read, in the order first read: codes such as "list" (the patients list), "profile", '
        '"trends", "entries" or "entry 2026-03-02".',
    )

    clinic = serializers.SerializerMethodField(help_text="The clinic the reader read through, where there was one.")

    def get_actor(self, row) -> PersonSerializer:
        return {"id": row.actor_id, "display_name": row.actor_name, "role": row.actor_role}

    @extend_schema_field(ClinicNameSerializer(allow_null=True))
    def get_clinic(self, row):
        return {"id": row.clinic_id, "name": row.clinic_name} if row.clinic_name else None


class CheckinSerializer(serializers.ModelSerializer):
    """A weekly Functional Disability Inventory: `answers` are 15 numbers from 0 to 4, in the order of PRODUCT.md."""

    answers = serializers.ListField(
        child=serializers.IntegerField(
            min_value=0,
            max_value=4,
            error_messages={
                "min_value": ANSWER_MESSAGE,
                "max_value": ANSWER_MESSAGE,
                "invalid": ANSWER_MESSAGE,
            },
        ),
        min_length=len(FDI_ACTIVITIES),
        max_length=len(FDI_ACTIVITIES),
        # DRF fills in {min_length} and {max_length}: the number of activities, 15.
        error_messages={
            "min_length": _("Answer all {min_length} activities."),
            "max_length": _("Send {max_length} answers, one for each activity."),
        },
    )
    band = serializers.ChoiceField(choices=FunctionBand.choices, read_only=True)
    entered_by = EnteredBySerializer(read_only=True)

    class Meta:
        model = FunctionCheckin
        fields = ["date", "answers", "total", "band", "entered_by", "updated_at"]
        read_only_fields = ["date", "total", "entered_by", "updated_at"]


class FromFieldMixin:
    """`from` is a Python keyword, so such serializers declare `from_` and rename it here."""

    def get_fields(self):
        fields = super().get_fields()
        return {"from": fields.pop("from_"), **fields}


class WindowSerializer(FromFieldMixin, serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    pain = serializers.FloatField(allow_null=True, help_text="Mean; null when fewer than 4 of the 7 days have it.")
    function = serializers.FloatField(allow_null=True, help_text="Mean; null when fewer than 4 of the 7 days have it.")


class InsightSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InsightStatus.values)
    baseline = WindowSerializer(allow_null=True)
    recent = WindowSerializer(allow_null=True)
    function_improved_on = serializers.DateField(allow_null=True)
    pain_improved_on = serializers.DateField(allow_null=True)
    message = serializers.CharField(
        help_text="One plain sentence; where function's last 7 days are below its first week, it says so."
    )


def _column(child):
    return serializers.ListField(child=child, help_text="One value per day of `dates`; null where nothing was logged.")


class MeanSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)


class SchoolSerializer(serializers.Serializer):
    days_scheduled = serializers.IntegerField(help_text="Days logged as full, partial or missed.")
    attendance = serializers.FloatField(allow_null=True, help_text="Full counts 1, partial 0.5, missed 0.")
    full = serializers.IntegerField()
    partial = serializers.IntegerField()
    missed = serializers.IntegerField()


COUNTED_FROM = (
    "The first day counted: the later of `from` and the diary's first logged day (null when no day is counted)."
)
EXERCISE_PER_WEEK = (
    "The minutes logged over the days counted, per week (their sum over days_in_period / 7): a day with no "
    "exercise logged adds nothing. Null when no exercise was logged in them."
)


class FiguresSerializer(serializers.Serializer):
    """The figures of the period shown, by the same functions as the Summary's (diary.figures)."""

    counted_from = serializers.DateField(allow_null=True, help_text=COUNTED_FROM)
    days_in_period = serializers.IntegerField(help_text="Days from counted_from to `to`.")
    days_logged = serializers.IntegerField()
    adherence = serializers.FloatField(allow_null=True, help_text="days_logged / days_in_period.")
    sleep_hours = MeanSerializer()
    sleep_quality = MeanSerializer()
    mood = MeanSerializer(required=False, help_text="Only where the caller was given mood.")
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)
    school = SchoolSerializer()


class WeekSerializer(FromFieldMixin, serializers.Serializer):
    """One week of the period (weeks end on `to`, so only the oldest may be shorter), by the rules of `figures`."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    days_logged = serializers.IntegerField()
    function = serializers.FloatField(allow_null=True, help_text="Mean of the days logged.")
    pain = serializers.FloatField(allow_null=True)
    sleep_hours = serializers.FloatField(allow_null=True)
    sleep_quality = serializers.FloatField(allow_null=True)
    mood = serializers.FloatField(allow_null=True, required=False, help_text="Only where the caller was given mood.")
    fatigue = serializers.FloatField(allow_null=True)
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)


class TrendsSerializer(FromFieldMixin, serializers.Serializer):
    """Describes the trends answer for the schema; the view builds the column arrays directly."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    dates = serializers.ListField(child=serializers.DateField())
    pain = _column(serializers.IntegerField(allow_null=True))
    function = _column(serializers.IntegerField(allow_null=True))
    sleep_hours = _column(serializers.FloatField(allow_null=True))
    sleep_quality = _column(serializers.IntegerField(allow_null=True))
    mood = _column(serializers.IntegerField(allow_null=True))
    fatigue = _column(serializers.IntegerField(allow_null=True))
    exercise_minutes = _column(serializers.IntegerField(allow_null=True))
    school = _column(serializers.ChoiceField(choices=School.choices, allow_null=True))
    pain_avg7 = _column(serializers.FloatField(allow_null=True))
    function_avg7 = _column(serializers.FloatField(allow_null=True))
    checkins = CheckinPointSerializer(many=True)
    insight = InsightSerializer()
    figures = FiguresSerializer()
    weeks = WeekSerializer(many=True)
    goals = GoalWeeksSerializer(many=True, help_text="Each active weekly goal: its weeks in the period, weeks met.")
    plan_adherence = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="The treatment plan's adherence, one value per Monday-to-Sunday week that overlaps the days shown "
        "(oldest first; only the week's days shown are counted), null where nothing was expected.",
    )
    plan_weeks = PlanWeekSerializer(many=True, help_text="The same weeks, with function and pain over the same days.")
    plan_message = serializers.CharField(
        allow_null=True, help_text="What the plan's weeks show, in the reader's words (null without a plan in them)."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["mood"].help_text = "Only where the caller was given mood."
        return fields


class ChangeSerializer(serializers.Serializer):
    baseline = serializers.FloatField(allow_null=True, help_text="Mean of the baseline week (see the insight).")
    recent = serializers.FloatField(allow_null=True, help_text="Mean of the last 7 days of the period.")
    change = serializers.FloatField(allow_null=True)


class CheckinTotalSerializer(serializers.Serializer):
    date = serializers.DateField()
    total = serializers.IntegerField()
    band = serializers.ChoiceField(choices=FunctionBand.choices)


class CheckinChangeSerializer(serializers.Serializer):
    first = CheckinTotalSerializer(allow_null=True)
    latest = CheckinTotalSerializer(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    band = serializers.ChoiceField(choices=FunctionBand.choices, allow_null=True)


class CodeCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    days = serializers.IntegerField()


class PatientFactsSerializer(serializers.Serializer):
    display_name = serializers.CharField()
    birth_date = serializers.DateField()
    age = serializers.IntegerField(help_text="In whole years, on the patient's today.")
    record_number = serializers.CharField(
        allow_null=True, help_text="The reader's clinic's own record number for the patient, where it set one."
    )


class SummaryNoteSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()


class CurrentSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True, help_text="The latest logged day of the period (null: none).")
    pain = serializers.IntegerField(allow_null=True)
    function = serializers.IntegerField(allow_null=True)


class SummarySerializer(FromFieldMixin, serializers.Serializer):
    """Describes the summary answer for the schema; the numbers come from diary.figures and diary.summary."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    patient = PatientFactsSerializer()
    counted_from = serializers.DateField(allow_null=True, help_text=COUNTED_FROM)
    days_in_period = serializers.IntegerField(help_text="Days from counted_from to `to`.")
    days_logged = serializers.IntegerField()
    adherence = serializers.FloatField(allow_null=True, help_text="days_logged / days_in_period.")
    pain = ChangeSerializer()
    function = ChangeSerializer()
    sleep_hours = MeanSerializer()
    mood = MeanSerializer(required=False, help_text="Only where the caller was given mood.")
    exercise_minutes_per_week = serializers.IntegerField(allow_null=True, help_text=EXERCISE_PER_WEEK)
    school = SchoolSerializer()
    checkins = CheckinChangeSerializer()
    insight = InsightSerializer()
    flags = FlagSerializer(
        many=True, help_text="The dashboard's flags as they stood on `to` (low_mood only where mood is shared)."
    )
    symptoms = CodeCountSerializer(many=True, help_text="The five symptoms logged on the most days.")
    pain_locations = CodeCountSerializer(many=True, help_text="The five pain locations logged on the most days.")
    goals = GoalWeeksSerializer(many=True, help_text="Each active weekly goal: its weeks in the period, weeks met.")
    notes = SummaryNoteSerializer(
        many=True,
        help_text="The period's notes the caller may read (where `notes` is shared; never a private note), newest "
        "first, at most 10.",
    )
    current = CurrentSerializer(help_text="The answers of the latest logged day of the period.")
    plan = SummaryPlanSerializer(help_text="The treatment plan over the period.")


class OutcomeMeasureSerializer(serializers.Serializer):
    baseline_median = serializers.FloatField(allow_null=True, help_text="Median of the first-week means.")
    recent_median = serializers.FloatField(allow_null=True, help_text="Median of the last-7-days means.")
    improved = serializers.IntegerField(help_text="Patients whose last 7 days are 2 or more points better.")
    n = serializers.IntegerField(help_text="Patients with both means: the medians and `improved` are over them.")


class OutcomeFdiSerializer(serializers.Serializer):
    first_median = serializers.FloatField(allow_null=True, help_text="Median of each patient's first check-in total.")
    latest_median = serializers.FloatField(allow_null=True, help_text="Median of each patient's latest total.")
    reached_minimal = serializers.IntegerField(
        help_text="Patients whose latest check-in is minimal (0-12) and whose first was not."
    )
    n = serializers.IntegerField(help_text="Patients with a check-in in the period.")


class OutcomeDaysSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(help_text="Patients whose function improved (the insight's function_improved_on).")


class ChangeCountSerializer(serializers.Serializer):
    change = serializers.IntegerField(help_text="Function's change in whole points (halves away from zero).")
    patients = serializers.IntegerField()


class OutcomesSerializer(FromFieldMixin, serializers.Serializer):
    """Clinic outcomes (API.md): each patient's Summary for the period, as medians and counts."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    patients = serializers.IntegerField(help_text="Patients who share with the caller and logged 14 or more days.")
    not_enough_data = serializers.IntegerField(
        help_text="Patients who share with the caller but logged fewer than 14 days in the period: not counted below."
    )
    function = OutcomeMeasureSerializer()
    pain = OutcomeMeasureSerializer()
    fdi = OutcomeFdiSerializer()
    days_to_function_improved = OutcomeDaysSerializer(
        help_text="Days from the first day of the baseline week to the day function improved."
    )
    adherence_median = serializers.FloatField(allow_null=True)
    plan_adherence_median = serializers.FloatField(
        allow_null=True,
        help_text="Median of the treatment plan's adherence over the period, of the patients with a plan in it.",
    )
    statuses = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many patients have each insight status: " + ", ".join(InsightStatus.values),
    )
    function_change = ChangeCountSerializer(
        many=True, help_text="How many patients' function changed by each whole number of points, at least -3..+3."
    )
