"""Blog posts can be followed; publishing one notifies the followers of its space."""

from django.utils.translation import gettext_lazy as _

from blogs import events
from blogs.models import Post
from participation.notifications.registry import Followable
from participation.notifications.services import auto_follow


def _resolve(organization, user, pk):
    from participation.notifications.receivers import space_visible_to

    post = (
        Post.objects.visible()
        .select_related("component")
        .filter(pk=pk, component__organization=organization)
        .first()
    )
    if post is None or not post.component.is_published:
        return None
    return post if space_visible_to(post.component.space, user) else None


def _attach_spaces(posts: list[Post]) -> None:
    """One query for the posts' spaces, each as its own type (their URLs need the slug)."""
    from participation.moderation.visibility import attach_spaces

    attach_spaces([post.component for post in posts])


def _visible(organization, user):
    from blogs.hooks import visible_posts

    return visible_posts(organization, user)


FOLLOWABLES = (
    Followable(
        model=Post,
        label=_("Post"),
        resolve=_resolve,
        queryset=lambda: Post.objects.select_related("component"),
        describe=lambda post: (post.title, post.component.url("detail", pk=post.pk)),
        prepare=_attach_spaces,
        visible=_visible,
    ),
)


def post_saved(*, actor, post: Post) -> None:
    """The author follows their post; once visible in a published blog, the space hears of it."""
    auto_follow(user=actor, target=post)
    if post.is_visible and post.component.is_published:
        events.post_published_notification(
            target=post,
            actor=actor,
            organization=post.component.organization,
        )
