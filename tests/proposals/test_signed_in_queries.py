"""A signed-in participant's pages cost a fixed number of queries, under the targets.

The listing and the filtered listing at most 10 queries, the proposal page at most 15
(the tests hold them to the tighter ceilings of test_listing), with little data and
with more: 3 or 100 comments (replies, mentions, the participant's own votes),
amendments (theirs, another one they support), a published official answer, follows and
unread notifications. Everything counted: session read (renewed every five minutes, not
here), account, notifications badge, the participant's supports and follows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.comments import services as comments
from participation.comments.targets import target_of
from participation.notifications import services as notifications
from participation.notifications.models import Notification
from proposals import services
from proposals.services import amendments, answers
from tests.factories import make_proposal, make_user
from tests.proposals.conftest import client_for
from tests.proposals.test_amendments import enable
from tests.proposals.test_listing import MAX_DETAIL_QUERIES, MAX_LISTING_QUERIES, statements


def _count(client, url, params=None) -> int:
    assert client.get(url, params or {}).status_code == 200  # warms the caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        assert response.status_code == 200
    return len(statements(context))


def _comments(proposal, people, count, on_commit, viewer, start=0):
    previous = None
    for index in range(start, start + count):
        author = people[index % len(people)]
        body = f"Avis {index} @{viewer.nickname} #proposal-{proposal.pk}"
        with on_commit(execute=True):
            comment = comments.create_comment(
                actor=author,
                target=target_of(proposal),
                body=body,
                parent=previous if index % 3 == 1 else None,
            )
        previous = comment if index % 3 == 0 else previous
        if index % 2 == 0:
            with on_commit(execute=True):
                comments.vote_comment(
                    actor=viewer, comment=comment, target=target_of(proposal), value=1
                )


@pytest.fixture
def rich(admin, component, organization, resident, neighbour, django_capture_on_commit_callbacks):
    """A proposal the signed-in ``neighbour`` supports, follows and amended, with an
    amendment they support, an official answer, and notifications waiting for them."""
    component = enable(admin, component, settings={"minimum_supports": 2, "threshold": 50})
    on_commit = django_capture_on_commit_callbacks
    proposal = make_proposal(component, resident, title="Un grand jardin partagé")
    make_proposal(component, neighbour, title="Des bancs près du jardin")
    others = [make_user(organization) for _ in range(3)]
    with on_commit(execute=True):
        services.support_proposal(actor=neighbour, proposal=proposal)
        notifications.follow(
            user=neighbour,
            organization=organization,
            key="proposals.proposal",
            object_id=proposal.pk,
        )
        amendments.create_amendment(
            actor=neighbour,
            proposal=proposal,
            title="Un très grand jardin",
            body="<p>Plus grand.</p>",
        )
        theirs = amendments.create_amendment(
            actor=others[0],
            proposal=proposal,
            title="Un jardin fleuri",
            body="<p>Avec des fleurs.</p>",
        )
        amendments.support_amendment(actor=neighbour, amendment=theirs)
        answers.answer_proposal(
            actor=admin,
            proposal=proposal,
            state="evaluating",
            text="<p>À l'étude.</p>",
            publish=True,
        )
    _comments(proposal, others, 3, on_commit, neighbour)
    return {"proposal": proposal, "others": others, "on_commit": on_commit}


def test_signed_in_proposal_page_stays_within_the_target(rich, component, neighbour):
    proposal = rich["proposal"]
    assert Notification.objects.filter(user=neighbour, read_at__isnull=True).exists()
    client = client_for(neighbour)
    url = component.url("detail", pk=proposal.pk)
    page = client.get(url).content.decode()
    # Their own support counts once they have given two: the page says how many they gave.
    for expected in ("Un jardin fleuri", "Avis 2", "étude", "(vous en avez soutenu 1)"):
        assert expected in page, expected
    small = _count(client, url)
    _comments(proposal, rich["others"], 97, rich["on_commit"], neighbour, start=3)
    for _ in range(20):
        make_proposal(component, make_user(component.organization))
    large = _count(client, url)
    assert "Avis 99" in client.get(url).content.decode()
    assert small == large
    assert large <= MAX_DETAIL_QUERIES["participant"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "most_supported", "per_page": "100"},
        {"q": "jardin", "state": "evaluating", "author": "participants", "order": "recent"},
        {"mine": "on", "location": "without"},
        {"amendments": "with", "order": "most_commented"},
    ],
)
def test_signed_in_listing_stays_within_the_target(rich, component, neighbour, params):
    client = client_for(neighbour)
    url = component.url("index")
    small = _count(client, url, params)
    for index in range(60):
        proposal = make_proposal(component, neighbour if index % 4 else rich["others"][0])
        if index % 2:
            services.support_proposal(actor=neighbour, proposal=proposal)
    large = _count(client, url, params)
    assert small == large
    assert large <= MAX_LISTING_QUERIES["participant"]
