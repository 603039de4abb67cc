"""Finding a commented object for a request: its organisation, its visibility rules."""

from dataclasses import dataclass
from typing import Any

from participation.comments import registry
from participation.space_types import SPACE_TYPES
from participation.spaces import can_manage_space, visible_spaces


@dataclass
class Target:
    obj: Any
    entry: registry.Commentable
    component: Any

    @property
    def space(self):
        return self.component.space

    @property
    def organization_id(self):
        return self.component.organization_id

    def permalink(self) -> str:
        return self.entry.permalink(self.obj)

    def comment_url(self, comment) -> str:
        return f"{self.permalink()}#comment-{comment.pk}"


def target_of(obj, *, component=None) -> Target:
    entry = registry.for_object(obj)
    return Target(obj=obj, entry=entry, component=component or entry.component(obj))


def is_visible(target: Target, user, organization) -> bool:
    """The visitor sees the object's page: same organisation, visible space, published parts."""
    component = target.component
    if component.organization_id != organization.pk:
        return False
    kind = SPACE_TYPES.get(component.space_type)
    if kind is None:
        return False
    space = (
        visible_spaces(space_type=kind, organization=organization, user=user)
        .filter(pk=component.space_id)
        .first()
    )
    if space is None:
        return False
    component.set_space(space)
    if not component.is_published and not can_manage_space(user, space):
        return False
    return bool(target.entry.is_visible(target.obj, user))


def find_target(*, key: str, object_id: int, organization, user) -> Target | None:
    """The visible object ``key``/``object_id`` of ``organization``, or None (a 404)."""
    try:
        entry = registry.by_key(key)
    except registry.NotCommentable:
        return None
    obj = entry.queryset(organization).filter(pk=object_id).first()
    if obj is None:
        return None
    target = Target(obj=obj, entry=entry, component=entry.component(obj))
    return target if is_visible(target, user, organization) else None


def target_of_comment(comment, *, user, organization) -> Target | None:
    """The visible object a comment of ``organization`` belongs to, or None."""
    if comment.organization_id != organization.pk:
        return None
    model = comment.content_type.model_class()
    if model is None:
        return None
    try:
        entry = registry.for_model(model)
    except registry.NotCommentable:
        return None
    return find_target(
        key=entry.key, object_id=comment.object_id, organization=organization, user=user
    )
