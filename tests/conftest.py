import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from tests.factories import PatientFactory, UserFactory
from tests.mailbox import mailbox  # noqa: F401 (a fixture: a real SMTP server on loopback)
from tests.push_service import push_service  # noqa: F401 (a fixture: a Web Push service on loopback)


@pytest.fixture(autouse=True)
def fresh_throttles():
    # Throttle counters live in the cache; each test starts with none.
    cache.clear()


@pytest.fixture(autouse=True)
def english_to_begin_with():
    # A Spanish request leaves Spanish active in the thread that served it (the test client runs in this one).
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def teen_patient(db):
    return PatientFactory(account__email="maya@example.com", account__display_name="Maya")


@pytest.fixture
def teen(teen_patient):
    return teen_patient.account


@pytest.fixture
def stranger_patient(db):
    return PatientFactory(account__email="stranger@example.com")


@pytest.fixture
def parent(db):
    return UserFactory(role=Role.PARENT, email="parent@example.com")


def client_for(user):
    """An API client signed in with a real token, as an outside app would be."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.issue(user)}")
    return client


@pytest.fixture
def teen_client(teen):
    return client_for(teen)


@pytest.fixture
def anon_client():
    return APIClient()
