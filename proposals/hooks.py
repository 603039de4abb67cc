"""Proposals in the generic apps: comments, moderation, follows, search, files and the
activity feed. Plain declarations and functions: ``proposals.component`` (the manifest)
puts them in front of the core."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from participation.accounts.contributions import Contribution, ContributionSource
from participation.attachments import attachable
from participation.comments.registry import commentable
from participation.comments.signals import comment_created, comment_deleted
from participation.components.media import component_space
from participation.moderation.feed import FeedItem
from participation.moderation.registry import (
    Reportable,
    component_places,
    plain_excerpt,
    with_component_space,
)
from participation.moderation.selectors import exclude_hidden, is_hidden
from participation.moderation.visibility import attach_spaces, visible_components
from participation.notifications.registry import Followable
from participation.search.registry import Searchable
from proposals.models import Proposal
from proposals.selectors import forget_counts
from spaces.permissions import can_manage_space, can_moderate_space


def visible_proposals_for(organization, user, *, listed_only=False):
    """Proposals this person may read: published, not hidden, in a visible published component."""
    components = visible_components(organization=organization, user=user, listed_only=listed_only)
    return exclude_hidden(
        Proposal.objects.published().filter(
            organization_id=organization.pk,
            component__in=components.filter(manifest_name="proposals").values("pk"),
        )
    ).select_related("component")


def _prepare(proposals) -> None:
    attach_spaces([proposal.component for proposal in proposals])


def _url(proposal) -> str:
    return proposal.component.url("detail", pk=proposal.pk)


def _commentable(proposal, user) -> bool:
    """Drafts are nobody's to comment; hidden proposals only their moderators'."""
    if proposal.published_at is None:
        return False
    return not is_hidden(proposal) or can_moderate_space(user, proposal.component.space)


def _resolve_mention(organization, user, identifier: int) -> str | None:
    proposal = visible_proposals_for(organization, user).filter(pk=identifier).first()
    return _url(proposal) if proposal is not None else None


def recent(organization, limit: int) -> list[FeedItem]:
    """The public activity feed's latest proposals (listed spaces only)."""
    proposals = list(
        visible_proposals_for(organization, None, listed_only=True).order_by(
            "-published_at", "-id"
        )[:limit]
    )
    _prepare(proposals)
    return [
        FeedItem(
            kind=_("Proposal"),
            title=proposal.title,
            url=_url(proposal),
            date=proposal.published_at,
            space_title=proposal.component.space.title,
            space_url=proposal.component.space.get_absolute_url(),
        )
        for proposal in proposals
    ]


def recount_comments(proposal_id: int) -> None:
    """Set the proposal's comments_count from its comments (deleted ones left out): one UPDATE."""
    from participation.comments.models import Comment

    content_type = ContentType.objects.get_for_model(Proposal)
    total = (
        Comment.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), deleted_at__isnull=True
        )
        .order_by()
        .values("object_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Proposal.objects.filter(pk=proposal_id).update(
        comments_count=Coalesce(Subquery(total, output_field=IntegerField()), Value(0))
    )


def _on_comment_changed(sender, comment, **kwargs) -> None:
    if comment.content_type_id == ContentType.objects.get_for_model(Proposal).pk:
        recount_comments(comment.object_id)


def _resolve_followable(organization, user, pk):
    return visible_proposals_for(organization, user).filter(pk=pk).first()


def _files_visible(request, proposal) -> bool:
    """A draft's files: its author and the space's admins; a hidden proposal's: its
    moderators; a published one's: whoever sees the proposal (visible space and component)."""
    space = component_space(request, proposal.component)
    if space is None:
        return False
    user = request.user
    if proposal.published_at is None:
        return (user.is_authenticated and proposal.author_id == user.pk) or can_manage_space(
            user, space
        )
    if is_hidden(proposal):
        return can_moderate_space(user, space)
    return True


def _moderated(proposal: Proposal) -> None:
    forget_counts(proposal.organization_id)


def connect() -> None:
    """Keep ``comments_count`` in step with the comments (a receiver, not a registration)."""
    comment_created.connect(_on_comment_changed, dispatch_uid="proposals-comment-created")
    comment_deleted.connect(_on_comment_changed, dispatch_uid="proposals-comment-deleted")


ATTACHABLES = (
    attachable(
        Proposal,
        can_view=_files_visible,
        space_id=lambda proposal: proposal.component.space_id,
        select_related=("component",),
    ),
)
FOLLOWABLES = (
    Followable(
        model=Proposal,
        label=_("Proposal"),
        resolve=_resolve_followable,
        # Hidden by moderation: "no longer available" on the "Following" page.
        queryset=lambda: exclude_hidden(Proposal.objects.select_related("component")),
        describe=lambda proposal: (proposal.title, _url(proposal)),
        prepare=_prepare,
        counter="followers_count",
        order=30,
        visible=visible_proposals_for,
    ),
)
COMMENTABLES = (commentable(Proposal, permalink=_url, is_visible=_commentable),)
HASH_MENTIONS = {"proposal": _resolve_mention}
REPORTABLES = (
    Reportable(
        model=Proposal,
        label=_("proposal"),
        queryset=visible_proposals_for,
        space=lambda proposal: proposal.component.space,
        url=_url,
        prepare=lambda proposals: with_component_space(proposals.select_related("author")),
        title=lambda proposal: proposal.title,
        excerpt=lambda proposal: plain_excerpt(proposal.body),
        author=lambda proposal: proposal.author,
        context=lambda proposal: component_places(proposal.component),
        # Hidden proposals leave the listings: their cached totals go with them.
        on_hide=_moderated,
        on_unhide=_moderated,
    ),
)
SEARCHABLES = (
    Searchable(
        key="proposals",
        label=_("Proposals"),
        model=Proposal,
        state=lambda proposal: (proposal.state, proposal.get_state_display()),
        queryset=visible_proposals_for,
        title="title",
        body=("body",),
        url=_url,
        in_space=lambda qs, key, pk: qs.filter(component__space_id=pk),
        prepare=_prepare,
        order=25,
    ),
)


def _authored(organization, author, viewer):
    return visible_proposals_for(organization, viewer).filter(author=author)


def _contribution(proposal) -> Contribution:
    space = proposal.component.space
    return Contribution(
        kind=_("Proposal"),
        title=proposal.title,
        url=_url(proposal),
        date=proposal.published_at,
        space_title=space.title,
        space_url=space.get_absolute_url(),
    )


CONTRIBUTIONS = (
    ContributionSource(
        key="proposals",
        queryset=_authored,
        describe=_contribution,
        date="published_at",
        prepare=_prepare,
    ),
)
