"""Who may do what on a space: small predicates the back-office views and services share.

Organisation admins hold every role on every space of their organisation;
other people hold roles per space, directly or through one of their groups
(django-guardian object permissions).
"""

from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission

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
    if user.is_superuser:  # as django-guardian has it
        return True
    wanted = roles or tuple(SpaceRole)
    held = _held_roles(user, space)  # once, not once per role asked about
    return any(role.value in held for role in wanted)


def _held_roles(user, space: Space) -> set[str]:
    """The role codenames ``user`` holds on ``space``, directly or through a group: one
    query, whatever the number of roles asked about (user.has_perm runs two per role)."""
    content_type = ContentType.objects.get_for_model(space)
    direct = UserObjectPermission.objects.filter(
        user=user, content_type=content_type, object_pk=str(space.pk)
    ).values_list("permission__codename", flat=True)
    through_groups = GroupObjectPermission.objects.filter(
        group__user=user, content_type=content_type, object_pk=str(space.pk)
    ).values_list("permission__codename", flat=True)
    return set(direct.union(through_groups))


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
