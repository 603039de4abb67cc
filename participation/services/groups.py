"""User groups of an organisation: created, filled and given space roles by its administrators.

Members are ``UserGroupMembership`` rows (who, since when); the group's django ``Group``
(``auth_group``), which django-guardian and the role checks of ``participation.spaces`` read,
always holds the same people: every change here writes both, in one transaction.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from participation import events
from participation.errors import ErrorCode, ServiceError
from participation.models import (
    Space,
    SpaceGroupPermission,
    SpaceRole,
    User,
    UserGroup,
    UserGroupMembership,
)

if TYPE_CHECKING:
    from participation.models import Organization

NAME_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 2000


def _check_admin(actor: User, organization: Organization) -> None:
    if not actor.is_admin_of(organization):
        raise ServiceError(
            _("Only the organisation’s administrators can manage its groups."),
            ErrorCode.PERMISSION_DENIED,
        )


def _clean_name(organization: Organization, name: str, *, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Give the group a name."), ErrorCode.INVALID, field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(
            _("The name is too long (150 characters at most)."), ErrorCode.INVALID, field="name"
        )
    others = UserGroup.objects.filter(organization=organization)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    # Compared in Python: SQLite's iexact ignores the case of ASCII letters only (É, é).
    if name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
        raise ServiceError(
            _("A group with this name already exists."), ErrorCode.NAME_TAKEN, field="name"
        )
    return name


def _clean_description(description: str) -> str:
    description = description.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ServiceError(
            _("The description is too long (2,000 characters at most)."),
            ErrorCode.INVALID,
            field="description",
        )
    return description


def _auth_group_name(organization: Organization, group_pk: int | str) -> str:
    # Django's Group names are global: the organisation and a unique part keep them apart
    # (the group's own name may change; this one never needs to).
    return f"org{organization.pk}:group{group_pk}"


@transaction.atomic
def create_user_group(
    *,
    actor: User,
    organization: Organization,
    name: str,
    description: str = "",
    is_public: bool = False,
) -> UserGroup:
    _check_admin(actor, organization)
    name = _clean_name(organization, name)
    description = _clean_description(description)
    auth_group = Group.objects.create(name=_auth_group_name(organization, uuid.uuid4().hex))
    group = UserGroup.objects.create(
        organization=organization,
        name=name,
        description=description,
        is_public=is_public,
        auth_group=auth_group,
    )
    auth_group.name = _auth_group_name(organization, group.pk)
    auth_group.save(update_fields=["name"])
    events.created(
        organization=organization,
        actor=actor,
        target=group,
        changes={"name": name, "is_public": is_public},
    )
    return group


@transaction.atomic
def update_user_group(
    *, actor: User, group: UserGroup, name: str, description: str, is_public: bool
) -> UserGroup:
    _check_admin(actor, group.organization)
    group = UserGroup.objects.select_for_update().get(pk=group.pk)
    new = {
        "name": _clean_name(group.organization, name, exclude=group.pk),
        "description": _clean_description(description),
        "is_public": is_public,
    }
    changes = {
        field: [getattr(group, field), value]
        for field, value in new.items()
        if getattr(group, field) != value
    }
    if changes:
        for field, value in new.items():
            setattr(group, field, value)
        group.save(update_fields=list(new))
        events.updated(organization=group.organization, actor=actor, target=group, changes=changes)
    return group


@transaction.atomic
def delete_user_group(*, actor: User, group: UserGroup) -> None:
    """The group, its memberships and the space roles it held go; its members stay."""
    _check_admin(actor, group.organization)
    events.deleted(
        organization=group.organization,
        actor=actor,
        target=group,
        changes={"name": group.name, "members": group.memberships.count()},
    )
    # Deleting the django Group cascades to the UserGroup, its memberships, the
    # members' auth links and the group's space roles (SpaceGroupPermission).
    group.auth_group.delete()


def find_member(*, organization: Organization, identifier: str) -> User | None:
    """The active account of ``organization`` with this nickname (``@`` optional) or e-mail
    address; None otherwise (another organisation's accounts are never found)."""
    identifier = identifier.strip().removeprefix("@")
    if not identifier:
        return None
    return (
        User.objects.of(organization)
        .filter(is_active=True)
        .filter(Q(email__iexact=identifier) | Q(nickname__iexact=identifier))
        .first()
    )


def _add(group: UserGroup, user: User) -> bool:
    _membership, created = UserGroupMembership.objects.get_or_create(group=group, user=user)
    group.auth_group.user_set.add(user)  # what the role checks read
    return created


@transaction.atomic
def add_group_member(*, actor: User, group: UserGroup, identifier: str) -> User:
    """Add the account named by ``identifier`` (nickname or e-mail address)."""
    _check_admin(actor, group.organization)
    user = find_member(organization=group.organization, identifier=identifier)
    if user is None:
        # The same answer whether the account is elsewhere or nowhere.
        raise ServiceError(
            _("No account of the organisation has this nickname or e-mail address."),
            ErrorCode.INVALID,
            field="identifier",
        )
    if not _add(group, user):
        raise ServiceError(
            _("This person is already a member of the group."),
            ErrorCode.INVALID,
            field="identifier",
        )
    events.group_member_added(
        organization=group.organization, actor=actor, target=group, changes={"user": user.pk}
    )
    return user


@transaction.atomic
def remove_group_member(*, actor: User, group: UserGroup, user: User) -> None:
    """``user`` leaves the group, and with it the space roles the group holds."""
    _check_admin(actor, group.organization)
    deleted, _rows = UserGroupMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise ServiceError(_("This person is not a member of the group."), ErrorCode.INVALID)
    group.auth_group.user_set.remove(user)
    events.group_member_removed(
        organization=group.organization, actor=actor, target=group, changes={"user": user.pk}
    )


@transaction.atomic
def set_group_members(*, actor: User, group: UserGroup, members: list[User]) -> None:
    """Make ``members`` exactly the group's members (members already in keep their date)."""
    _check_admin(actor, group.organization)
    if any(member.organization_id != group.organization_id for member in members):
        raise ServiceError(_("No such person here."), ErrorCode.INVALID, field="members")
    before = set(group.memberships.values_list("user_id", flat=True))
    after = {member.pk for member in members}
    group.memberships.filter(user_id__in=before - after).delete()
    UserGroupMembership.objects.bulk_create(
        [
            UserGroupMembership(group=group, user=member)
            for member in members
            if member.pk not in before
        ],
        ignore_conflicts=True,
    )
    group.auth_group.user_set.set(members)
    events.group_members_updated(
        organization=group.organization,
        actor=actor,
        target=group,
        changes={"added": sorted(after - before), "removed": sorted(before - after)},
    )


def _role_target(group: UserGroup, space: Space, role: SpaceRole | str) -> SpaceRole:
    if space.organization_id != group.organization_id:
        # The same message as an unknown space: never confirm another organisation's.
        raise ServiceError(_("No such space here."), ErrorCode.INVALID, field="space")
    try:
        return SpaceRole(role)
    except ValueError:
        raise ServiceError(_("Choose a role."), ErrorCode.INVALID, field="role") from None


@transaction.atomic
def grant_group_space_role(
    *, actor: User, group: UserGroup, space: Space, role: SpaceRole | str
) -> None:
    """The group's members hold ``role`` on ``space`` for as long as they are members."""
    _check_admin(actor, group.organization)
    role = _role_target(group, space, role)
    if SpaceGroupPermission.objects.filter(
        group=group.auth_group, content_object=space, permission__codename=role.value
    ).exists():
        raise ServiceError(
            _("The group already holds this role on this space."), ErrorCode.INVALID, field="role"
        )
    assign_perm(role.value, group.auth_group, space)
    events.group_role_granted(
        organization=group.organization,
        actor=actor,
        target=group,
        changes={"role": role.value, "space": space.pk},
    )


@transaction.atomic
def revoke_group_space_role(
    *, actor: User, group: UserGroup, space: Space, role: SpaceRole | str
) -> None:
    _check_admin(actor, group.organization)
    role = _role_target(group, space, role)
    deleted, _rows = SpaceGroupPermission.objects.filter(
        group=group.auth_group, content_object=space, permission__codename=role.value
    ).delete()
    if not deleted:
        raise ServiceError(_("The group does not hold this role on this space."), ErrorCode.INVALID)
    events.group_role_revoked(
        organization=group.organization,
        actor=actor,
        target=group,
        changes={"role": role.value, "space": space.pk},
    )
