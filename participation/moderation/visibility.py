"""Which components (and so which component content) a visitor may see, in fixed queries."""

from django.db.models import Q

from participation.components.models import Component
from spaces.selectors import visible_spaces
from spaces.types import SPACE_TYPES


def visible_space_q(*, organization, user, prefix: str = "", listed_only: bool = False) -> Q:
    """A filter on (space_type, space_id) columns: published spaces the visitor may see.

    ``listed_only`` keeps only spaces open to everyone (public and transparent),
    whoever asks: what public feeds show. Sub-queries: no query runs here.
    """
    condition = Q(pk__in=[])
    for key, space_type in SPACE_TYPES.items():
        if listed_only:
            spaces = space_type.model.objects.of(organization).listed()
        else:
            spaces = visible_spaces(space_type=space_type, organization=organization, user=user)
        condition |= Q(**{f"{prefix}space_type": key, f"{prefix}space_id__in": spaces.values("pk")})
    return condition


def visible_components(*, organization, user, listed_only: bool = False):
    return Component.objects.published().filter(
        visible_space_q(organization=organization, user=user, listed_only=listed_only),
        organization=organization,
    )


def attach_spaces(components) -> None:
    """Load the spaces of many components at once: one query per space type present."""
    wanted: dict[str, set[int]] = {}
    for component in components:
        if "space" not in component.__dict__:
            wanted.setdefault(component.space_type, set()).add(component.space_id)
    loaded = {}
    for key, ids in wanted.items():
        space_type = SPACE_TYPES.get(key)
        if space_type is None:
            continue
        for space in space_type.model.objects.filter(pk__in=ids):
            loaded[(key, space.pk)] = space
    for component in components:
        space = loaded.get((component.space_type, component.space_id))
        if space is not None:
            component.set_space(space)
