"""The registry of space types, keyed by the URL segment each is served under.

The core knows spaces through the one ``Space`` table; what each type adds (its
model, its label and introduction) is registered here by the ``spaces`` app
when it starts (``SpacesConfig.ready``), so the core never imports ``spaces``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from participation.models import Space


@dataclass(frozen=True)
class SpaceType:
    key: str
    model: type[Space]  # a child table of the one Space table
    label: Promise
    intro: Promise
    # What pages of a space of this type read along with it (e.g. a concertation's steps).
    prepare: Callable[[QuerySet], QuerySet] | None = None

    def queryset(self) -> QuerySet:
        """Spaces of this type, with what their pages read along with them."""
        queryset = self.model.objects.all()
        return self.prepare(queryset) if self.prepare is not None else queryset


# Filled in order of registration (the order pages list the types in).
SPACE_TYPES: dict[str, SpaceType] = {}


def register_space_type(space_type: SpaceType) -> None:
    if space_type.key != space_type.model.SPACE_TYPE:
        raise ValueError(
            f"{space_type.model.__name__}.SPACE_TYPE must be {space_type.key!r} to be served there."
        )
    SPACE_TYPES[space_type.key] = space_type
