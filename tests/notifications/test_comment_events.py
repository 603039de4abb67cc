"""Comments → notifications, end to end through the real comments app."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.comments.models import Comment
from participation.comments.services import create_comment
from participation.comments.targets import target_of
from participation.moderation.models import Moderation
from participation.notifications.models import EmailMode, Notification, NotificationSettings
from participation.notifications.selectors import unread_count
from participation.notifications.services import auto_follow, is_following
from participation.notifications.tasks import send_daily_digests
from proposals.models import Proposal
from spaces.models import SpaceMember
from tests.conftest import host_client
from tests.factories import (
    ProcessFactory,
    StepFactory,
    make_component,
    make_open_proposals,
    make_proposal,
    make_user,
)
from tests.notifications.conftest import committing, notified


def _comment(actor, obj, body, parent=None):
    with committing():
        return create_comment(actor=actor, target=target_of(obj), body=body, parent=parent)


def _hide(obj):
    return Moderation.objects.create(
        organization_id=obj.organization_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        hidden_at=timezone.now(),
    )


def test_a_comment_on_a_followed_proposal_notifies_its_followers_not_its_author(
    ideas, process, alice, bob, carol, organization
):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    auto_follow(user=bob, target=proposal)
    space_follower = make_user(organization, nickname="space-follower")
    auto_follow(user=space_follower, target=process)  # not told of every comment in the space
    comment = _comment(carol, proposal, "<p>Et pourquoi pas près du marché ?</p>")
    assert notified() == {
        "alice": ["comments.comment_created"],
        "bob": ["comments.comment_created"],
    }
    row = Notification.objects.get(user=bob)
    assert row.url == f"{proposal.get_absolute_url()}#comment-{comment.pk}"
    assert (row.title, row.actor_id, row.object_id) == (proposal.title, carol.pk, proposal.pk)
    assert (row.subject_type.model_class(), row.subject_id) == (Comment, comment.pk)
    # The commenter now follows the proposal (auto-follow), counted once.
    assert is_following(user=carol, target=proposal)
    assert Proposal.objects.get(pk=proposal.pk).followers_count == 3


def test_a_reply_notifies_the_parent_s_author_once(ideas, alice, bob, carol):
    proposal = make_proposal(ideas, alice)
    parent = _comment(bob, proposal, "<p>Premier avis</p>")  # bob now follows the proposal
    auto_follow(user=alice, target=proposal)
    Notification.objects.all().delete()
    _comment(carol, proposal, "<p>Je réponds</p>", parent=parent)
    assert notified() == {
        "alice": ["comments.comment_created"],
        "bob": ["comments.reply"],  # not a second notification as a follower
    }


def test_replying_to_oneself_tells_only_the_followers(ideas, alice, bob):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    parent = _comment(bob, proposal, "<p>Premier avis</p>")
    Notification.objects.all().delete()
    _comment(bob, proposal, "<p>Je complète</p>", parent=parent)
    assert notified() == {"alice": ["comments.comment_created"]}


def test_a_mention_notifies_the_mentioned_person_once(ideas, alice, bob, carol, organization):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    make_user(organization, nickname="dave")
    _comment(bob, proposal, "<p>@alice et @carol, et @dave, et moi @bob</p>")
    assert notified() == {
        "alice": ["comments.mention"],  # a follower too, but told once
        "carol": ["comments.mention"],
        "dave": ["comments.mention"],
    }


def test_any_commentable_works_blog_posts_too(alice, bob, admin, process):
    from blogs.services import create_post
    from participation.comments.targets import target_of as target
    from participation.components import services as components

    step = process.steps.get(active=True)
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    blog = components.configure_component(
        actor=admin, component=blog, step_settings={str(step.pk): {"comments_enabled": True}}
    )
    post = create_post(actor=admin, component=blog, data={"title": "Lancement", "body": "<p>x</p>"})
    with committing():
        create_comment(actor=bob, target=target(post), body="<p>Bravo</p>")
    assert is_following(user=bob, target=post)
    assert notified() == {admin.nickname: ["comments.comment_created"]}


def test_hidden_comments_never_notify(ideas, alice, bob, carol):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    with committing():
        comment = create_comment(actor=bob, target=target_of(proposal), body="<p>@carol !</p>")
        _hide(comment)  # reported and hidden before the fan-out ran
    assert notified() == {}


def test_comments_on_hidden_proposals_never_notify(ideas, alice, bob, admin):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    _hide(proposal)
    _comment(admin, proposal, "<p>Note de modération pour @alice</p>")  # moderators still comment
    assert notified() == {}


def test_hiding_a_comment_afterwards_takes_its_notifications_away(ideas, alice, bob, carol):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    NotificationSettings.objects.create(user=alice, email_mode=EmailMode.DAILY)
    kept = _comment(carol, proposal, "<p>Un avis correct</p>")
    hidden = _comment(bob, proposal, "<p>Un avis injurieux</p>")
    client = host_client("ville-a.test", alice)
    assert unread_count(alice) == 2
    moderation = _hide(hidden)
    assert unread_count(alice) == 1
    page = client.get("/notifications/").content.decode()
    assert f"#comment-{kept.pk}" in page and f"#comment-{hidden.pk}" not in page
    # Nor in the digest e-mail.
    mail.outbox.clear()
    with committing():
        send_daily_digests()
    assert len(mail.outbox) == 1
    assert f"#comment-{kept.pk}" in mail.outbox[0].body
    assert f"#comment-{hidden.pk}" not in mail.outbox[0].body
    moderation.delete()
    assert unread_count(alice) == 2


def test_private_spaces_tell_only_their_members(admin, alice, bob, carol, organization):
    from spaces.models import Visibility

    space = ProcessFactory(
        organization=organization,
        slug="conseil",
        title="Conseil privé",
        published_at=timezone.now(),
        visibility=Visibility.PRIVATE,
    )
    StepFactory(process=space, title="Étape", position=0, active=True)
    members = {}
    for user in (alice, bob, carol):
        members[user] = SpaceMember.objects.create(
            organization=organization,
            space=space,
            user=user,
            invited_at=timezone.now(),
            accepted_at=timezone.now(),
        )
    component = make_open_proposals(space, actor=admin)
    proposal = make_proposal(component, alice)
    parent = _comment(carol, proposal, "<p>Mon avis</p>")
    auto_follow(user=alice, target=proposal)
    outsider = make_user(organization, nickname="outsider")
    members[carol].delete()  # carol follows (she commented) and wrote the parent, then left
    Notification.objects.all().delete()
    _comment(bob, proposal, "<p>@outsider @carol vous avez vu ?</p>", parent=parent)
    assert notified() == {"alice": ["comments.comment_created"]}
    assert not Notification.objects.filter(user__in=[outsider, carol]).exists()


def test_mentions_never_cross_organisations(ideas, alice, bob, other_organization):
    make_user(other_organization, nickname="zoe")
    proposal = make_proposal(ideas, alice)
    _comment(bob, proposal, "<p>@zoe regarde</p>")
    assert not Notification.objects.filter(organization=other_organization).exists()
    assert notified() == {}


def test_immediate_e_mails_link_to_the_comment(ideas, alice, bob):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    NotificationSettings.objects.create(user=alice, email_mode=EmailMode.IMMEDIATE)
    mail.outbox.clear()
    comment = _comment(bob, proposal, "<p>Oui !</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    assert f"#comment-{comment.pk}" in mail.outbox[0].body


def test_centre_keeps_a_fixed_number_of_queries_with_hidden_items(ideas, alice, bob):
    proposal = make_proposal(ideas, alice)
    auto_follow(user=alice, target=proposal)
    client = host_client("ville-a.test", alice)
    _comment(bob, proposal, "<p>Un</p>")
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as small:
        client.get("/notifications/")
    for index in range(12):
        comment = _comment(bob, proposal, f"<p>Avis {index}</p>")
        if index % 3 == 0:
            _hide(comment)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/notifications/").content.decode()
    assert len(large) == len(small)
    assert page.count('class="notification ') + page.count('class="notification"') == 9
