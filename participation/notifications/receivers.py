"""Wiring: spaces are followable; comments (when installed) notify and auto-follow."""

import logging

from participation.notifications import registry

logger = logging.getLogger(__name__)


def space_visible_to(space, user) -> bool:
    from spaces.selectors import visible_spaces
    from spaces.types import SPACE_TYPES

    return (
        visible_spaces(
            space_type=SPACE_TYPES[space.url_prefix], organization=space.organization, user=user
        )
        .filter(pk=space.pk)
        .exists()
    )


def _space_followable(space_type):
    from spaces.selectors import visible_spaces

    def resolve(organization, user, pk):
        return (
            visible_spaces(space_type=space_type, organization=organization, user=user)
            .filter(pk=pk)
            .first()
        )

    return registry.Followable(
        model=space_type.model,
        label=space_type.model._meta.verbose_name,
        resolve=resolve,
        queryset=lambda: space_type.model.objects.all(),
        describe=lambda space: (space.title, space.get_absolute_url()),
    )


def on_comment_created(sender, comment, mentioned_users=(), **kwargs) -> None:
    """participation.comments sends ``comment_created(sender, comment, mentioned_users)``.

    The commenter follows what they commented on; followers hear about the
    comment and mentioned people about the mention.
    """
    from participation.notifications.services import auto_follow, notify

    author = getattr(comment, "author", None) or getattr(comment, "user", None)
    target = getattr(comment, "commentable", None) or getattr(comment, "target", None)
    organization = getattr(comment, "organization", None) or getattr(author, "organization", None)
    if target is None or organization is None:
        logger.warning("comment_created without a target or organisation: %r", comment)
        return
    auto_follow(author, target)
    notify("comments.comment_created", target=target, actor=author, organization=organization)
    mentioned = [user for user in mentioned_users or () if user != author]
    if mentioned:
        notify(
            "comments.mention",
            target=target,
            actor=author,
            organization=organization,
            recipients=mentioned,
            followers=False,
        )


def connect() -> None:
    from spaces.types import SPACE_TYPES

    for space_type in SPACE_TYPES.values():
        registry.register_followable(_space_followable(space_type))
    try:
        from participation.comments.signals import comment_created
    except ImportError:
        return
    comment_created.connect(on_comment_created, dispatch_uid="notifications-comment-created")
