"""Writing comments and votes: permission, one transaction, row locks, log, events (outbox)."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.comments import events, registry
from participation.comments.models import (
    MAX_BODY_LENGTH,
    MAX_DEPTH,
    Alignment,
    Comment,
    CommentVote,
)
from participation.comments.permissions import can_answer_officially, comment_permission
from participation.comments.signals import comment_created, comment_deleted
from participation.comments.targets import Target, is_visible
from participation.comments.text import clean_body, hash_mentions, mentioned_nicknames, plain_text
from participation.errors import ErrorCode, ServiceError
from participation.models import Organization, User
from participation.privacy.display import DELETED_EMAIL_DOMAIN

# Raw input (markup included) is refused well before it could cost anything to clean.
MAX_RAW_LENGTH = MAX_BODY_LENGTH * 4


def _denied(message: str) -> ServiceError:
    return ServiceError(message, ErrorCode.PERMISSION_DENIED)


def _check_signed_in(actor: User, organization_id: int | None) -> None:
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.organization_id == organization_id
    ):
        raise _denied(_("Sign in to comment."))


def _check_visible(actor: User, target: Target) -> Organization:
    organization = target.component.organization
    if not is_visible(target, actor, organization):
        raise _denied(_("This page is not available."))
    return organization


def _check_may_comment(actor: User, target: Target) -> None:
    permission = comment_permission(user=actor, component=target.component, space=target.space)
    if not permission.allowed:
        raise _denied(str(permission.message))


def _cleaned_body(body: str) -> str:
    if len(body or "") > MAX_RAW_LENGTH:
        raise _too_long()
    clean = clean_body(body)
    text = plain_text(clean)
    if not text:
        raise ServiceError(_("Write your comment."), ErrorCode.INVALID, field="body")
    if len(text) > MAX_BODY_LENGTH:
        raise _too_long()
    return clean


def _too_long() -> ServiceError:
    return ServiceError(
        _("A comment may have at most %(limit)d characters."),
        ErrorCode.INVALID,
        params={"limit": MAX_BODY_LENGTH},
        field="body",
    )


def _checked_alignment(alignment: int | str | None) -> int | None:
    if alignment in (None, ""):
        return None
    try:
        value = int(alignment)
    except (TypeError, ValueError):
        value = None
    if value not in Alignment.values:
        raise ServiceError(_("Choose a valid position."), ErrorCode.INVALID, field="alignment")
    return value


def _mentions(organization_id: int, body: str) -> list[User]:
    nicknames = mentioned_nicknames(body)
    if not nicknames:
        return []
    return list(
        User.objects.filter(
            organization_id=organization_id, nickname__in=nicknames, is_active=True
        ).exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
    )


def _object_mentions(organization: Organization, actor: User, body: str) -> list[dict]:
    found = []
    for kind, identifier in hash_mentions(body):
        resolver = registry.hash_resolver(kind)
        url = resolver(organization, actor, identifier) if resolver else None
        if url:
            found.append({"token": f"#{kind}-{identifier}", "url": str(url)})
    return found


def _locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def create_comment(
    *,
    actor: User,
    target: Target,
    body: str,
    alignment: int | str | None = None,
    parent: Comment | None = None,
    official: bool = False,
) -> Comment:
    """A comment on ``target``, or a reply to ``parent`` (deeper than MAX_DEPTH: beside it)."""
    _check_signed_in(actor, target.organization_id)
    organization = _check_visible(actor, target)
    if official:
        # The space's team answers even where residents may no longer comment.
        if not can_answer_officially(user=actor, component=target.component, space=target.space):
            raise _denied(_("Only the space's administrators and moderators answer officially."))
    else:
        _check_may_comment(actor, target)
    clean = _cleaned_body(body)
    alignment = _checked_alignment(alignment)

    content_type = _content_type(target)
    depth, ancestors = 0, []
    if parent is not None:
        parent = _locked(parent)
        if (
            parent.content_type_id != content_type.pk
            or parent.object_id != target.obj.pk
            or parent.organization_id != organization.pk
        ):
            raise ServiceError(_("This reply does not belong here."), ErrorCode.INVALID)
        if parent.depth >= MAX_DEPTH and parent.parent is not None:  # deeper: beside it
            parent = _locked(parent.parent)
        if parent.is_deleted:
            raise ServiceError(_("You cannot reply to a deleted comment."), ErrorCode.INVALID)
        depth = parent.depth + 1
        ancestors = [parent.pk]
        node: Comment | None = parent
        while node is not None and node.parent_id:
            ancestors.append(node.parent_id)
            node = node.parent

    mentioned = _mentions(organization.pk, clean)
    comment = Comment.objects.create(
        organization=organization,
        content_type=content_type,
        object_id=target.obj.pk,
        author=actor,
        parent=parent,
        depth=depth,
        body=clean,
        mentions=[user.nickname for user in mentioned],
        object_mentions=_object_mentions(organization, actor, clean),
        alignment=alignment,
        is_official=bool(official),
    )
    if ancestors:
        Comment.objects.filter(pk__in=ancestors).update(replies_count=F("replies_count") + 1)
    events.comment_created(
        organization=organization,
        actor=actor,
        target=comment,
        changes={"target": [None, f"{target.entry.key}:{target.obj.pk}"]},
    )
    # In this transaction: receivers update derived data (the proposal's comment count) and
    # record their follow-ups (notifications, through the outbox) with the comment itself.
    comment_created.send(sender=Comment, comment=comment, mentioned_users=mentioned)
    return comment


def _content_type(target: Target) -> ContentType:
    return ContentType.objects.get_for_model(target.obj, for_concrete_model=False)


def _check_author(actor: User, comment: Comment, message: str) -> None:
    _check_signed_in(actor, comment.organization_id)
    if comment.author_id != actor.pk:
        raise _denied(message)
    if comment.is_deleted:
        raise ServiceError(_("This comment was deleted."), ErrorCode.INVALID)


@transaction.atomic
def update_comment(
    *,
    actor: User,
    comment: Comment,
    target: Target,
    body: str,
    alignment: int | str | None = None,
) -> Comment:
    """The author edits under the rules that let them comment (an "edited" mark shows)."""
    _check_author(actor, comment, _("Only the author may edit a comment."))
    _check_visible(actor, target)
    if not (
        comment.is_official
        and can_answer_officially(user=actor, component=target.component, space=target.space)
    ):
        _check_may_comment(actor, target)
    clean = _cleaned_body(body)
    alignment = _checked_alignment(alignment)
    comment = _locked(comment)
    before = {"body": comment.body, "alignment": comment.alignment}
    comment.body = clean
    comment.alignment = alignment
    comment.mentions = [user.nickname for user in _mentions(comment.organization_id, clean)]
    comment.object_mentions = _object_mentions(target.component.organization, actor, clean)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "alignment", "mentions", "object_mentions", "edited_at"])
    events.comment_updated(
        organization=target.component.organization,
        actor=actor,
        target=comment,
        changes={"edited": [before["body"] != clean, True]},
    )
    return comment


@transaction.atomic
def delete_comment(*, actor: User, comment: Comment) -> Comment:
    """Soft delete by the author: the text goes, a placeholder keeps the replies in place."""
    _check_author(actor, comment, _("Only the author may delete a comment."))
    comment = _locked(comment)
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.mentions = []
    comment.object_mentions = []
    comment.save(update_fields=["deleted_at", "body", "mentions", "object_mentions"])
    events.comment_deleted(organization=comment.organization, actor=actor, target=comment)
    comment_deleted.send(sender=Comment, comment=comment)  # in this transaction, as above
    return comment


def _existing_vote(comment: Comment, actor: User) -> CommentVote | None:
    return CommentVote.objects.filter(comment=comment, user=actor).first()


@transaction.atomic
def vote_comment(*, actor: User, comment: Comment, target: Target, value: int) -> int | None:
    """Vote +1/-1; the same vote again takes it back, the other one switches it.

    Returns the person's vote afterwards (None: no vote). The comment's row is
    locked and its counters recomputed from the votes in the same transaction.
    """
    if value not in (CommentVote.UP, CommentVote.DOWN):
        raise ServiceError(_("Choose a valid vote."), ErrorCode.INVALID)
    _check_signed_in(actor, comment.organization_id)
    _check_visible(actor, target)
    _check_may_comment(actor, target)
    comment = _locked(comment)
    if comment.is_deleted:
        raise ServiceError(_("This comment was deleted."), ErrorCode.INVALID)
    if comment.author_id == actor.pk:
        raise _denied(_("You cannot vote on your own comment."))

    existing = _existing_vote(comment, actor)
    if existing is None:
        try:
            with transaction.atomic():
                CommentVote.objects.create(comment=comment, user=actor, value=value)
            result = value
        except IntegrityError:
            # A parallel identical request got there first: its vote stands, once.
            result = CommentVote.objects.get(comment=comment, user=actor).value
    elif existing.value == value:
        existing.delete()
        result = None
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        result = value

    counts = CommentVote.objects.filter(comment=comment).aggregate(
        up=Count("pk", filter=Q(value=CommentVote.UP)),
        down=Count("pk", filter=Q(value=CommentVote.DOWN)),
    )
    Comment.objects.filter(pk=comment.pk).update(up_votes=counts["up"], down_votes=counts["down"])
    events.comment_voted(
        organization=comment.organization,
        actor=actor,
        target=comment,
        changes={"vote": [None, result]},
    )
    return result
