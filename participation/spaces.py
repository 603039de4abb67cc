"""Who may see a space and who holds a role on it: core checks for a space of any type.

Every space is a row of ``participation.models.Space``; its members (the
``spacemember_set`` relation ``spaces`` declares) and its roles (django-guardian
direct permissions, ``SpaceUserPermission``/``SpaceGroupPermission``) point at
that row, so one query shape answers for every type.

Organisation admins hold every role on every space of their organisation;
other people hold roles per space, directly or through one of their groups.
"""

from django.db.models import Q, QuerySet

from participation.models.spaces import (
    Space,
    SpaceGroupPermission,
    SpaceRole,
    SpaceUserPermission,
    Visibility,
)

ALL_ROLES = tuple(SpaceRole)


def _same_organization(user, space: Space) -> bool:
    return (
        user.is_authenticated and user.is_active and user.organization_id == space.organization_id
    )


def _role_rows(user, roles=ALL_ROLES) -> tuple[QuerySet, QuerySet]:
    codes = [role.value for role in roles]
    direct = SpaceUserPermission.objects.filter(user=user, permission__codename__in=codes)
    through_groups = SpaceGroupPermission.objects.filter(
        group__user=user, permission__codename__in=codes
    )
    return direct, through_groups


def held_roles(user, space: Space) -> set[str]:
    """The role codenames ``user`` holds on ``space``, directly or through a group: one
    query, whatever the number of roles asked about (user.has_perm runs two per role)."""
    direct, through_groups = _role_rows(user)
    return set(
        direct.filter(content_object_id=space.pk)
        .values_list("permission__codename", flat=True)
        .union(
            through_groups.filter(content_object_id=space.pk).values_list(
                "permission__codename", flat=True
            )
        )
    )


def has_space_role(user, space: Space, *roles: SpaceRole) -> bool:
    """True when ``user`` holds one of ``roles`` on ``space`` (any role when none is given)."""
    if not _same_organization(user, space):
        return False
    if user.is_org_admin:
        return True
    if user.is_superuser:  # as django-guardian has it
        return True
    wanted = roles or ALL_ROLES
    held = held_roles(user, space)  # once, not once per role asked about
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


def role_space_ids(*, user, roles=ALL_ROLES) -> Q:
    """A filter on a space queryset: spaces where ``user`` (or a group of theirs) holds one of
    ``roles`` (sub-queries, no join)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    direct, through_groups = _role_rows(user, roles)
    return Q(pk__in=direct.values("content_object_id")) | Q(
        pk__in=through_groups.values("content_object_id")
    )


def role_spaces(*, user, organization, roles=ALL_ROLES, queryset=None) -> QuerySet:
    """Spaces of ``organization`` (of ``queryset``'s type, base ``Space`` by default) where
    ``user`` holds one of ``roles`` directly or through a group (lazy)."""
    queryset = Space.objects.all() if queryset is None else queryset
    return queryset.filter(organization=organization).filter(role_space_ids(user=user, roles=roles))


def is_member(user, space: Space) -> bool:
    """An accepted member of ``space`` (private spaces open to them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Space.objects.filter(
        pk=space.pk, spacemember_set__user=user, spacemember_set__accepted_at__isnull=False
    ).exists()


def _private_allowed(*, user) -> Q:
    """Private spaces this signed-in person may see: as an accepted member or a role holder."""
    member_of = Space.objects.filter(
        spacemember_set__user=user, spacemember_set__accepted_at__isnull=False
    ).values("pk")
    return Q(pk__in=member_of) | role_space_ids(user=user)


def visible_spaces(*, organization, user, space_type=None, queryset=None) -> QuerySet:
    """Published spaces a visitor may see on public pages: of every type, or of
    ``space_type`` (a registered ``SpaceType``, with what its pages read along), or of
    ``queryset`` (e.g. ``Assembly.objects.all()``).

    Public and transparent spaces show to everyone; private ones to the
    organisation's admins, the space's accepted members and its role holders.
    Sub-queries keep it one query whatever the number of memberships.
    """
    if queryset is None:
        queryset = space_type.queryset() if space_type is not None else Space.objects.all()
    queryset = queryset.of(organization).published()
    if not user.is_authenticated or user.organization_id != organization.pk:
        return queryset.listed()
    if user.is_admin_of(organization):
        return queryset
    return queryset.filter(~Q(visibility=Visibility.PRIVATE) | _private_allowed(user=user))


def may_see_space(user, space: Space) -> bool:
    """``visible_spaces`` for one loaded space (one query at most)."""
    return visible_spaces(organization=space.organization, user=user).filter(pk=space.pk).exists()


def specific_spaces(ids) -> dict[int, Space]:
    """Spaces by id, each as an instance of its own type: one query whatever the types."""
    from django.core.exceptions import ObjectDoesNotExist

    from participation.space_types import SPACE_TYPES

    names = [kind.model._meta.model_name for kind in SPACE_TYPES.values()]
    result: dict[int, Space] = {}
    for space in Space.objects.filter(pk__in=set(ids)).select_related(*names):
        result[space.pk] = space
        for name in names:
            try:
                result[space.pk] = getattr(space, name)
            except ObjectDoesNotExist:
                continue
            break
    return result
