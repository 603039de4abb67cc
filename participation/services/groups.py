"""User groups of an organisation: created and filled by its administrators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from participation import events
from participation.errors import ErrorCode, ServiceError
from participation.models import User, UserGroup

if TYPE_CHECKING:
    from participation.models import Organization


def _check_admin(actor: User, organization: Organization) -> None:
    if not actor.is_admin_of(organization):
        raise ServiceError(
            _("Only the organisation's administrators can manage its groups."),
            ErrorCode.PERMISSION_DENIED,
        )


@transaction.atomic
def create_user_group(*, actor: User, organization: Organization, name: str) -> UserGroup:
    _check_admin(actor, organization)
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the group a name."), ErrorCode.INVALID, field="name")
    if UserGroup.objects.filter(organization=organization, name__iexact=name).exists():
        raise ServiceError(
            _("A group with this name already exists."), ErrorCode.NAME_TAKEN, field="name"
        )
    # Django's Group names are global: the organisation id keeps them apart.
    auth_group = Group.objects.create(name=f"org{organization.pk}:{name}"[:150])
    group = UserGroup.objects.create(organization=organization, name=name, auth_group=auth_group)
    events.created(organization=organization, actor=actor, target=group)
    return group


@transaction.atomic
def set_group_members(*, actor: User, group: UserGroup, members: list[User]) -> None:
    _check_admin(actor, group.organization)
    if any(member.organization_id != group.organization_id for member in members):
        raise ServiceError(_("No such person here."), ErrorCode.INVALID, field="members")
    before = set(group.auth_group.user_set.values_list("pk", flat=True))
    group.auth_group.user_set.set(members)
    after = {member.pk for member in members}
    events.group_members_updated(
        organization=group.organization,
        actor=actor,
        target=group,
        changes={"added": sorted(after - before), "removed": sorted(before - after)},
    )
