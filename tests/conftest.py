"""Fixtures shared by every test: organisations on their hosts, people, clients."""

import itertools

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from config.celery import app as celery_app
from participation.models import Organization, User
from participation.models.users import new_username

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count()


def pytest_runtestloop(session):
    """Start pabutools' references of the real elections on the other core (see
    tests/budgets/pabutools_reference.py) when the run begins and the comparison tests
    are part of it. Not at collection: `pytest --collect-only` starts nothing."""
    if session.config.option.collectonly:
        return None
    paths = {
        item.callspec.params["path"]
        for item in session.items
        if getattr(getattr(item, "module", None), "__name__", "").endswith(
            "test_counting_against_pabutools"
        )
        and hasattr(item, "callspec")
        and "path" in item.callspec.params
    }
    if paths:
        from tests.budgets.pabutools_reference import start_references

        start_references(paths)


def pytest_sessionfinish(session):
    from tests.budgets.pabutools_reference import stop_references

    stop_references()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in-process unless a test asks for the real worker (marker real_worker)."""
    if request.node.get_closest_marker("real_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Fast hashing in tests; the real hasher is Django's default in production.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate limits are tested on purpose in test_rate_limits; elsewhere they must not interfere.
    settings.WRITE_RATE_LIMIT = "100000/m"
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def make_organization(name: str, host: str, **fields) -> Organization:
    return Organization.objects.create(name=name, host=host, **fields)


def make_user(organization, *, email=None, admin=False, password=PASSWORD, **fields) -> User:
    number = next(_counter)
    user = User(
        organization=organization,
        username=new_username(),
        email=email or f"person{number}@example.org",
        nickname=fields.pop("nickname", f"person-{number}"),
        is_org_admin=admin,
        **fields,
    )
    user.set_password(password)
    user.save()
    return user


def make_operator(email="operator@example.net", *, second_factor: bool = True) -> User:
    """An operator; with an authenticator app set up unless told otherwise (operators must
    have one: tests/participation/test_operator_mfa.py covers setting it up)."""
    user = User(username=new_username(), email=email, is_superuser=True, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    if second_factor:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)
    return user


@pytest.fixture
def organization(db):
    return make_organization("Ville de Test", "ville-a.test")


@pytest.fixture
def other_organization(db):
    return make_organization("Autre Ville", "ville-b.test", primary_color="#7a1f5c")


@pytest.fixture
def participant(organization):
    return make_user(organization)


@pytest.fixture
def org_admin(organization):
    return make_user(organization, admin=True)


@pytest.fixture
def operator(db):
    return make_operator()


def host_client(host: str, user=None) -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user, backend="participation.auth_backends.OrganizationEmailBackend")
    return client


def system_client(user=None) -> Client:
    """A client on the operator console's own host (settings.SYSTEM_HOST): /system/ answers
    there only."""
    from django.conf import settings

    return host_client(settings.SYSTEM_HOST, user)


@pytest.fixture
def client_a(organization):
    return host_client(organization.host)


@pytest.fixture
def now():
    return timezone.now()
