"""State changes on spaces. Roles first; the space back-office adds the rest."""

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from participation.errors import ErrorCode, ServiceError
from participation.events import LoggedEvent
from participation.models import User, UserGroup
from spaces import events
from spaces.models import Space, SpaceRole
from spaces.permissions import can_manage_space


def _holder(*, space: Space, user: User | None, group: UserGroup | None) -> User | Group:
    """The user or group receiving the role, checked to belong to the space's organisation."""
    if (user is None) == (group is None):
        raise ServiceError(_("Choose either a person or a group."), ErrorCode.INVALID)
    holder = user or group
    assert holder is not None  # exactly one of them (checked above)
    if holder.organization_id != space.organization_id:
        # Same message as "not found": never confirm that another organisation's account exists.
        raise ServiceError(_("No such person or group here."), ErrorCode.INVALID)
    if user is not None and not user.is_active:
        raise ServiceError(_("This account is deactivated."), ErrorCode.INVALID)
    if user is not None:
        return user
    assert group is not None
    return group.auth_group


def _check_can_manage(actor: User, space: Space) -> None:
    if not can_manage_space(actor, space):
        raise ServiceError(
            _("You are not allowed to manage the roles of this space."),
            ErrorCode.PERMISSION_DENIED,
        )


def _change_role(
    change: Callable[[str, User | Group, Space], object],
    event: LoggedEvent,
    *,
    actor: User,
    space: Space,
    role: SpaceRole | str,
    user: User | None,
    group: UserGroup | None,
) -> None:
    """Check, apply ``change`` (guardian's assign_perm or remove_perm) and log, in one go."""
    _check_can_manage(actor, space)
    role = SpaceRole(role)
    holder = _holder(space=space, user=user, group=group)
    change(role.value, holder, space)
    event(
        organization=space.organization,
        actor=actor,
        target=space,
        changes={"role": role.value, "user": user and user.pk, "group": group and group.pk},
    )


@transaction.atomic
def assign_space_role(
    *,
    actor: User,
    space: Space,
    role: SpaceRole,
    user: User | None = None,
    group: UserGroup | None = None,
) -> None:
    _change_role(
        assign_perm,
        events.role_assigned,
        actor=actor,
        space=space,
        role=role,
        user=user,
        group=group,
    )


@transaction.atomic
def revoke_space_role(
    *,
    actor: User,
    space: Space,
    role: SpaceRole,
    user: User | None = None,
    group: UserGroup | None = None,
) -> None:
    _change_role(
        remove_perm,
        events.role_revoked,
        actor=actor,
        space=space,
        role=role,
        user=user,
        group=group,
    )
