"""Whether a visitor may fetch a component's files (participation.media)."""

from participation.space_types import SPACE_TYPES
from participation.spaces import can_read_space_backoffice, visible_spaces


def component_space(request, component):
    """The component's space when the visitor may see the component's pages (a visible
    space and a published component), or reads the space's back-office; else None."""
    organization = request.organization
    if component.organization_id != organization.pk:
        return None
    kind = SPACE_TYPES.get(component.space_type)
    if kind is None:
        return None
    user = request.user
    space = (
        visible_spaces(space_type=kind, organization=organization, user=user)
        .filter(pk=component.space_id)
        .first()
    )
    if space is not None and component.is_published:
        return space
    space = kind.model.objects.of(organization).filter(pk=component.space_id).first()
    if space is not None and can_read_space_backoffice(user, space):
        return space
    return None


def component_visible(request, component) -> bool:
    return component_space(request, component) is not None
