"""What can be commented, and which ``#`` mentions resolve to which objects.

A component makes a model commentable in its manifest (``component.py``)::

    commentables=(commentable(Proposal),),
    hash_mentions={"proposal": resolve_proposal},

The defaults expect a ``component`` foreign key and ``get_absolute_url``; pass
``permalink`` / ``component`` / ``is_visible`` / ``organization_lookup`` when the
model differs. Its page then shows ``{% comments_for proposal %}``. The core's own
commentable things (none today) would call ``register_commentable``.
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


def commentable(
    model: type[models.Model],
    *,
    component: Callable[[Any], Any] = _default_component,
    permalink: Callable[[Any], str] = _default_permalink,
    is_visible: Callable[[Any, Any], bool] = _default_visible,
    organization_lookup: str = "component__organization_id",
    key: str | None = None,
) -> Commentable:
    """The declaration of a commentable model (for a manifest's ``commentables``)."""
    return Commentable(
        key=key or f"{model._meta.app_label}-{model._meta.model_name}",
        model=model,
        component=component,
        permalink=permalink,
        is_visible=is_visible,
        organization_lookup=organization_lookup,
    )


def register_commentable(model: type[models.Model], **declaration) -> Commentable:
    """For the core's own commentable models; components declare theirs in their manifest."""
    entry = commentable(model, **declaration)
    _by_key[entry.key] = entry
    _by_model[model] = entry
    connect_deletion(entry)
    return entry


def connect_deletion(entry: Commentable) -> None:
    """Comments point at their target by content type and id: nothing cascades by itself."""
    from django.db.models.signals import post_delete

    post_delete.connect(
        _delete_comments, sender=entry.model, dispatch_uid=f"comments-of-{entry.key}"
    )


def entries() -> list[Commentable]:
    """The core's declarations, then every component manifest's."""
    from participation.components.registry import declared

    return [*_by_key.values(), *declared("commentables")]


def _delete_comments(sender, instance, **kwargs) -> None:
    from participation.comments.models import Comment

    Comment.objects.of_target(instance).delete()


def commentable_models() -> list[type]:
    """The models declared commentable."""
    return [entry.model for entry in entries()]


def by_key(key: str) -> Commentable:
    for entry in entries():
        if entry.key == key:
            return entry
    raise NotCommentable(key)


def for_object(obj) -> Commentable:
    return for_model(type(obj))


def for_model(model: type) -> Commentable:
    by_model = {entry.model: entry for entry in entries()}
    for klass in model.__mro__:
        if klass in by_model:
            return by_model[klass]
    raise NotCommentable(model.__name__)


# --- "#" mentions of other objects --------------------------------------------------

# resolver(organization, user, identifier) -> URL of a visible object, or None.
HashResolver = Callable[[Any, Any, int], str | None]
_hash_resolvers: dict[str, HashResolver] = {}


def check_mention_kind(kind: str) -> None:
    if not kind.isalpha() or not kind.islower():
        raise ValueError(f"Mention kinds are lower-case letters: {kind!r}")


def register_hash_mention(kind: str, resolver: HashResolver) -> None:
    """``#<kind>-<id>`` in a comment links to what ``resolver`` returns (e.g. ``#proposal-12``).

    For the core (and tests); components declare theirs in their manifest's
    ``hash_mentions``. A core registration takes precedence over a manifest's."""
    check_mention_kind(kind)
    _hash_resolvers[kind] = resolver


def unregister_hash_mention(kind: str) -> None:
    _hash_resolvers.pop(kind, None)


def hash_resolvers() -> dict[str, HashResolver]:
    """Every mention kind: the manifests' ``hash_mentions``, then the core's (which win)."""
    from participation.components.registry import declared_mapping

    return {**declared_mapping("hash_mentions"), **_hash_resolvers}


def hash_resolver(kind: str) -> HashResolver | None:
    return hash_resolvers().get(kind)
