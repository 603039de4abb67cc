"""Spaces of every type are searchable (registered by SpacesConfig.ready)."""

from participation.search.registry import register_searchable
from participation.space_types import SPACE_TYPES
from participation.spaces import visible_spaces


def _register_space_type(key, space_type) -> None:
    def queryset(organization, user):
        return visible_spaces(space_type=space_type, organization=organization, user=user)

    def in_space(queryset, space_key, space_id):
        return queryset.filter(pk=space_id) if space_key == key else queryset.none()

    register_searchable(
        key,
        label=space_type.label,
        model=space_type.model,
        space=lambda space: space.pk,
        queryset=queryset,
        title="title",
        body=("subtitle", "short_description", "description"),
        url=lambda space: space.get_absolute_url(),
        in_space=in_space,
        order=10,
    )


def register() -> None:
    for key, space_type in SPACE_TYPES.items():
        _register_space_type(key, space_type)
