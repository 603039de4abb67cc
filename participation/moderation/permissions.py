"""Who moderates what: space moderators and admins for space content, org admins for people."""

from django.db.models import Q

from participation.models import SpaceRole
from participation.spaces import can_moderate_space, role_spaces

MODERATING_ROLES = (SpaceRole.ADMIN, SpaceRole.MODERATOR)


def _moderated(user, organization, queryset=None):
    """Spaces (of every type, unless ``queryset`` narrows them) where ``user`` moderates."""
    return role_spaces(
        user=user, organization=organization, roles=MODERATING_ROLES, queryset=queryset
    )


def moderated_spaces_q(*, user, organization) -> Q:
    """A filter on moderations: those of spaces where ``user`` moderates (sub-queries)."""
    return Q(space_id__in=_moderated(user, organization).values("pk"))


# Positional on purpose: a back-office access rule (``register_access_rule``,
# ``backoffice_required``, a section's ``visible``), called as ``rule(user, organization)``.
def may_moderate_something(user, organization) -> bool:
    if not (user.is_authenticated and user.is_active and organization is not None):
        return False
    if user.organization_id != organization.pk:
        return False
    if user.is_admin_of(organization):
        return True
    return _moderated(user, organization).exists()


def space_of(*, moderation):
    """The space of a moderated item (``None`` for people), as its own type."""
    if moderation.space_id is None:
        return None
    return moderation.space.specific


def can_moderate(*, user, moderation) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.organization_id != moderation.organization_id:
        return False
    if moderation.space_id is None:
        return user.is_org_admin
    return can_moderate_space(user, moderation.space)
