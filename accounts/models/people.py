import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy as _

from accounts.timezones import is_valid_timezone, today_in

MIN_SELF_SIGNUP_AGE = 13


def validate_timezone(value):
    if not is_valid_timezone(value):
        raise ValidationError(_("Choose a time zone from the list, such as America/Chicago."))


class Role(models.TextChoices):
    TEEN = "teen", _("Teen")
    PARENT = "parent", _("Parent or guardian")
    CLINICIAN = "clinician", _("Clinician")


class Language(models.TextChoices):
    """The language a person reads Stride in (docs/API.md: `en`, `es`). Each is named in its own words, untranslated, so
    that someone who cannot read the current language still finds their own."""

    EN = "en", "English"
    ES = "es", "Español"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.CLINICIAN)
        fields.setdefault("display_name", "Administrator")
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=80)
    role = models.CharField(max_length=10, choices=Role.choices)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    email_verified = models.BooleanField(
        default=False, help_text="The person opened a confirmation link sent to this address."
    )
    # Raised to end every session of the account at once (sign out everywhere): it is part of the hash each
    # session keeps of its account, so every older session stops matching.
    session_generation = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=current_time)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "role"]

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_known"),
            models.CheckConstraint(condition=models.Q(language__in=Language.values), name="user_language_known"),
        ]

    def __str__(self):
        return self.email

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, which ends every session when the password changes, with the session
        generation added once it has been raised (at 0 it is Django's own, so no session ends on upgrade)."""
        password_hash = super()._get_session_auth_hash(secret=secret)
        if not self.session_generation:
            return password_hash
        return salted_hmac(
            "accounts.User.session_generation",
            f"{password_hash}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class PatientQuerySet(models.QuerySet):
    """Who runs which diary, said once (accounts.access decides everything else a person may do)."""

    def kept_by(self, user):
        """The children whose profile `user` keeps: a managing parent writes their diary and runs its sharing."""
        return self.filter(care_team__member=user, care_team__manages=True, care_team__ended_at__isnull=True)

    def owned_by(self, user):
        """The diaries `user` runs: their own, and the children's whose profile they keep."""
        return self.filter(models.Q(account=user) | models.Q(pk__in=self.kept_by(user).values("pk")))


class Patient(models.Model):
    """The person whose diary it is: a teen with an account, or a child whose profile a parent manages."""

    account = models.OneToOneField(User, null=True, blank=True, on_delete=models.CASCADE, related_name="own_patient")
    display_name = models.CharField(max_length=80)
    # The stable, opaque id a record system knows the patient by (the FHIR Patient's identifier): never the
    # database id, which says how many diaries there are and is guessable.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    birth_date = models.DateField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    treatment_start = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A child's profile: the parent who made it agreed to the terms of `accounts.terms` (which version, and when).
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_terms_version = models.CharField(max_length=20, blank=True)
    consent_given_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When a child's diary became her own (`accounts.handover`): her parent's pages say so from then on.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    # When she was told, 30 days before her 18th birthday, that parents' access would pause (sent once).
    adult_notice_sent_at = models.DateTimeField(null=True, blank=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_given_at__isnull=True, consent_terms_version="")
                | models.Q(consent_given_at__isnull=False) & ~models.Q(consent_terms_version=""),
                name="consent_time_and_version_together",
            ),
        ]

    def __str__(self):
        return self.display_name

    def today(self, now=None):
        """The patient's own calendar date: entries are addressed by it."""
        return today_in(self.timezone, now)
