"""Who is notified: followers of the target and its space, never the actor, never outsiders."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType

from blogs.services import create_post
from participation.models import User
from participation.models.users import new_username
from participation.notifications import fanout, tasks
from participation.notifications.models import Follow, Notification
from participation.notifications.services import auto_follow, build_event, notify
from participation.outbox.models import OutboxMessage
from spaces.models import SpaceMember
from spaces.services.members import invite_member
from spaces.services.steps import activate_step
from tests.factories import StepFactory, make_user
from tests.notifications.conftest import blog_in, committing


@pytest.fixture
def process_steps():
    """The concertation starts without steps: a test adds them and follows their activation."""
    return []


def _publish(admin, blog, title="Nouvelle"):
    with committing():
        return create_post(actor=admin, component=blog, data={"title": title, "body": "<p>x</p>"})


def test_space_followers_hear_of_a_new_post_but_not_the_author(admin, blog, process):
    follower = make_user(admin.organization)
    auto_follow(user=follower, target=process)
    auto_follow(user=admin, target=process)
    post = _publish(admin, blog)
    notification = Notification.objects.get()
    assert notification.user == follower
    assert notification.event_name == "blogs.post_published"
    assert notification.title == "Nouvelle"
    assert notification.url == blog.url("detail", pk=post.pk)
    assert notification.extra == {"space": "Budget 2027"}


def test_other_organisations_users_are_never_notified(admin, blog, process, other_organization):
    stranger = make_user(other_organization)
    # A forged follow row (the services refuse it): still nobody from elsewhere is notified.
    Follow.objects.create(
        organization=admin.organization,
        user=stranger,
        content_type=ContentType.objects.get_for_model(process),
        object_id=process.pk,
    )
    _publish(admin, blog)
    assert not Notification.objects.exists()


def test_private_space_followers_must_still_be_members(admin, private_process, now):
    blog = blog_in(private_process, admin)
    member, former = make_user(admin.organization), make_user(admin.organization)
    for user in (member, former):
        auto_follow(user=user, target=private_process)
    SpaceMember.objects.create(
        organization=admin.organization,
        space=private_process,
        user=member,
        invited_at=now,
        accepted_at=now,
    )
    _publish(admin, blog)
    assert list(Notification.objects.values_list("user", flat=True)) == [member.pk]


def test_scheduled_posts_notify_nobody_yet(admin, blog, process, now):
    from datetime import timedelta

    auto_follow(user=make_user(admin.organization), target=process)
    with committing():
        create_post(
            actor=admin,
            component=blog,
            data={
                "title": "Plus tard",
                "body": "<p>x</p>",
                "published_at": now + timedelta(days=1),
            },
        )
    assert not Notification.objects.exists()


def test_a_new_step_notifies_the_followers_of_the_concertation(admin, process):
    follower = make_user(admin.organization)
    auto_follow(user=follower, target=process)
    first = StepFactory(process=process, title="Dépôt", position=0)
    second = StepFactory(process=process, title="Vote", position=1)
    with committing():
        activate_step(actor=admin, step=first)
    with committing():
        activate_step(actor=admin, step=second)
    with committing():
        activate_step(actor=admin, step=second)  # no change, no notification
    assert Notification.objects.filter(user=follower).count() == 2
    assert Notification.objects.filter(extra__step="Vote").count() == 1


def test_an_invitation_notifies_the_invitee_only(admin, private_process):
    invitee = make_user(admin.organization, email="invitee@example.org")
    auto_follow(user=make_user(admin.organization), target=private_process)
    with committing():
        invite_member(actor=admin, space=private_process, email=invitee.email, position="member")
    notification = Notification.objects.get()
    assert notification.user == invitee and notification.event_name == "spaces.invitation"
    assert notification.email_status == "skipped"  # the invitation e-mail already went out


def test_disabled_event_types_create_nothing(admin, blog, process):
    from participation.notifications.services import update_settings

    follower = make_user(admin.organization)
    auto_follow(user=follower, target=process)
    update_settings(user=follower, email_mode="daily", disabled_events=["blogs.post_published"])
    _publish(admin, blog)
    assert not Notification.objects.exists()


def test_hidden_content_is_not_notified(admin, blog, process, monkeypatch):
    auto_follow(user=make_user(admin.organization), target=process)
    monkeypatch.setattr(fanout, "is_hidden", lambda target: True)
    _publish(admin, blog)
    assert not Notification.objects.exists()


def test_mentions_reach_mentioned_people_only(admin, process):
    mentioned, follower = make_user(admin.organization), make_user(admin.organization)
    auto_follow(user=follower, target=process)
    with committing():
        notify(
            event_name="comments.mention",
            target=process,
            actor=admin,
            organization=admin.organization,
            recipients=[mentioned, admin],
            followers=False,
        )
    assert list(Notification.objects.values_list("user", flat=True)) == [mentioned.pk]


@pytest.mark.django_db
def test_fifty_thousand_followers_are_notified_in_chunks_once(admin, process, monkeypatch):
    organization = admin.organization
    users = User.objects.bulk_create(
        [
            User(
                organization=organization,
                username=new_username(),
                email=f"f{index}@example.org",
                password="!",
            )
            for index in range(50_000)
        ],
        batch_size=5_000,
    )
    if users[0].pk is None:  # backends that do not return ids
        users = list(User.objects.filter(organization=organization).exclude(pk=admin.pk))
    content_type = ContentType.objects.get_for_model(process)
    Follow.objects.bulk_create(
        [
            Follow(
                organization=organization,
                user_id=user.pk,
                content_type=content_type,
                object_id=process.pk,
            )
            for user in users
        ],
        batch_size=5_000,
    )
    event = build_event(
        event_name="spaces.step_changed", target=process, actor=admin, organization=organization
    )
    with committing():
        assert tasks.fan_out(event=event) == 50
    chunks = OutboxMessage.objects.filter(task="notifications.create_notifications")
    assert [len(row.payload["user_ids"]) for row in chunks] == [1000] * 50
    assert Notification.objects.count() == 50_000
    assert not OutboxMessage.objects.exclude(status="done").exists()
    # A retried fan-out (or a redelivered chunk) creates nothing twice.
    with committing():
        tasks.fan_out(event=event)
        tasks.create_notifications(event=event, user_ids=[users[0].pk, users[1].pk])
    assert Notification.objects.count() == 50_000
    assert Notification.objects.filter(event_id=uuid.UUID(event["event_id"])).count() == 50_000


def test_accepting_an_invitation_follows_the_space(admin, private_process):
    from unittest import mock

    from participation.notifications.services import is_following
    from spaces.services.members import accept_invitation

    invitee = make_user(admin.organization, email="new@example.org")
    token = "known-token-for-this-test"
    patched = mock.patch("spaces.services.members.secrets.token_urlsafe", return_value=token)
    with patched, committing():
        invite_member(actor=admin, space=private_process, email=invitee.email, position="member")
    accept_invitation(user=invitee, token=token, organization=admin.organization)
    assert is_following(user=invitee, target=private_process)
