from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from spaces.models import Visibility
from tests.factories import ProcessFactory, make_component


@pytest.fixture
def private_process(organization, now):
    """A published concertation only its members see."""
    return ProcessFactory(
        organization=organization,
        slug="conseil",
        title="Conseil privé",
        published_at=now,
        visibility=Visibility.PRIVATE,
    )


def blog_in(space, admin):
    return make_component(space, "blogs", actor=admin, name="Actus", published=True)


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
