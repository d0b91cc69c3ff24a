"""Writes to accounts: sign-up, profile changes, account deletion. Rules live here, once."""

import datetime

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import MIN_SELF_SIGNUP_AGE, CareTeamMember, Patient, Role, User
from accounts.timezones import age_on, is_valid_timezone, today_in

UNDER_13_MESSAGE = (
    "You need to be 13 or older to create your own account. "
    "Please ask a parent or guardian to sign up as a parent and create your profile."
)
TIMEZONE_MESSAGE = "Choose a time zone from the list, such as America/Chicago."


def _check_timezone(name, errors):
    if not is_valid_timezone(name):
        errors["timezone"] = [TIMEZONE_MESSAGE]


def _today_for(timezone_name):
    return today_in(timezone_name if is_valid_timezone(timezone_name) else "UTC")


def check_birth_date(birth_date, timezone_name, errors, field="birth_date"):
    today = _today_for(timezone_name)
    if birth_date > today:
        errors[field] = ["A birth date can't be in the future."]
    elif birth_date < today - datetime.timedelta(days=366 * 120):
        errors[field] = ["Please check the year of this birth date."]


@transaction.atomic
def register_account(*, email, password, display_name, role, birth_date=None, timezone="UTC"):
    """Creates an account; a teen also gets their own patient record. Raises ValidationError by field."""
    errors = {}
    email = (email or "").strip().lower()
    display_name = (display_name or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Enter a valid email address."]
    else:
        if User.objects.filter(email=email).exists():
            errors["email"] = ["There is already an account with this email. Try signing in instead."]
    if not display_name:
        errors["display_name"] = ["Tell us what to call you."]
    if role not in Role.values:
        errors["role"] = ["Choose teen, parent or clinician."]
    _check_timezone(timezone, errors)
    if role == Role.TEEN:
        if birth_date is None:
            errors["birth_date"] = ["Your birth date is needed to set up your diary."]
        else:
            check_birth_date(birth_date, timezone, errors)
            if "birth_date" not in errors and age_on(birth_date, _today_for(timezone)) < MIN_SELF_SIGNUP_AGE:
                errors["birth_date"] = [UNDER_13_MESSAGE]
    candidate = User(email=email, display_name=display_name, role=role)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    user = User.objects.create_user(
        email=email, password=password, display_name=display_name, role=role, timezone=timezone
    )
    if role == Role.TEEN:
        Patient.objects.create(account=user, display_name=display_name, birth_date=birth_date, timezone=timezone)
    return user


@transaction.atomic
def update_profile(user, *, display_name=None, timezone=None):
    errors = {}
    if display_name is not None and not display_name.strip():
        errors["display_name"] = ["Tell us what to call you."]
    if timezone is not None:
        _check_timezone(timezone, errors)
    if errors:
        raise ValidationError(errors)
    if display_name is not None:
        user.display_name = display_name.strip()
    if timezone is not None:
        user.timezone = timezone
    user.save(update_fields=["display_name", "timezone"])
    # A teen's diary follows the teen: same name, same "today".
    Patient.objects.filter(account=user).update(display_name=user.display_name, timezone=user.timezone)
    return user


@transaction.atomic
def delete_account(user, password):
    """Erases the account and every diary it alone keeps: a teen's own, and children a parent manages alone."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": ["That password isn't right, so nothing was deleted."]})
    kept_by_others = CareTeamMember.objects.active().filter(manages=True).exclude(member=user)
    Patient.objects.filter(
        care_team__member=user, care_team__manages=True, care_team__ended_at__isnull=True, account__isnull=True
    ).exclude(care_team__in=kept_by_others).delete()
    user.delete()


def set_treatment_start(access, treatment_start):
    if not access.can_set_treatment_start:
        raise PermissionDenied("Only the diary's owner or a clinician can set when treatment started.")
    patient = access.patient
    if treatment_start is not None:
        errors = {}
        if treatment_start > patient.today():
            errors["treatment_start"] = ["Treatment can't start in the future. Set it once it has begun."]
        elif treatment_start < patient.birth_date:
            errors["treatment_start"] = ["That date is before the birth date on this profile."]
        if errors:
            raise ValidationError(errors)
    patient.treatment_start = treatment_start
    patient.save(update_fields=["treatment_start"])
    return patient
