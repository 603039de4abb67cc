"""What can be followed, and which events people may hear about.

Event names are ``<component>.<event>``: every component's manifest declares
its events in ``ComponentManifest.notifications`` (name → label for people's
preferences); the core adds its own (space steps, invitations, comments).

A followable type tells how to find an object a visitor may see (so nobody
follows what they cannot read) and how to show it on the "Following" page. A
component declares its followable models in its manifest's ``followables``; the
core's own (spaces, categories, people) are registered with ``register_followable``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_core_events: dict[str, str | Promise] = {}


def register_event(name: str, label: str | Promise) -> None:
    """Core events (components declare theirs in their manifest instead)."""
    _core_events[name] = label


def register_core_events() -> None:
    register_event("spaces.step_changed", _("A concertation you follow moves to a new step"))
    register_event("spaces.invitation", _("You are invited to join a space"))
    register_event("comments.comment_created", _("A new comment on something you follow"))
    register_event("comments.mention", _("Someone mentions you in a comment"))
    register_event("comments.reply", _("Someone replies to your comment"))


def events() -> dict[str, str | Promise]:
    """Every event name with its label: the core's then each registered component's."""
    from participation.components.registry import all_manifests

    result = dict(_core_events)
    for manifest in all_manifests():
        for event, label in manifest.notifications.items():
            result[f"{manifest.name}.{event}"] = label
    return result


def event_label(name: str) -> str | Promise:
    return events().get(name, name)


@dataclass(frozen=True)
class Followable:
    model: type[models.Model]
    label: str | Promise
    # (organization, user, pk) -> the object if this visitor may see it, else None.
    resolve: Callable[[Any, Any, int], models.Model | None]
    # The queryset used to show followed objects (select_related what describe() reads).
    queryset: Callable[[], models.QuerySet]
    # obj -> (title, url); must not query the database.
    describe: Callable[[models.Model], tuple[str, str]]
    # Optional: loads in bulk what describe() reads, for a list of objects (one query per kind).
    prepare: Callable[[list], None] | None = None
    # Optional: a counter field of the model kept equal to its number of followers
    # (changed with F() expressions by follow, unfollow and account erasure).
    counter: str | None = None
    # Order of the type's group on the "Following" page.
    order: int = 50


_followables: dict[str, Followable] = {}


def key_of(model) -> str:
    return model._meta.label_lower


def register_followable(followable: Followable) -> Followable:
    _followables[key_of(followable.model)] = followable
    return followable


def followables() -> dict[str, Followable]:
    """The core's, then every component manifest's, by ``app_label.model``."""
    from participation.components.registry import declared

    return {**_followables, **{key_of(entry.model): entry for entry in declared("followables")}}


def followable(key: str) -> Followable | None:
    return followables().get(key)


def followable_for_content_type(content_type: ContentType) -> Followable | None:
    return followables().get(f"{content_type.app_label}.{content_type.model}")


def shift_counter(model, pks, delta: int) -> None:
    """Add ``delta`` to the followers counter of these objects, if their type keeps one."""
    found = followable(key_of(model))
    if found is None or found.counter is None or not pks or not delta:
        return
    from django.db.models import F

    field = found.counter
    model._default_manager.filter(pk__in=list(pks)).update(**{field: F(field) + delta})
