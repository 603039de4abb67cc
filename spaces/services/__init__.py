"""State changes on spaces: each checks permission, writes in one transaction, logs the action.

Split by subject; everything is importable from ``spaces.services``.
"""

from participation.services.taxonomy import create_category, delete_category, update_category
from spaces.services.members import (
    accept_invitation,
    cancel_invitation,
    invite_member,
    remove_member,
)
from spaces.services.roles import assign_space_role, revoke_space_role
from spaces.services.spaces import (
    create_space,
    delete_space,
    publish_space,
    unpublish_space,
    update_space,
)
from spaces.services.steps import activate_step, create_step, delete_step, move_step, update_step
from spaces.services.taxonomy import (
    create_taxonomy_item,
    delete_taxonomy_item,
    update_taxonomy_item,
)

__all__ = [
    "accept_invitation",
    "activate_step",
    "assign_space_role",
    "cancel_invitation",
    "create_category",
    "create_space",
    "create_step",
    "create_taxonomy_item",
    "delete_category",
    "delete_space",
    "delete_step",
    "delete_taxonomy_item",
    "invite_member",
    "move_step",
    "publish_space",
    "remove_member",
    "revoke_space_role",
    "unpublish_space",
    "update_category",
    "update_space",
    "update_step",
    "update_taxonomy_item",
]
