from accounts.models.care import (
    CODE_ALPHABET,
    EVERYTHING,
    INVITATION_LIFETIME,
    AccessLogEntry,
    CareTeamMember,
    Invitation,
    Reading,
    Relation,
    Share,
)
from accounts.models.clinics import RECORD_NUMBER_LENGTH, Clinic, ClinicInvitation, ClinicMember, ClinicRole
from accounts.models.email_change import EMAIL_CHANGE_LIFETIME, EmailChange, EmailChangeState
from accounts.models.failure_count import FailureCount, FailureScope
from accounts.models.handover import HANDOVER_LIFETIME, Handover
from accounts.models.people import (
    MIN_SELF_SIGNUP_AGE,
    Language,
    Patient,
    Role,
    User,
    UserManager,
    validate_timezone,
)
from accounts.models.tokens import ApiToken, hash_key

__all__ = [
    "CODE_ALPHABET",
    "EMAIL_CHANGE_LIFETIME",
    "EVERYTHING",
    "HANDOVER_LIFETIME",
    "INVITATION_LIFETIME",
    "MIN_SELF_SIGNUP_AGE",
    "RECORD_NUMBER_LENGTH",
    "AccessLogEntry",
    "ApiToken",
    "CareTeamMember",
    "Handover",
    "EmailChange",
    "EmailChangeState",
    "FailureCount",
    "FailureScope",
    "Clinic",
    "ClinicInvitation",
    "ClinicMember",
    "ClinicRole",
    "Invitation",
    "Language",
    "Patient",
    "Reading",
    "Relation",
    "Role",
    "Share",
    "User",
    "UserManager",
    "hash_key",
    "validate_timezone",
]
