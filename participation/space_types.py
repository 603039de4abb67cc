"""The registry of space types, keyed by the URL segment each is served under.

The core knows spaces through the one ``Space`` table; what each type adds (its
model, its label and introduction) is registered here by the ``spaces`` app
when it starts (``SpacesConfig.ready``), so the core never imports ``spaces``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class SpaceType:
    key: str
    model: type  # a subclass of participation.models.Space
    label: Promise
    intro: Promise


# Filled in order of registration (the order pages list the types in).
SPACE_TYPES: dict[str, SpaceType] = {}


def register_space_type(space_type: SpaceType) -> None:
    if space_type.key != space_type.model.SPACE_TYPE:
        raise ValueError(
            f"{space_type.model.__name__}.SPACE_TYPE must be {space_type.key!r} to be served there."
        )
    SPACE_TYPES[space_type.key] = space_type
