"""Who may do what on a space: the core's checks (``participation.spaces``), re-exported
for the spaces app's views and services."""

from participation.spaces import (
    can_evaluate_in_space,
    can_manage_space,
    can_moderate_space,
    can_read_space_backoffice,
    has_space_role,
    held_roles,
)

__all__ = [
    "can_evaluate_in_space",
    "can_manage_space",
    "can_moderate_space",
    "can_read_space_backoffice",
    "has_space_role",
    "held_roles",
]
