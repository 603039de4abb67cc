"""Who may fetch the files of spaces and of the home page (participation.media), and what
files may be attached to in a space (participation.attachments)."""

from participation.attachments import register_attachable
from participation.media import register_media
from spaces.models import ContentBlock, HomeBlock, Space
from spaces.permissions import can_read_space_backoffice
from spaces.selectors import visible_spaces
from spaces.types import SPACE_TYPES


def space_visible(request, space) -> bool:
    """The visitor sees the space's public pages (published; private ones to members,
    role holders and admins), or reads its back-office."""
    if space is None or space.organization_id != request.organization.pk:
        return False
    kind = SPACE_TYPES.get(space.url_prefix)
    if kind is None:
        return False
    user = request.user
    visible = visible_spaces(space_type=kind, organization=request.organization, user=user)
    return visible.filter(pk=space.pk).exists() or can_read_space_backoffice(user, space)


def _block_visible(request, block) -> bool:
    space = block.space
    if not space_visible(request, space):
        return False
    return block.published or can_read_space_backoffice(request.user, space)


def _home_block_visible(request, block) -> bool:
    return (
        block.enabled
        or request.user.is_authenticated
        and request.user.is_admin_of(request.organization)
    )


def register() -> None:
    # Files are stored under the label of the instance's model (each type's); the base
    # Space holds the field, should a file ever be saved through it.
    for model in (Space, *(kind.model for kind in SPACE_TYPES.values())):
        register_media(model, "hero_image", can_view=space_visible)
    register_media(ContentBlock, "image", can_view=_block_visible)
    # The space's own files and a documents block's: whoever sees the space / the block.
    register_attachable(Space, can_view=space_visible, space_id=lambda space: space.pk)
    register_attachable(
        ContentBlock,
        can_view=_block_visible,
        space_id=lambda block: block.space_id,
    )
    register_media(HomeBlock, "image", can_view=_home_block_visible)
