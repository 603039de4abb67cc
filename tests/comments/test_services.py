"""Writing comments: permissions, depth, edit/delete, official replies, votes, sanitising."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import translation

from participation.action_log import ActionLog
from participation.comments import services
from participation.comments.models import MAX_BODY_LENGTH, MAX_DEPTH, Comment, CommentVote
from participation.comments.permissions import Refusal, comment_permission
from participation.comments.signals import comment_created
from participation.components import predicates
from participation.components.models import Component
from participation.errors import ErrorCode, ServiceError
from spaces.models import SpaceRole
from tests.comments.conftest import open_comments
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def comment(actor, target, body="<p>Bonne idée</p>", **kwargs):
    return services.create_comment(actor=actor, target=target, body=body, **kwargs)


# --- Permissions --------------------------------------------------------------------


def test_a_resident_comments(alice, target):
    created = comment(alice, target, alignment=1)
    assert created.body == "<p>Bonne idée</p>" and created.alignment == 1 and created.depth == 0
    assert ActionLog.objects.filter(action="create_comment", target_id=str(created.pk)).exists()


def test_anonymous_visitors_are_asked_to_sign_in(target):
    assert (
        comment_permission(user=AnonymousUser(), component=target.component).refusal
        == Refusal.SIGN_IN
    )
    with pytest.raises(ServiceError) as error:
        comment(AnonymousUser(), target)
    assert error.value.error_code == ErrorCode.PERMISSION_DENIED


def test_a_person_of_another_organisation_cannot_comment(other_organization, target):
    stranger = make_user(other_organization)
    with pytest.raises(ServiceError):
        comment(stranger, target)
    assert not Comment.objects.exists()


def test_closed_in_this_step(admin, alice, commentable_blog, process, target):
    open_comments(admin, commentable_blog, process.steps.get(position=0), enabled=False)
    target.component.refresh_from_db()
    assert comment_permission(user=alice, component=target.component).refusal == Refusal.CLOSED
    with pytest.raises(ServiceError, match="closed"):
        comment(alice, target)
    assert not Comment.objects.exists()


def test_verification_required(alice, target, monkeypatch):
    Component.objects.filter(pk=target.component.pk).update(
        permissions={"comment": {"verifications": ["census"]}}
    )
    target.component.refresh_from_db()
    permission = comment_permission(user=alice, component=target.component)
    assert permission.refusal == Refusal.VERIFICATION and permission.verifications == ("census",)
    with pytest.raises(ServiceError, match="verify"):
        comment(alice, target)
    monkeypatch.setattr(predicates, "is_verified", lambda user, method: method == "census")
    assert comment_permission(user=alice, component=target.component).allowed
    assert comment(alice, target).pk


# --- Depth ----------------------------------------------------------------------------


def test_replies_stop_at_the_maximum_depth(alice, bob, target):
    node = comment(alice, target)
    chain = [node]
    for _ in range(MAX_DEPTH):
        node = comment(bob, target, parent=node)
        chain.append(node)
    assert [c.depth for c in chain] == [0, 1, 2, 3]
    deeper = comment(alice, target, parent=chain[-1])
    assert deeper.depth == MAX_DEPTH and deeper.parent_id == chain[-2].pk
    counts = dict(Comment.objects.values_list("pk", "replies_count"))
    assert counts[chain[0].pk] == 4 and counts[chain[2].pk] == 2 and counts[chain[3].pk] == 0


def test_a_reply_must_belong_to_the_same_target(admin, alice, commentable_blog, target):
    from blogs.services import create_post
    from participation.comments.targets import target_of

    other = target_of(
        create_post(actor=admin, component=commentable_blog, data={"title": "B", "body": "b"})
    )
    elsewhere = comment(alice, other)
    with pytest.raises(ServiceError):
        comment(alice, target, parent=elsewhere)


# --- Edit and delete ---------------------------------------------------------------------


def test_only_the_author_edits(alice, bob, target):
    mine = comment(alice, target)
    with pytest.raises(ServiceError):
        services.update_comment(actor=bob, comment=mine, target=target, body="pirate")
    edited = services.update_comment(actor=alice, comment=mine, target=target, body="Mieux")
    assert edited.body == "<p>Mieux</p>" and edited.edited_at is not None


def test_editing_follows_the_commenting_rules(admin, alice, commentable_blog, process, target):
    mine = comment(alice, target)
    open_comments(admin, commentable_blog, process.steps.get(position=0), enabled=False)
    target.component.refresh_from_db()
    with pytest.raises(ServiceError, match="closed"):
        services.update_comment(actor=alice, comment=mine, target=target, body="Trop tard")
    mine.refresh_from_db()
    assert mine.edited_at is None


def test_delete_is_soft_and_author_only(alice, bob, target):
    mine = comment(alice, target)
    reply = comment(bob, target, parent=mine)
    with pytest.raises(ServiceError):
        services.delete_comment(actor=bob, comment=mine)
    services.delete_comment(actor=alice, comment=mine)
    mine.refresh_from_db()
    assert mine.is_deleted and mine.body == "" and Comment.objects.filter(pk=reply.pk).exists()
    with pytest.raises(ServiceError):
        comment(bob, target, parent=mine)


# --- Official replies ---------------------------------------------------------------------


def test_official_replies_by_the_space_team_only(admin, alice, bob, process, target):
    question = comment(alice, target)
    with pytest.raises(ServiceError):
        comment(bob, target, parent=question, official=True)
    moderator = make_user(alice.organization)
    from guardian.shortcuts import assign_perm

    assign_perm(SpaceRole.MODERATOR.value, moderator, process)
    answer = comment(moderator, target, parent=question, official=True)
    assert answer.is_official
    assert comment(admin, target, parent=question, official=True).is_official


def test_the_team_answers_officially_when_comments_are_closed(
    admin, alice, commentable_blog, process, target
):
    question = comment(alice, target)
    open_comments(admin, commentable_blog, process.steps.get(position=0), enabled=False)
    target.component.refresh_from_db()
    assert comment(admin, target, parent=question, official=True).is_official
    with pytest.raises(ServiceError):
        comment(admin, target, parent=question)


# --- Votes ------------------------------------------------------------------------------


def vote(actor, c, target, value):
    return services.vote_comment(actor=actor, comment=c, target=target, value=value)


def counters(c):
    c.refresh_from_db()
    return c.up_votes, c.down_votes


def test_vote_toggle_and_switch(alice, bob, target):
    c = comment(alice, target)
    assert vote(bob, c, target, 1) == 1 and counters(c) == (1, 0)
    assert vote(bob, c, target, -1) == -1 and counters(c) == (0, 1)
    assert vote(bob, c, target, -1) is None and counters(c) == (0, 0)
    assert not CommentVote.objects.exists()


def test_no_vote_on_ones_own_comment(alice, target):
    c = comment(alice, target)
    with pytest.raises(ServiceError, match="own comment"):
        vote(alice, c, target, 1)
    assert counters(c) == (0, 0)


def test_invalid_vote_value(alice, bob, target):
    c = comment(alice, target)
    with pytest.raises(ServiceError):
        vote(bob, c, target, 5)


def test_counters_stay_right_after_many_voters(alice, organization, target):
    c = comment(alice, target)
    voters = [make_user(organization) for _ in range(6)]
    for index, voter in enumerate(voters):
        vote(voter, c, target, 1 if index % 3 else -1)
    vote(voters[1], c, target, 1)  # taken back
    vote(voters[2], c, target, -1)  # switched
    assert counters(c) == (2, 3)
    assert CommentVote.objects.filter(comment=c).count() == 5


def test_the_database_holds_one_vote_per_person(alice, bob, target):
    c = comment(alice, target)
    CommentVote.objects.create(comment=c, user=bob, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentVote.objects.create(comment=c, user=bob, value=1)


def test_a_parallel_identical_vote_leaves_one_row(alice, bob, target, monkeypatch):
    """The other request inserted its vote between our check and our insert."""
    c = comment(alice, target)
    CommentVote.objects.create(comment=c, user=bob, value=1)
    monkeypatch.setattr(services, "_existing_vote", lambda comment, actor: None)
    assert vote(bob, c, target, 1) == 1
    assert CommentVote.objects.filter(comment=c, user=bob).count() == 1
    assert counters(c) == (1, 0)


def test_replies_counter_under_interleaved_writes(alice, bob, organization, target):
    root = comment(alice, target)
    stale = Comment.objects.get(pk=root.pk)  # a copy read before the other writes
    for person in (bob, make_user(organization), alice):
        comment(person, target, parent=root)
    comment(bob, target, parent=stale)
    root.refresh_from_db()
    assert root.replies_count == 4


# --- Bodies, mentions, signal -------------------------------------------------------------


def test_bodies_are_sanitised(alice, target):
    c = comment(
        alice,
        target,
        '<p onclick="steal()">Hi <script>alert(1)</script><strong>bold</strong> '
        '<a href="javascript:alert(1)">x</a> <a href="https://ex.org" onmouseover="y()">ok</a>'
        '</p><img src="x" onerror="z()"><h1>big</h1>',
    )
    assert "script" not in c.body and "onclick" not in c.body and "onerror" not in c.body
    assert "javascript" not in c.body and "onmouseover" not in c.body and "<img" not in c.body
    assert "<strong>bold</strong>" in c.body and 'href="https://ex.org"' in c.body
    assert "<h1>" not in c.body


def test_plain_text_becomes_paragraphs(alice, target):
    c = comment(alice, target, "Ligne 1\nligne 2\n\nAutre <b>paragraphe</b>")
    assert c.body == "<p>Ligne 1<br>ligne 2</p><p>Autre <b>paragraphe</b></p>"


@pytest.mark.parametrize("body", ["", "   ", "<p> </p>", "<script>x</script>"])
def test_empty_bodies_are_refused(alice, target, body):
    with pytest.raises(ServiceError, match="Write"):
        comment(alice, target, body)


def test_too_long_bodies_are_refused(alice, target):
    with pytest.raises(ServiceError, match="at most"):
        comment(alice, target, "x" * (MAX_BODY_LENGTH + 1))
    assert not Comment.objects.exists()


def test_mentions_of_the_same_organisation_only(alice, bob, other_organization, target):
    make_user(other_organization, nickname="carol")
    c = comment(alice, target, "Merci @bob et @carol, écrire à a@bob.fr")
    assert c.mentions == ["bob"]


def test_comment_created_signal_inside_the_transaction(alice, bob, target):
    """Receivers record their follow-ups (outbox) and derived data with the comment itself."""
    received = []

    def listener(sender, comment, mentioned_users, **kwargs):
        assert transaction.get_connection().in_atomic_block
        received.append((comment.pk, [u.pk for u in mentioned_users]))

    comment_created.connect(listener)
    try:
        c = comment(alice, target, "Pour @bob")
        assert received == [(c.pk, [bob.pk])]
    finally:
        comment_created.disconnect(listener)
