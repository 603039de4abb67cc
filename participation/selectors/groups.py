"""Reading user groups: a person's groups, the back-office list, a group's members."""

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from participation.models import SpaceGroupPermission, UserGroup, UserGroupMembership


def groups_of(user, viewer) -> QuerySet[UserGroup]:
    """The groups ``user`` belongs to, as ``viewer`` may see them: all of them for the person
    themselves, public ones only for anybody else (one query; each group carries
    ``joined_at``, the date ``user`` joined it)."""
    if user is None or not getattr(user, "pk", None):
        return UserGroup.objects.none()
    groups = UserGroup.objects.filter(
        organization_id=user.organization_id, memberships__user=user
    ).annotate(joined_at=F("memberships__joined_at"))
    is_self = getattr(viewer, "is_authenticated", False) and viewer.pk == user.pk
    if not is_self:
        groups = groups.filter(is_public=True)
    return groups.order_by("name")


def organization_groups(organization) -> QuerySet[UserGroup]:
    """The back-office list: every group of ``organization`` with ``member_count`` and
    ``role_count`` (one query whatever the number of groups)."""
    members = (
        UserGroupMembership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    roles = (
        SpaceGroupPermission.objects.filter(group=OuterRef("auth_group"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        UserGroup.objects.filter(organization=organization)
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            role_count=Coalesce(Subquery(roles), 0),
        )
        .order_by("name")
    )


def group_members(group) -> QuerySet[UserGroupMembership]:
    return group.memberships.select_related("user").order_by("user__name", "user__nickname", "pk")


def group_space_roles(group) -> QuerySet[SpaceGroupPermission]:
    """The roles ``group`` holds, with their space (one query)."""
    return (
        SpaceGroupPermission.objects.filter(group=group.auth_group)
        .select_related("content_object", "permission")
        .order_by("content_object__title", "permission__codename")
    )
