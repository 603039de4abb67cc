"""Comments in moderation (reportable, hidden ones replaced by a placeholder in threads) and
on their authors' public profiles."""

import html

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from participation.accounts.contributions import (
    Contribution,
    ContributionSource,
    register_contribution_source,
)
from participation.comments import registry
from participation.comments.models import Comment
from participation.moderation.registry import (
    Place,
    component_places,
    plain_excerpt,
    register_reportable,
    with_component_space,
)
from participation.moderation.selectors import exclude_hidden
from participation.moderation.visibility import visible_components


def reportable_comments(organization, user):
    """Comments this person may read, hence report: not deleted, not hidden, on an object of a
    published component of a space they see (sub-queries only: one query when evaluated)."""
    components = visible_components(organization=organization, user=user).values("pk")
    condition = Q(pk__in=[])
    for entry in registry.entries():
        if not entry.organization_lookup.endswith("__organization_id"):
            continue
        component_path = entry.organization_lookup.removesuffix("__organization_id")
        objects = entry.queryset(organization).filter(**{f"{component_path}__in": components})
        content_type = ContentType.objects.get_for_model(entry.model, for_concrete_model=False)
        condition |= Q(content_type=content_type, object_id__in=objects.values("pk"))
    return exclude_hidden(
        Comment.objects.filter(organization_id=organization.pk, deleted_at__isnull=True).filter(
            condition
        )
    )


def _space(comment):
    entry = registry.for_model(comment.content_type.model_class())
    return entry.component(comment.target).space


def _url(comment) -> str:
    return reverse("comments:permalink", kwargs={"pk": comment.pk})


def _with_targets(queryset):
    """Comments with their author, and what they are on with its component and space: one
    query for the comments, one per type of commented object."""
    targets = []
    for entry in registry.entries():
        lookup = entry.organization_lookup.removesuffix("__organization_id")
        manager = entry.model._default_manager
        if lookup != entry.organization_lookup:
            targets.append(with_component_space(manager.all(), lookup))
        else:
            targets.append(manager.all())
    return queryset.select_related("author", "content_type").prefetch_related(
        GenericPrefetch("target", targets)
    )


def _title(comment) -> str:
    target = comment.target
    if target is None:
        return str(_("Comment"))
    return _("Comment on “%(title)s”") % {"title": target}


def _context(comment) -> tuple[Place, ...]:
    target = comment.target
    if target is None:
        return ()
    entry = registry.for_model(type(target))
    return (*component_places(entry.component(target)), Place(str(target), entry.permalink(target)))


register_reportable(
    Comment,
    label=_("comment"),
    queryset=reportable_comments,
    space=_space,
    url=_url,
    prepare=_with_targets,
    title=_title,
    excerpt=lambda comment: plain_excerpt(comment.body),
    author=lambda comment: comment.author,
    context=_context,
)


# --- the author's public profile ----------------------------------------------------


def _authored_comments(organization, author, viewer):
    """``author``'s comments ``viewer`` may read (as ``reportable_comments``), less those on
    an object hidden by moderation: sub-queries only."""
    from participation.moderation.models import Moderation

    hidden_targets = Moderation.objects.filter(
        hidden_at__isnull=False,
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
    )
    return (
        reportable_comments(organization, viewer)
        .filter(author=author)
        .exclude(Exists(hidden_targets))
        .select_related("content_type")
    )


def _prepare_comments(comments) -> None:
    """Each comment's target with its component and space: one query per commentable type
    present, then one for the spaces (each as its own type)."""
    from participation.moderation.visibility import attach_spaces

    by_type: dict[int, list] = {}
    for comment in comments:
        by_type.setdefault(comment.content_type_id, []).append(comment)
    components = []
    for group in by_type.values():
        model = group[0].content_type.model_class()
        try:
            entry = registry.for_model(model)
        except registry.NotCommentable:
            continue
        path = entry.organization_lookup.removesuffix("__organization_id")
        related = [path] if path != entry.organization_lookup else []
        targets = model._default_manager.select_related(*related).in_bulk(
            [comment.object_id for comment in group]
        )
        for comment in group:
            target = targets.get(comment.object_id)
            comment._profile_target = target
            comment._profile_entry = entry
            if target is not None:
                components.append(entry.component(target))
    attach_spaces([component for component in components if component is not None])


def _describe_comment(comment) -> Contribution:
    target, entry = (
        getattr(comment, "_profile_target", None),
        getattr(comment, "_profile_entry", None),
    )
    space_title = space_url = ""
    if target is not None and entry is not None:
        component = entry.component(target)
        space = component.space if component is not None else None
        if space is not None:
            space_title, space_url = space.title, space.get_absolute_url()
    text = Truncator(strip_tags(comment.body).replace("\xa0", " ")).words(24)
    return Contribution(
        kind=_("Comment"),
        title=html.unescape(text).strip() or str(_("Comment")),
        url=_url(comment),
        date=comment.created_at,
        space_title=space_title,
        space_url=space_url,
    )


register_contribution_source(
    ContributionSource(
        key="comments",
        queryset=_authored_comments,
        describe=_describe_comment,
        prepare=_prepare_comments,
    )
)
