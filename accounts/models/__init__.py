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
    "EVERYTHING",
    "INVITATION_LIFETIME",
    "MIN_SELF_SIGNUP_AGE",
    "RECORD_NUMBER_LENGTH",
    "AccessLogEntry",
    "ApiToken",
    "CareTeamMember",
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
