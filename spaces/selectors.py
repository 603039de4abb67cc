"""Reading spaces for public pages, filtered by organisation and visibility."""

from django.db.models import Prefetch, Q, QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from spaces.models import (
    Assembly,
    ParticipatoryProcess,
    ProcessStep,
    Space,
    SpaceMember,
    SpaceRole,
    Visibility,
    space_content_type,
)
from spaces.types import SPACE_TYPES, SpaceType


def role_spaces(*, user, model, organization) -> QuerySet:
    """Spaces of ``model`` where ``user`` (or one of their groups) holds any role (lazy)."""
    return get_objects_for_user(
        user,
        [role.value for role in SpaceRole],
        klass=model.objects.of(organization),
        any_perm=True,
        accept_global_perms=False,
        with_superuser=False,
    )


def _private_allowed(*, model, organization, user) -> Q:
    """Private spaces this signed-in person may see: as an accepted member or a role holder."""
    member_of = SpaceMember.objects.filter(
        content_type=space_content_type(model),
        user=user,
        accepted_at__isnull=False,
    ).values("object_id")
    roles = role_spaces(user=user, model=model, organization=organization).values("pk")
    return Q(pk__in=member_of) | Q(pk__in=roles)


def visible_spaces(*, space_type: SpaceType, organization, user) -> QuerySet:
    """Spaces of one type a visitor may see on public pages, published only.

    Public and transparent spaces show to everyone; private ones to the
    organisation's admins, the space's accepted members and its role holders.
    Sub-queries keep it one query whatever the number of memberships.
    """
    queryset = space_type.model.objects.of(organization).published()
    if not user.is_authenticated or user.organization_id != organization.pk:
        queryset = queryset.listed()
    elif not user.is_admin_of(organization):
        queryset = queryset.filter(
            ~Q(visibility=Visibility.PRIVATE)
            | _private_allowed(model=space_type.model, organization=organization, user=user)
        )
    if space_type.model is ParticipatoryProcess:
        queryset = queryset.prefetch_related(
            Prefetch("steps", queryset=ProcessStep.objects.order_by("position", "id"))
        )
    return queryset


def promoted_spaces(*, organization, user, limit: int = 6) -> list[Space]:
    """Promoted spaces of every type, for the home page: one query per type."""
    spaces: list[Space] = []
    for space_type in SPACE_TYPES.values():
        spaces.extend(
            visible_spaces(space_type=space_type, organization=organization, user=user).filter(
                promoted=True
            )[:limit]
        )
    spaces.sort(key=lambda space: (space.start_date is None, space.start_date), reverse=False)
    return spaces[:limit]


def spaces_in_backoffice(*, user, organization) -> list[tuple[SpaceType, list]]:
    """Per space type, the spaces this person may open in the back-office, with their roles.

    Organisation admins see every space (published or not); others see the
    spaces where they, or one of their groups, hold a role. A fixed number of
    queries: two per space type.
    """
    is_admin = user.is_admin_of(organization)
    role_codes = [role.value for role in SpaceRole]
    result = []
    for space_type in SPACE_TYPES.values():
        queryset = space_type.model.objects.of(organization).order_by("title")
        if not is_admin:
            queryset = get_objects_for_user(
                user,
                role_codes,
                klass=queryset,
                any_perm=True,
                accept_global_perms=False,
                with_superuser=False,
            )
        spaces = list(queryset)
        checker = ObjectPermissionChecker(user)
        if spaces and not is_admin:
            checker.prefetch_perms(spaces)
        for space in spaces:
            held = set(role_codes) if is_admin else set(checker.get_perms(space))
            space.held_roles = [role for role in SpaceRole if role.value in held]
        result.append((space_type, spaces))
    return result


def holds_any_space_role(user, organization) -> bool:
    """Back-office entry rule: a role on at least one space of the organisation."""
    return any(
        role_spaces(user=user, model=space_type.model, organization=organization).exists()
        for space_type in SPACE_TYPES.values()
    )


def space_page_extras(space: Space, *, user) -> dict:
    """What a space page adds to the space itself: its composition and sub-assemblies.

    Two queries for an assembly, none otherwise.
    """
    if not isinstance(space, Assembly):
        return {}
    members = list(
        SpaceMember.objects.filter(
            content_type=space_content_type(space),
            object_id=space.pk,
            accepted_at__isnull=False,
        ).select_related("user")
    )
    children = list(
        visible_spaces(
            space_type=SPACE_TYPES["assemblies"], organization=space.organization, user=user
        )
        .filter(parent=space)
        .order_by("title")
    )
    return {"members": members, "child_assemblies": children}
