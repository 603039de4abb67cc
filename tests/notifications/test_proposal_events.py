"""Proposal events: published (space, category, author followed), threshold reached, withdrawn."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participation.models import Category
from participation.moderation.models import Moderation
from participation.notifications import registry
from participation.notifications.models import Notification
from participation.notifications.selectors import unread_count
from participation.notifications.services import auto_follow
from proposals import services as proposals
from proposals.models import Proposal
from spaces.models import SpaceMember
from tests.conftest import host_client
from tests.factories import (
    ProcessFactory,
    StepFactory,
    configure_proposals,
    make_open_proposals,
    make_proposal,
    make_user,
)
from tests.notifications.conftest import committing, notified


def _publish(author, component, title="Un composteur pour la rue Haute", category=None):
    with committing():
        draft = proposals.create_draft(
            actor=author, component=component, title=title, body="<p>Près de l'école.</p>"
        )
        if category is not None:
            draft = proposals.update_draft(
                actor=author, proposal=draft, data={"category": category}
            )
        return proposals.publish_proposal(actor=author, proposal=draft)


def test_the_events_are_declared_for_people_s_preferences():
    events = registry.events()
    for name in (
        "proposals.proposal_published",
        "proposals.proposal_by_followed_user",
        "proposals.threshold_reached",
        "proposals.proposal_withdrawn",
    ):
        assert name in events


def test_a_new_proposal_reaches_followers_of_the_space_the_category_and_the_author(
    ideas, process, alice, bob, carol, organization
):
    category = Category.objects.create(
        organization=organization,
        space=process,
        name="Propreté",
    )
    dave, erin, idle = (make_user(organization, nickname=n) for n in ("dave", "erin", "idle"))
    auto_follow(user=bob, target=process)  # the space
    auto_follow(user=carol, target=category)  # the category
    auto_follow(user=dave, target=alice)  # the author
    auto_follow(user=erin, target=alice)  # the author and the space: told once
    auto_follow(user=erin, target=process)
    auto_follow(
        user=alice, target=process
    )  # the author follows her own space: not told of her proposal
    proposal = _publish(alice, ideas, category=category)
    assert notified() == {
        "bob": ["proposals.proposal_published"],
        "carol": ["proposals.proposal_published"],
        "dave": ["proposals.proposal_by_followed_user"],
        "erin": ["proposals.proposal_published"],
    }
    row = Notification.objects.get(user=dave)
    assert (row.title, row.url, row.actor_id) == (
        proposal.title,
        proposal.get_absolute_url(),
        alice.pk,
    )
    assert row.extra["space"] == process.title
    assert not Notification.objects.filter(user=idle).exists()


def test_a_proposal_in_another_category_does_not_reach_the_category_s_followers(
    ideas, process, alice, carol, organization
):
    category = Category.objects.create(
        organization=organization,
        space=process,
        name="Propreté",
    )
    auto_follow(user=carol, target=category)
    _publish(alice, ideas)
    assert notified() == {}


def test_drafts_and_edits_notify_nobody(ideas, process, alice, bob):
    auto_follow(user=bob, target=process)
    with committing():
        proposals.create_draft(
            actor=alice, component=ideas, title="Un brouillon qui attend", body="<p>x</p>"
        )
    assert notified() == {}


def test_reaching_the_threshold_is_told_once_to_followers_and_author(
    admin, ideas, alice, bob, carol, organization
):
    ideas = configure_proposals(admin, ideas, settings={"threshold": 2})
    proposal = make_proposal(ideas, alice)
    auto_follow(user=bob, target=proposal)
    dave = make_user(organization, nickname="dave")
    with committing():
        proposals.support_proposal(actor=carol, proposal=proposal)
    assert notified() == {}
    with committing():
        proposals.support_proposal(actor=dave, proposal=proposal)
    assert notified() == {
        "alice": ["proposals.threshold_reached"],
        "bob": ["proposals.threshold_reached"],
    }
    assert Notification.objects.filter(user=alice).get().extra["threshold"] == 2
    # Falling below and reaching it again tells nobody a second time.
    with committing():
        proposals.unsupport_proposal(actor=dave, proposal=proposal)
        proposals.support_proposal(actor=dave, proposal=proposal)
    assert Notification.objects.count() == 2


def test_supports_that_start_counting_can_reach_the_threshold(admin, ideas, alice, bob, carol):
    """With a minimum, the supports counted all at once may bring proposals to the threshold."""
    ideas = configure_proposals(admin, ideas, settings={"threshold": 1, "minimum_supports": 2})
    first = make_proposal(ideas, alice, title="Premier banc au bord de l'eau")
    second = make_proposal(ideas, bob, title="Second banc près du pont")
    with committing():
        proposals.support_proposal(actor=carol, proposal=first)
    assert Proposal.objects.get(pk=first.pk).supports_count == 0 and notified() == {}
    with committing():
        proposals.support_proposal(actor=carol, proposal=second)
    assert notified() == {
        "alice": ["proposals.threshold_reached"],
        "bob": ["proposals.threshold_reached"],
    }


def test_no_threshold_no_event(ideas, alice, bob, carol):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=bob, target=proposal)
    with committing():
        proposals.support_proposal(actor=carol, proposal=proposal)
    assert notified() == {}


def test_a_withdrawal_reaches_the_proposal_s_followers_only(ideas, process, alice, bob, carol):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    auto_follow(user=bob, target=proposal)
    auto_follow(user=carol, target=process)  # the space's followers are not told of each withdrawal
    with committing():
        proposals.withdraw_proposal(actor=alice, proposal=proposal)
    assert notified() == {"bob": ["proposals.proposal_withdrawn"]}


def test_hidden_proposals_notify_nobody_and_leave_the_centre(ideas, alice, bob, admin):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=bob, target=proposal)
    with committing():
        proposals.withdraw_proposal(actor=alice, proposal=proposal)
    client = host_client("ville-a.test", bob)
    assert unread_count(bob) == 1
    assert proposal.title in client.get("/notifications/").content.decode()
    moderation = Moderation.objects.create(
        organization=ideas.organization,
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=proposal.pk,
        hidden_at=timezone.now(),
    )
    assert unread_count(bob) == 0
    assert proposal.title not in client.get("/notifications/").content.decode()
    # A hidden proposal's events are never sent.
    other = make_proposal(ideas, alice, title="Une autre proposition masquée")
    auto_follow(user=bob, target=other)
    Moderation.objects.create(
        organization=ideas.organization,
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=other.pk,
        hidden_at=timezone.now(),
    )
    with committing():
        proposals.withdraw_proposal(actor=alice, proposal=other)
    assert Notification.objects.filter(object_id=other.pk).count() == 0
    # Unhidden, the first one comes back (the row was kept).
    from participation.moderation.services import unhide

    unhide(actor=admin, moderation=moderation)
    assert unread_count(bob) == 1


def test_former_members_of_a_private_space_hear_nothing(admin, alice, bob, carol, organization):
    from spaces.models import Visibility

    space = ProcessFactory(
        organization=organization,
        slug="conseil",
        title="Conseil privé",
        published_at=timezone.now(),
        visibility=Visibility.PRIVATE,
    )
    StepFactory(process=space, title="Étape", position=0, active=True)
    memberships = {
        user: SpaceMember.objects.create(
            organization=organization,
            space=space,
            user=user,
            invited_at=timezone.now(),
            accepted_at=timezone.now(),
        )
        for user in (alice, bob, carol)
    }
    component = make_open_proposals(space, actor=admin)
    auto_follow(user=bob, target=space)
    auto_follow(user=carol, target=space)
    auto_follow(user=carol, target=alice)
    memberships[carol].delete()  # carol followed while a member, then left
    proposal = _publish(alice, component)
    assert notified() == {"bob": ["proposals.proposal_published"]}
    auto_follow(user=carol, target=proposal)  # a follow left over from before
    auto_follow(user=bob, target=proposal)
    with committing():
        proposals.withdraw_proposal(actor=alice, proposal=proposal)
    assert notified("proposals.proposal_withdrawn") == {"bob": ["proposals.proposal_withdrawn"]}


def test_no_notification_crosses_organisations(ideas, process, alice, other_organization):
    stranger = make_user(other_organization, nickname="stranger")
    other_space = ProcessFactory(
        organization=other_organization, slug="budget", title="Budget", published_at=timezone.now()
    )
    auto_follow(user=stranger, target=other_space)
    # A follow row forged across organisations (never made by the services) is ignored too.
    from participation.notifications.models import Follow

    Follow.objects.create(
        organization=other_organization,
        user=stranger,
        content_type=ContentType.objects.get_for_model(process),
        object_id=process.pk,
    )
    Follow.objects.create(
        organization=other_organization,
        user=stranger,
        content_type=ContentType.objects.get_for_model(alice),
        object_id=alice.pk,
    )
    _publish(alice, ideas)
    assert not Notification.objects.filter(user=stranger).exists()
    assert not Notification.objects.filter(organization=other_organization).exists()
