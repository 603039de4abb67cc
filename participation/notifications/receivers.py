"""Wiring: spaces, their categories and people are followable; comments notify and
auto-follow."""

import logging

from participation.notifications import registry

logger = logging.getLogger(__name__)


def space_visible_to(space, user) -> bool:
    from participation.spaces import may_see_space

    return may_see_space(user, space)


def _space_followable(space_type):
    from participation.spaces import visible_spaces

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
        order=10,
        visible=lambda organization, user: visible_spaces(
            space_type=space_type, organization=organization, user=user
        ),
    )


def _resolve_category(organization, user, pk):
    """A category of this organisation, in a space ``user`` may see."""
    from participation.models import Category

    category = Category.objects.filter(organization=organization, pk=pk).first()
    if category is None:
        return None
    return category if space_visible_to(category.space, user) else None


def _prepare_categories(categories) -> None:
    """Their spaces, each as its own type: one query."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(categories, "space")


def _describe_category(category):
    space = category.space
    return f"{category.name} · {space.title}", space.get_absolute_url()


def _visible_categories(organization, user):
    """Categories of the spaces ``user`` may see (what a profile's follows may show)."""
    from participation.models import Category
    from participation.spaces import visible_spaces

    spaces = visible_spaces(organization=organization, user=user)
    return Category.objects.filter(organization=organization, space__in=spaces.values("pk"))


def _category_followable():
    from django.utils.translation import gettext_lazy as _

    from participation.models import Category

    return registry.Followable(
        model=Category,
        label=_("Category"),
        resolve=_resolve_category,
        queryset=lambda: Category.objects.all(),
        describe=_describe_category,
        prepare=_prepare_categories,
        order=20,
        visible=_visible_categories,
    )


def _resolve_user(organization, user, pk):
    """An active, named participant of this organisation, not hidden, not oneself."""
    from participation.models import User
    from participation.moderation.selectors import exclude_hidden
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    if getattr(user, "pk", None) == pk:
        return None
    return (
        exclude_hidden(User.objects.filter(organization=organization, is_active=True))
        .exclude(nickname="")
        .exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
        .filter(pk=pk)
        .first()
    )


def _visible_people():
    from participation.models import User
    from participation.moderation.selectors import exclude_hidden

    return exclude_hidden(User.objects.filter(is_active=True))


def public_people(organization, viewer=None):
    """People of ``organization`` with a public profile: active, named, not deleted, not
    hidden by moderation (a lazy queryset)."""
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    return (
        _visible_people()
        .filter(organization=organization)
        .exclude(nickname="")
        .exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
    )


def _describe_user(person):
    from django.urls import reverse

    from participation.privacy.display import display_name

    url = (
        reverse("accounts:profile", kwargs={"nickname": person.nickname}) if person.nickname else ""
    )
    return display_name(person), url


def _user_followable():
    from django.utils.translation import gettext_lazy as _

    from participation.models import User

    return registry.Followable(
        model=User,
        label=_("Participant"),
        resolve=_resolve_user,
        queryset=_visible_people,
        describe=_describe_user,
        order=40,
        visible=public_people,
    )


def on_comment_created(sender, comment, mentioned_users=(), **kwargs) -> None:
    """participation.comments sends ``comment_created(sender, comment, mentioned_users)``.

    The commenter follows what they commented on. Each person hears of a
    comment once, for the first reason that applies: mentioned in it
    (``comments.mention``), author of the comment it replies to
    (``comments.reply``), follower of the commented object
    (``comments.comment_created``; the followers of its space are not told of
    every comment). The notifications are about the comment: hiding it (or
    the commented object) removes them.
    """
    from participation.comments import events as comment_events
    from participation.comments.registry import NotCommentable, for_object
    from participation.notifications.services import auto_follow

    author = comment.author
    target = comment.target
    organization = comment.organization
    if target is None or author is None:
        logger.warning("comment_created without a target or an author: %r", comment)
        return
    try:
        url = f"{for_object(target).permalink(target)}#comment-{comment.pk}"
    except NotCommentable:
        url = ""
    auto_follow(user=author, target=target)
    options = {
        "target": target,
        "subject": comment,
        "actor": author,
        "organization": organization,
        "extra": {"url": url} if url else None,
    }
    mentioned = [user for user in mentioned_users or () if user.pk != author.pk]
    if mentioned:
        comment_events.mention_notification(recipients=mentioned, followers=False, **options)
    parent_author = None
    if comment.parent_id is not None:
        parent_author = comment.parent.author
        if (
            parent_author is not None
            and parent_author.pk != author.pk
            and parent_author.pk not in {user.pk for user in mentioned}
        ):
            comment_events.reply_notification(
                recipients=[parent_author], followers=False, **options
            )
        else:
            parent_author = None
    comment_events.comment_created_notification(
        space_followers=False,
        exclude=[*mentioned, parent_author],
        **options,
    )


def connect() -> None:
    from participation.space_types import SPACE_TYPES

    for space_type in SPACE_TYPES.values():
        registry.register_followable(_space_followable(space_type))
    registry.register_followable(_category_followable())
    registry.register_followable(_user_followable())
    try:
        from participation.comments.signals import comment_created
    except ImportError:
        return
    comment_created.connect(on_comment_created, dispatch_uid="notifications-comment-created")
