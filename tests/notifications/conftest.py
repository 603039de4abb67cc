from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from participation.components import services as components
from spaces.models import ParticipatoryProcess, Visibility
from tests.conftest import make_user


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True, name="Maire Adjointe")


@pytest.fixture
def process(organization, now):
    return ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget participatif", published_at=now
    )


@pytest.fixture
def private_process(organization, now):
    return ParticipatoryProcess.objects.create(
        organization=organization,
        slug="conseil",
        title="Conseil privé",
        published_at=now,
        visibility=Visibility.PRIVATE,
    )


def blog_in(space, admin):
    blog = components.add_component(actor=admin, space=space, manifest_name="blogs", name="Actus")
    return components.publish_component(actor=admin, component=blog)


@pytest.fixture
def blog(process, admin):
    return blog_in(process, admin)


@contextmanager
def committing():
    """Run what the block queues with transaction.on_commit (tests run in one transaction)."""
    connection = connections[DEFAULT_DB_ALIAS]
    start = len(connection.run_on_commit)
    yield
    # Callbacks may queue more callbacks (fan-out, then e-mails): run until none is left.
    while len(connection.run_on_commit) > start:
        _sids, callback, _robust = connection.run_on_commit.pop(start)
        callback()


@pytest.fixture
def ideas(admin, process):
    """A published proposals component whose active step opens creation, supports, comments."""
    from spaces.models import ProcessStep
    from tests.proposals.conftest import configure

    ProcessStep.objects.create(process=process, title="Propositions", position=0, active=True)
    component = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Idées"
    )
    configure(admin, component, settings={})
    components.publish_component(actor=admin, component=component)
    component.refresh_from_db()
    return component


@pytest.fixture
def alice(organization):
    return make_user(organization, nickname="alice", name="Alice Martin")


@pytest.fixture
def bob(organization):
    return make_user(organization, nickname="bob", name="Bob Durand")


@pytest.fixture
def carol(organization):
    return make_user(organization, nickname="carol", name="Carole Petit")


def notified(event_name=None):
    """{nickname: [event names]} of every notification, to compare whole outcomes."""
    from participation.notifications.models import Notification

    rows = Notification.objects.order_by("user__nickname", "event_name")
    if event_name:
        rows = rows.filter(event_name=event_name)
    result: dict[str, list[str]] = {}
    for nickname, name in rows.values_list("user__nickname", "event_name"):
        result.setdefault(nickname, []).append(name)
    return result
