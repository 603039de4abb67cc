"""What can be commented, and which ``#`` mentions resolve to which objects.

Making a model commentable is one line, in its app's ``AppConfig.ready``::

    register_commentable(Proposal)

The defaults expect a ``component`` foreign key and ``get_absolute_url``; pass
``permalink`` / ``component`` / ``is_visible`` / ``organization_lookup`` when the
model differs. Its page then shows ``{% comments_for proposal %}``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


def _default_component(obj):
    return obj.component


def _default_permalink(obj) -> str:
    return obj.get_absolute_url()


def _default_visible(obj, user) -> bool:
    """The object's own visibility flag, if any; the component and space are checked apart."""
    return bool(getattr(obj, "is_visible", True))


@dataclass(frozen=True)
class Commentable:
    """The ``Commentable`` protocol of a model: how comments find their way around it."""

    key: str  # URL segment, "blogs-post"
    model: type[models.Model]
    component: Callable[[Any], Any]  # obj -> participation.components.models.Component
    permalink: Callable[[Any], str]  # obj -> the public page showing its comments
    is_visible: Callable[[Any, Any], bool]  # (obj, user) -> bool, beyond space/component rules
    organization_lookup: str  # ORM path from the model to its organisation's id

    def queryset(self, organization) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.organization_lookup: organization.pk})


_by_key: dict[str, Commentable] = {}
_by_model: dict[type, Commentable] = {}


class NotCommentable(LookupError):
    pass


def register_commentable(
    model: type[models.Model],
    *,
    component: Callable[[Any], Any] = _default_component,
    permalink: Callable[[Any], str] = _default_permalink,
    is_visible: Callable[[Any, Any], bool] = _default_visible,
    organization_lookup: str = "component__organization_id",
    key: str | None = None,
) -> Commentable:
    from django.db.models.signals import post_delete

    key = key or f"{model._meta.app_label}-{model._meta.model_name}"
    entry = Commentable(
        key=key,
        model=model,
        component=component,
        permalink=permalink,
        is_visible=is_visible,
        organization_lookup=organization_lookup,
    )
    _by_key[key] = entry
    _by_model[model] = entry
    # Comments point at their target by content type and id: nothing cascades by itself.
    post_delete.connect(_delete_comments, sender=model, dispatch_uid=f"comments-of-{key}")
    return entry


def _delete_comments(sender, instance, **kwargs) -> None:
    from participation.comments.models import Comment

    Comment.objects.of_target(instance).delete()


def commentable_models() -> list[type]:
    """The models registered as commentable."""
    return list(_by_model)


def by_key(key: str) -> Commentable:
    try:
        return _by_key[key]
    except KeyError:
        raise NotCommentable(key) from None


def for_object(obj) -> Commentable:
    return for_model(type(obj))


def for_model(model: type) -> Commentable:
    for klass in model.__mro__:
        if klass in _by_model:
            return _by_model[klass]
    raise NotCommentable(model.__name__)


# --- "#" mentions of other objects --------------------------------------------------

# resolver(organization, user, identifier) -> URL of a visible object, or None.
HashResolver = Callable[[Any, Any, int], str | None]
_hash_resolvers: dict[str, HashResolver] = {}


def register_hash_mention(kind: str, resolver: HashResolver) -> None:
    """``#<kind>-<id>`` in a comment links to what ``resolver`` returns (e.g. ``#proposal-12``)."""
    if not kind.isalpha() or not kind.islower():
        raise ValueError(f"Mention kinds are lower-case letters: {kind!r}")
    _hash_resolvers[kind] = resolver


def unregister_hash_mention(kind: str) -> None:
    _hash_resolvers.pop(kind, None)


def hash_resolver(kind: str) -> HashResolver | None:
    return _hash_resolvers.get(kind)
