"""Which components (and so which component content) a visitor may see, in fixed queries."""

from django.db.models import Q

from participation.components.models import Component
from participation.models import Space
from participation.spaces import specific_spaces, visible_spaces


def visible_space_q(*, organization, user, prefix: str = "", listed_only: bool = False) -> Q:
    """A filter on a ``space`` foreign key: published spaces the visitor may see.

    ``listed_only`` keeps only spaces open to everyone (public and transparent),
    whoever asks: what public feeds show. Sub-queries: no query runs here.
    """
    if listed_only:
        spaces = Space.objects.of(organization).listed()
    else:
        spaces = visible_spaces(organization=organization, user=user)
    return Q(**{f"{prefix}space_id__in": spaces.values("pk")})


def visible_components(*, organization, user, listed_only: bool = False):
    return Component.objects.published().filter(
        visible_space_q(organization=organization, user=user, listed_only=listed_only),
        organization=organization,
    )


def attach_spaces(components) -> None:
    """Load the spaces of many components at once, each as its own type: one query."""
    wanted = {
        component.space_id for component in components if not Component.space.is_cached(component)
    }
    loaded = specific_spaces(wanted) if wanted else {}
    for component in components:
        space = loaded.get(component.space_id)
        if space is not None:
            component.set_space(space)
