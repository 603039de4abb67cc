"""Reading a thread in a fixed number of queries, and comment counts for listings."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.comments.models import Comment, CommentVote
from participation.comments.text import render_body
from participation.models import User
from participation.privacy.display import DELETED_EMAIL_DOMAIN

# The orders a visitor may ask for (?order=...); anything else is the default.
ORDERINGS = {
    "oldest": _("Oldest first"),
    "newest": _("Newest first"),
    "best": _("Best rated"),
    "discussed": _("Most discussed"),
}
DEFAULT_ORDER = "oldest"

_SORT_KEYS = {
    "oldest": lambda c: (c.created_at, c.pk),
    "newest": lambda c: (-c.created_at.timestamp(), -c.pk),
    "best": lambda c: (-(c.up_votes - c.down_votes), -c.up_votes, c.created_at, c.pk),
    "discussed": lambda c: (-c.replies_count, c.created_at, c.pk),
}


def clean_order(value) -> str:
    return value if isinstance(value, str) and value in ORDERINGS else DEFAULT_ORDER


@dataclass
class Node:
    comment: Comment
    html: str = ""
    my_vote: int | None = None
    hidden: bool = False  # hidden by moderation: a placeholder for all but the moderators
    children: list["Node"] = field(default_factory=list)

    @property
    def pk(self):
        return self.comment.pk


@dataclass
class Thread:
    roots: list[Node]
    count: int  # comments not deleted


def _profile_url(nickname: str) -> str:
    return reverse("accounts:profile", kwargs={"nickname": nickname})


@lru_cache(maxsize=2048)
def _rendered_body(body: str, nicknames: frozenset, objects: tuple) -> str:
    """``render_body`` is a pure function of these: a busy thread re-parses nothing."""
    return render_body(
        body, nicknames=set(nicknames), objects=dict(objects), profile_url=_profile_url
    )


def _comments_of(target_obj, organization) -> QuerySet:
    """The comments on ``target_obj``, each with whether moderation hid it."""
    from participation.moderation.models import Moderation

    content_type = ContentType.objects.get_for_model(target_obj, for_concrete_model=False)
    hidden = Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=OuterRef("pk"),
        hidden_at__isnull=False,
    )
    return Comment.objects.filter(
        organization_id=organization.pk,
        content_type=content_type,
        object_id=target_obj.pk,
    ).annotate(moderation_hidden=Exists(hidden))


def _existing_nicknames(organization, wanted: set[str]) -> set[str]:
    """Which of the ``wanted`` nicknames still name an active account (mentions link to
    them); no query when none is wanted."""
    if not wanted:
        return set()
    from participation.moderation.selectors import exclude_hidden

    # Hidden by moderation: no profile page, so no link (exclude_hidden: a sub-query).
    return set(
        exclude_hidden(
            User.objects.filter(
                organization_id=organization.pk, nickname__in=wanted, is_active=True
            ).exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
        ).values_list("nickname", flat=True)
    )


def thread(*, target_obj, user, organization, order: str = DEFAULT_ORDER) -> Thread:
    """Every comment on ``target_obj``, as a tree, with authors and the visitor's votes.

    Queries: the comments with their authors (and, signed in, the visitor's vote on
    each, in the same statement); the mentioned nicknames that still exist (when
    any are mentioned). A thread of five or five hundred comments costs the same.
    """
    comments = _comments_of(target_obj, organization).select_related("author")
    if user.is_authenticated:
        # The visitor's vote on each comment, in the same statement (one vote per person).
        mine = CommentVote.objects.filter(comment_id=OuterRef("pk"), user_id=user.pk)
        comments = comments.annotate(
            my_vote=Subquery(mine.values("value")[:1], output_field=IntegerField())
        )
    comments = list(comments.order_by("created_at", "id"))
    existing = _existing_nicknames(
        organization, {nickname for comment in comments for nickname in comment.mentions}
    )

    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for comment in comments:
        html = ""
        if not comment.is_deleted:
            html = _rendered_body(
                comment.body,
                frozenset(existing & set(comment.mentions)),
                tuple(sorted((m["token"], m["url"]) for m in comment.object_mentions)),
            )
        node = Node(
            comment=comment,
            html=html,
            my_vote=getattr(comment, "my_vote", None),
            hidden=comment.moderation_hidden,
        )
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.children if parent else roots).append(node)
    sort_key = _SORT_KEYS[clean_order(order)]
    roots.sort(key=lambda node: sort_key(node.comment))
    return Thread(roots=roots, count=sum(1 for c in comments if not c.is_deleted))


# What a thread shows a visitor who can neither vote nor reply, as plain values. Mentions
# are derived from the body when it is saved; how authors and mentioned people are named
# comes in with the organisation's names version (``privacy.display.names_version``).
_SHOWN_FIELDS = (
    "pk",
    "parent_id",
    "depth",
    "body",
    "is_official",
    "deleted_at",
    "edited_at",
    "created_at",
    "alignment",
    "up_votes",
    "down_votes",
    "replies_count",
    "moderation_hidden",
    "author_id",
)


@dataclass
class ThreadSummary:
    """What a read-only thread shows, without building it: ``state`` changes whenever
    anything shown changes (a comment, an edit, a vote, a moderation, a person's name,
    a mentioned account), so it can name the thread's cached HTML."""

    state: tuple
    count: int  # comments not deleted
    roots: list[int]  # ids of the top-level comments


def thread_summary(*, target_obj, organization) -> ThreadSummary:
    """One query of plain rows, no model built and no person read: a long thread costs a
    fraction of ``thread``."""
    from participation.privacy.display import names_version

    rows = tuple(
        _comments_of(target_obj, organization)
        .order_by("created_at", "id")
        .values_list(*_SHOWN_FIELDS)
    )
    deleted = _SHOWN_FIELDS.index("deleted_at")
    return ThreadSummary(
        state=(rows, names_version(organization.pk)),
        count=sum(1 for row in rows if row[deleted] is None),
        roots=[row[0] for row in rows if row[1] is None],
    )


def with_comment_counts(queryset: QuerySet, *, name: str = "comment_count") -> QuerySet:
    """``queryset`` annotated with its objects' comment counts (deleted ones left out)."""
    content_type = ContentType.objects.get_for_model(queryset.model, for_concrete_model=False)
    counts = (
        Comment.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), deleted_at__isnull=True
        )
        .order_by()
        .values("object_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return queryset.annotate(
        **{name: Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))}
    )


def commenter_ids(items: QuerySet) -> QuerySet:
    """Ids of the people who commented on ``items`` (any registered commentable model), as a
    sub-query: deleted comments and comments hidden by moderation do not count."""
    from participation.comments import registry
    from participation.moderation.selectors import exclude_hidden

    registry.for_model(items.model)  # NotCommentable unless registered
    content_type = ContentType.objects.get_for_model(items.model, for_concrete_model=False)
    comments = Comment.objects.filter(
        content_type=content_type,
        object_id__in=items.values("pk"),
        deleted_at__isnull=True,
        author__isnull=False,
    )
    return exclude_hidden(comments).values("author_id")
