"""Who moderates what: space moderators and admins for space content, org admins for people."""

from django.db.models import Q
from guardian.shortcuts import get_objects_for_user

from spaces.models import SpaceRole
from spaces.permissions import can_moderate_space
from spaces.types import SPACE_TYPES

MODERATING_ROLES = [SpaceRole.ADMIN.value, SpaceRole.MODERATOR.value]


def _moderated(user, model, organization):
    return get_objects_for_user(
        user,
        MODERATING_ROLES,
        klass=model.objects.of(organization),
        any_perm=True,
        accept_global_perms=False,
        with_superuser=False,
    )


def moderated_spaces_q(*, user, organization) -> Q:
    """A filter on space_type/space_id: spaces where ``user`` moderates (sub-queries)."""
    condition = Q(pk__in=[])
    for key, space_type in SPACE_TYPES.items():
        spaces = _moderated(user, space_type.model, organization)
        condition |= Q(space_type=key, space_id__in=spaces.values("pk"))
    return condition


def may_moderate_something(user, organization) -> bool:
    if not (user.is_authenticated and user.is_active and organization is not None):
        return False
    if user.organization_id != organization.pk:
        return False
    if user.is_admin_of(organization):
        return True
    return any(
        _moderated(user, space_type.model, organization).exists()
        for space_type in SPACE_TYPES.values()
    )


def space_of(moderation):
    if not moderation.space_type:
        return None
    space_type = SPACE_TYPES.get(moderation.space_type)
    if space_type is None:
        return None
    return space_type.model.objects.filter(
        organization_id=moderation.organization_id, pk=moderation.space_id
    ).first()


def can_moderate(user, moderation) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.organization_id != moderation.organization_id:
        return False
    if not moderation.space_type:
        return user.is_org_admin
    space = space_of(moderation)
    return space is not None and can_moderate_space(user, space)
