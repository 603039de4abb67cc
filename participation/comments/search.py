"""Comments are searchable: the core registers them like any other type (their text, shown
under the title of what they comment)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.comments import registry
from participation.comments.models import Comment
from participation.moderation.selectors import exclude_hidden
from participation.moderation.visibility import visible_components
from participation.search.index import default_document, plain_text
from participation.search.registry import for_model, register_searchable


def _target_searchable(model):
    found = for_model(model)
    return found[0] if found else None


def searchable_comments(organization, user):
    """Comments this person may read: not deleted, not hidden, on an object they may see
    (the object's own search rules when it is searchable, else a published component of a
    space they see). Correlated sub-queries only: one query when evaluated, reading the
    targets of the comments asked for, not every target."""
    condition = Q(pk__in=[])
    for entry in registry.entries():
        searchable = _target_searchable(entry.model)
        if searchable is not None:
            objects = searchable.queryset(organization, user)
        elif entry.organization_lookup.endswith("__organization_id"):
            path = entry.organization_lookup.removesuffix("__organization_id")
            components = visible_components(organization=organization, user=user)
            objects = entry.queryset(organization).filter(
                **{f"{path}__in": components.values("pk")}
            )
        else:
            continue
        content_type = ContentType.objects.get_for_model(entry.model, for_concrete_model=False)
        # Correlated: the search reads a page of comments, never every visible target.
        condition |= Q(content_type=content_type) & Exists(objects.filter(pk=OuterRef("object_id")))
    return exclude_hidden(
        Comment.objects.filter(organization_id=organization.pk, deleted_at__isnull=True).filter(
            condition
        )
    )


def _document(comment) -> dict | None:
    """Indexed under the space and component of what it comments; gone once deleted."""
    if comment.deleted_at is not None:
        return None
    target = comment.target
    if target is None:
        return None
    searchable = _target_searchable(type(target))
    if searchable is not None:
        about = default_document(searchable, target)
        caption = about["title"]
    else:
        try:
            component = registry.for_object(target).component(target)
        except registry.NotCommentable:
            return None
        about = {"space_id": component.space_id, "component_id": component.pk}
        caption = plain_text(str(target))[:500]
    return {
        "organization_id": comment.organization_id,
        "space_id": about["space_id"],
        "component_id": about["component_id"],
        "title": "",
        "body": plain_text(comment.body),
        "caption": caption,
        "state_key": "",
        "state_label": "",
        "published_at": comment.created_at,
    }


def _prepare_index(comments) -> None:
    """Targets and their components loaded for many comments at once."""
    prefetch_related_objects(comments, "target")
    targets = [comment.target for comment in comments if comment.target is not None]
    with_component = [
        target
        for target in targets
        if any(field.name == "component" for field in target._meta.get_fields())
    ]
    by_model: dict = {}
    for target in with_component:
        by_model.setdefault(type(target), []).append(target)
    for items in by_model.values():
        prefetch_related_objects(items, "component")


register_searchable(
    "comments",
    label=_("Comments"),
    model=Comment,
    queryset=searchable_comments,
    title="body",
    body=(),
    url=lambda comment: reverse("comments:permalink", kwargs={"pk": comment.pk}),
    document=_document,
    prepare_index=_prepare_index,
    watch=("body", "deleted_at", "edited_at"),
    order=60,
)
