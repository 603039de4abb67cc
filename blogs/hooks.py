"""Blog posts in comments, moderation, search, files, the public activity feed and the home
page's news. Plain declarations and functions: ``blogs.component`` (the manifest) puts them
in front of the core."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blogs.models import Post
from participation.accounts.contributions import Contribution, ContributionSource
from participation.comments.registry import commentable
from participation.components.media import component_space
from participation.media import media_owner
from participation.moderation.feed import FeedItem
from participation.moderation.registry import (
    Reportable,
    component_places,
    plain_excerpt,
    with_component_space,
)
from participation.moderation.selectors import exclude_hidden, is_hidden
from participation.moderation.visibility import attach_spaces, visible_components
from participation.search.registry import Searchable
from spaces.permissions import can_moderate_space, can_read_space_backoffice


def visible_posts(organization, user, *, listed_only=False):
    """Posts this person may read: published, in a published blog of a visible space."""
    components = visible_components(organization=organization, user=user, listed_only=listed_only)
    return exclude_hidden(
        Post.objects.visible().filter(
            component__in=components.filter(manifest_name="blogs").values("pk")
        )
    ).select_related("component")


def _prepare(posts) -> None:
    attach_spaces([post.component for post in posts])


def _url(post) -> str:
    return post.component.url("detail", pk=post.pk)


def _items(posts) -> list[FeedItem]:
    _prepare(posts)
    return [
        FeedItem(
            kind=_("Blog post"),
            title=post.title,
            url=_url(post),
            date=post.published_at,
            space_title=post.component.space.title,
            space_url=post.component.space.get_absolute_url(),
        )
        for post in posts
    ]


def recent(organization, limit: int) -> list[FeedItem]:
    """The public activity feed's latest posts (listed spaces only)."""
    return _items(list(visible_posts(organization, None, listed_only=True)[:limit]))


def news(components, limit: int) -> list[FeedItem]:
    """The latest posts of ``components`` (published blogs of spaces the visitor sees, a
    lazy queryset): published, not hidden; one query, plus one per space type present."""
    posts = exclude_hidden(Post.objects.visible().filter(component__in=components))
    return _items(list(posts.select_related("component").order_by("-published_at", "-id")[:limit]))


COMMENTABLES = (commentable(Post, permalink=_url),)
REPORTABLES = (
    Reportable(
        model=Post,
        label=_("post"),
        queryset=visible_posts,
        space=lambda post: post.component.space,
        url=_url,
        prepare=lambda posts: with_component_space(posts.select_related("author")),
        title=lambda post: post.title,
        excerpt=lambda post: plain_excerpt(post.body),
        author=lambda post: post.author,
        context=lambda post: component_places(post.component),
    ),
)
SEARCHABLES = (
    Searchable(
        key="blog_posts",
        label=_("Blog posts"),
        model=Post,
        queryset=visible_posts,
        title="title",
        body=("body",),
        url=_url,
        in_space=lambda qs, key, pk: qs.filter(component__space_id=pk),
        prepare=_prepare,
        order=20,
    ),
)


def _image_visible(request, post) -> bool:
    """A post's image: to whoever reads the post; scheduled or hidden posts, to the
    space's back-office (hidden ones: moderators)."""
    space = component_space(request, post.component)
    if space is None:
        return False
    if is_hidden(post):
        return can_moderate_space(request.user, space)
    return post.published_at <= timezone.now() or can_read_space_backoffice(request.user, space)


MEDIA = (
    media_owner(
        Post,
        "image",
        can_view=_image_visible,
        organization_lookup="component__organization_id",
        select_related=("component",),
    ),
)


def _authored(organization, author, viewer):
    """Posts signed by ``author`` the viewer may read, in blogs that show their authors."""
    return (
        visible_posts(organization, viewer)
        .filter(author=author)
        .exclude(component__settings__show_author=False)
    )


def _contribution(post) -> Contribution:
    space = post.component.space
    return Contribution(
        kind=_("Blog post"),
        title=post.title,
        url=_url(post),
        date=post.published_at,
        space_title=space.title,
        space_url=space.get_absolute_url(),
    )


CONTRIBUTIONS = (
    ContributionSource(
        key="blog_posts",
        queryset=_authored,
        describe=_contribution,
        date="published_at",
        prepare=_prepare,
    ),
)
