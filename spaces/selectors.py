"""Reading spaces for public pages, filtered by organisation and visibility."""

from django.db.models import Prefetch, QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from spaces.models import ParticipatoryProcess, ProcessStep, Space, SpaceRole
from spaces.types import SPACE_TYPES, SpaceType


def visible_spaces(*, space_type: SpaceType, organization, user) -> QuerySet:
    """Spaces of one type a visitor may see listed on public pages.

    Private spaces show to members only; membership arrives with the spaces
    back-office, so until then only the organisation's admins see them.
    """
    queryset = space_type.model.objects.of(organization).published()
    if not (user.is_authenticated and user.is_admin_of(organization)):
        queryset = queryset.listed()
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
    role_codes = [role.value for role in SpaceRole]
    return any(
        get_objects_for_user(
            user,
            role_codes,
            klass=space_type.model.objects.of(organization),
            any_perm=True,
            accept_global_perms=False,
            with_superuser=False,
        ).exists()
        for space_type in SPACE_TYPES.values()
    )
