import datetime

import factory

from accounts.mfa import set_up_app_without_code
from accounts.models import Patient, Role, User
from diary.models import DailyEntry, FunctionCheckin, Goal, PlanItem, PlanTerms

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    """An account as it is once settled in: its email confirmed and, for a clinician, an authenticator app set up
    (clinicians need both to read patients). `email_verified=False` or `mfa=False` for a newer one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("first_name")
    role = Role.TEEN
    timezone = "UTC"
    email_verified = True

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        if create and (user.role == Role.CLINICIAN if extracted is None else extracted):
            set_up_app_without_code(user=user)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    account = factory.SubFactory(UserFactory, role=Role.TEEN)
    display_name = factory.LazyAttribute(lambda patient: patient.account.display_name if patient.account else "Child")
    birth_date = datetime.date(2011, 5, 4)
    timezone = "UTC"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyEntry

    patient = factory.SubFactory(PatientFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    function = 5
    pain = 5
    entered_by = factory.LazyAttribute(lambda entry: entry.patient.account)


class CheckinFactory(factory.django.DjangoModelFactory):
    """A weekly function check-in; pass `answers=[...]` (15 numbers 0-4) to choose them."""

    class Meta:
        model = FunctionCheckin

    patient = factory.SubFactory(PatientFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(weeks=n))
    answers = [1] * 15
    entered_by = factory.LazyAttribute(lambda checkin: checkin.patient.account)


class GoalFactory(factory.django.DjangoModelFactory):
    """A weekly goal: by default 150 minutes of exercise a week (5 days a week for the other measures)."""

    class Meta:
        model = Goal

    patient = factory.SubFactory(PatientFactory)
    title = "Exercise"
    measure = "exercise_minutes"
    target = factory.LazyAttribute(lambda goal: 150 if goal.measure == "exercise_minutes" else 5)
    created_by = factory.LazyAttribute(lambda goal: goal.patient.account)


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A plan item with its first terms: by default a brisk walk of 15 minutes on 5 days a week, from 2 March 2026.
    Pass `terms__amount=...` (and any other field of PlanTerms) to change what it asks; sessions and school take
    `terms__unit=None, terms__amount=None, terms__max_amount=None`."""

    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    kind = "exercise"
    title = "Brisk walk"
    starts_on = datetime.date(2026, 3, 2)
    created_by = None
    updated_by = factory.SelfAttribute("created_by")

    @factory.post_generation
    def terms(item, create, extracted, **kwargs):
        values = {"unit": "minutes", "amount": 15, "max_amount": None, "days_per_week": 5, **kwargs}
        if values["max_amount"] is None and values["amount"] is not None:
            values["max_amount"] = values["amount"]
        if values.get("weekdays") is not None:
            values["days_per_week"] = None
        if create:
            PlanTerms.objects.create(item=item, valid_from=item.starts_on, kind=item.kind, **values)
