"""Who may do what on a space: small predicates the back-office views and services share.

Organisation admins hold every role on every space of their organisation;
other people hold roles per space, directly or through one of their groups
(django-guardian object permissions).
"""

from guardian.core import ObjectPermissionChecker

from spaces.models import Space, SpaceRole


def _same_organization(user, space: Space) -> bool:
    return (
        user.is_authenticated and user.is_active and user.organization_id == space.organization_id
    )


def has_space_role(user, space: Space, *roles: SpaceRole) -> bool:
    """True when ``user`` holds one of ``roles`` on ``space`` (any role when none is given)."""
    if not _same_organization(user, space):
        return False
    if user.is_org_admin:
        return True
    wanted = roles or tuple(SpaceRole)
    # One look-up of the person's (and their groups') permissions on the space, whatever
    # the number of roles asked about (user.has_perm would repeat it for each role).
    held = ObjectPermissionChecker(user).get_perms(space)
    return any(role.value in held for role in wanted)


def can_manage_space(user, space: Space) -> bool:
    """Edit the space, its components and its roles."""
    return has_space_role(user, space, SpaceRole.ADMIN)


def can_moderate_space(user, space: Space) -> bool:
    return has_space_role(user, space, SpaceRole.ADMIN, SpaceRole.MODERATOR)


def can_evaluate_in_space(user, space: Space) -> bool:
    return has_space_role(user, space, SpaceRole.ADMIN, SpaceRole.EVALUATOR)


def can_read_space_backoffice(user, space: Space) -> bool:
    """Every role may read the space's back-office; collaborators may only read it."""
    return has_space_role(user, space)
