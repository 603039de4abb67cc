"""The notification centre links to a person's profile only while it is public.

A notification is made while its actor (or the person it leads to) is visible;
blocked afterwards, they are named without a link; hidden by moderation or deleted,
they read as an anonymous participant.
"""

import uuid

import pytest

from participation.moderation.services import block_user, hide_item
from participation.notifications.models import Notification
from tests.conftest import host_client
from tests.factories import make_user


@pytest.fixture
def camille(organization):
    return make_user(organization, name="Camille Dupont", nickname="camille")


def _notification(recipient, *, actor=None, url="/processes/budget/", title="Article"):
    return Notification.objects.create(
        organization_id=recipient.organization_id,
        user=recipient,
        event_id=uuid.uuid4(),
        event_name="blogs.post_published",
        actor=actor,
        title=title,
        url=url,
    )


def _page(recipient) -> str:
    response = host_client(recipient.organization.host, recipient).get("/notifications/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_actor_is_linked_while_their_profile_is_public(participant, camille):
    _notification(participant, actor=camille)
    page = _page(participant)
    assert '<a href="/profiles/camille/">Camille Dupont</a>' in page


def test_an_actor_blocked_afterwards_is_named_without_a_link(participant, camille, admin):
    _notification(participant, actor=camille)
    block_user(actor=admin, organization=camille.organization, user_id=camille.pk, reason="x")
    page = _page(participant)
    assert "Camille Dupont" in page
    assert "/profiles/camille/" not in page


def test_an_actor_hidden_afterwards_reads_as_an_anonymous_participant(participant, camille, admin):
    _notification(participant, actor=camille)
    hide_item(actor=admin, item=camille)
    page = _page(participant)
    assert "Camille Dupont" not in page and "Participant·e anonyme" in page
    assert "/profiles/camille/" not in page


def test_a_notification_leading_to_a_profile_hidden_afterwards_has_no_link(
    participant, camille, admin
):
    _notification(participant, url="/profiles/camille/", title="Camille Dupont")
    assert '<a href="/profiles/camille/">Camille Dupont</a>' in _page(participant)
    hide_item(actor=admin, item=camille)
    page = _page(participant)
    assert "Camille Dupont" in page
    assert "/profiles/camille/" not in page
    # Other links are untouched.
    _notification(participant, url="/processes/budget/", title="Budget")
    assert '<a href="/processes/budget/">Budget</a>' in _page(participant)
