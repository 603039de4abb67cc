"""Reading spaces for public pages, filtered by organisation and visibility."""

from django.db.models import Prefetch, QuerySet

from spaces.models import ParticipatoryProcess, ProcessStep, Space
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
