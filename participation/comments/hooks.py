"""Comments in moderation: reportable, and hidden ones replaced by a placeholder in threads."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
