"""What can be followed, and which events people may hear about.

The events are the ``NotificationEvent`` declarations of every app's
``events.py`` (``participation.events``), named ``<app or component>.<event>``,
with the label people see in their preferences.

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

from participation import events as declared_events


def events() -> dict[str, str | Promise]:
    """Every notification event's name with its label (people's preferences)."""
    return {event.name: event.label for event in declared_events.notification_events()}


def notification_event(name: str) -> "declared_events.NotificationEvent | None":
    """The declaration of a stored event name (None: an event since removed)."""
    for event in declared_events.notification_events():
        if event.name == name:
            return event
    return None


def event_label(name: str) -> str | Promise:
    """The label of a stored event name; an event since removed keeps its name."""
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
    # Optional: (organization, viewer) -> a lazy queryset of the objects of this type the
    # viewer may see (used as a sub-query: no query when built). A public profile lists the
    # person's follows of the types that declare it, and only those objects.
    visible: Callable[[Any, Any], models.QuerySet] | None = None


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
