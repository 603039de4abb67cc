"""Fixtures shared by every test: organisations on their hosts, people, clients."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from config.celery import app as celery_app
from tests.factories import (
    PASSWORD,  # noqa: F401  (tests sign in with it)
    ProcessFactory,
    make_component,
    make_open_proposals,
    make_operator,
    make_organization,
    make_user,
)


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
def operator(db):
    return make_operator()


@pytest.fixture
def admin(organization):
    """An administrator of ``organization`` (named: pages and e-mails show who acted)."""
    return make_user(organization, admin=True, name="Claire Admin")


@pytest.fixture
def org_admin(admin):
    """The same person as ``admin``, under the name the space and account tests use."""
    return admin


@pytest.fixture
def resident(organization):
    return make_user(organization, name="Rose Résidente", email="rose@example.org")


@pytest.fixture
def alice(organization):
    return make_user(organization, nickname="alice", name="Alice Martin")


@pytest.fixture
def bob(organization):
    return make_user(organization, nickname="bob", name="Bob Durand")


@pytest.fixture
def carol(organization):
    return make_user(organization, nickname="carol", name="Carole Petit")


@pytest.fixture
def process_steps():
    """The titles of ``process``'s steps, the first active. A test module (or directory) that
    needs other steps overrides this fixture, not ``process``."""
    return ["Propositions", "Vote"]


@pytest.fixture
def process(organization, now, process_steps):
    """A published concertation of ``organization`` with the steps of ``process_steps``."""
    return ProcessFactory(
        organization=organization,
        slug="budget",
        title="Budget 2027",
        published_at=now,
        steps=process_steps,
    )


@pytest.fixture
def ideas(admin, process):
    """A published proposals component in ``process``, every step open to creation, supports
    and comments (default settings)."""
    return make_open_proposals(process, actor=admin)


@pytest.fixture
def blog(admin, process):
    """A published blog in ``process``."""
    return make_component(process, "blogs", actor=admin, name="Actus", published=True)


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
