"""Creating, editing, publishing and deleting spaces."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.action_log import diff
from participation.components.serving import forget_serving
from participation.errors import ErrorCode, ServiceError
from participation.models import User
from spaces.models import Assembly
from spaces.models import Space as SpaceModel
from spaces.services._common import check_can_manage, check_org_admin, full_clean, snapshot
from spaces.services.blocks import delete_space_blocks
from spaces.types import SpaceType

if TYPE_CHECKING:
    from participation.models import Organization

# Foreign keys a form may set: each must point into the space's own organisation.
_ORGANIZATION_KEYS = ("scope", "group", "process_type", "assembly_type", "parent")


def _editable_fields(model: type[SpaceModel]) -> list[str]:
    excluded = {"id", "organization", "published_at", "created_at", "updated_at"}
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in excluded and field.editable and not field.primary_key
    ]


def _apply(space: SpaceModel, data: dict) -> None:
    for name in _editable_fields(type(space)):
        if name not in data:
            continue
        value = data[name]
        if name == "hero_image":
            # Form semantics: False clears the image, None keeps the stored one.
            if value is False:
                space.hero_image = None
            elif value:
                space.hero_image = value
            continue
        setattr(space, name, value)


def _check_references(space: SpaceModel) -> None:
    for name in _ORGANIZATION_KEYS:
        related = getattr(space, name, None) if hasattr(space, name) else None
        if related is not None and related.organization_id != space.organization_id:
            raise ServiceError(_("Choose a value from the list."), ErrorCode.INVALID, field=name)


def _check_slug(space: SpaceModel) -> None:
    taken = type(space).objects.filter(organization_id=space.organization_id, slug=space.slug)
    if space.pk:
        taken = taken.exclude(pk=space.pk)
    if taken.exists():
        raise ServiceError(
            _("Another space of this type already uses this address. Choose another one."),
            ErrorCode.NAME_TAKEN,
            field="slug",
        )


def check_no_cycle(*, assembly: Assembly) -> None:
    """An assembly may not sit inside itself or one of its own sub-assemblies."""
    seen = {assembly.pk} if assembly.pk else set()
    parent = assembly.parent
    while parent is not None:
        if parent.pk in seen:
            raise ServiceError(
                _("An assembly cannot be placed inside itself or one of its sub-assemblies."),
                ErrorCode.INVALID,
                field="parent",
            )
        seen.add(parent.pk)
        parent = parent.parent


def _validate(space: SpaceModel) -> None:
    _check_references(space)
    _check_slug(space)
    if isinstance(space, Assembly):
        check_no_cycle(assembly=space)
    full_clean(instance=space, exclude=["organization"])


@transaction.atomic
def create_space(
    *, actor: User, organization: Organization, space_type: SpaceType, data: dict
) -> SpaceModel:
    check_org_admin(actor=actor, organization=organization)
    space = space_type.model(organization=organization)
    _apply(space, data)
    _validate(space)
    space.save()
    forget_serving(space.organization_id)
    core_events.created(
        organization=organization,
        actor=actor,
        target=space,
        changes=snapshot(instance=space, fields=["slug", "title", "visibility"]),
    )
    return space


@transaction.atomic
def update_space(*, actor: User, space: SpaceModel, data: dict) -> SpaceModel:
    check_can_manage(actor=actor, space=space)
    # Work on a locked fresh copy: the caller's instance may carry unsaved form changes.
    space = type(space).objects.select_for_update().get(pk=space.pk)
    fields = _editable_fields(type(space))
    before = snapshot(instance=space, fields=fields)
    _apply(space, data)
    _validate(space)
    space.save()
    forget_serving(space.organization_id)
    core_events.updated(
        organization=space.organization,
        actor=actor,
        target=space,
        changes=diff(before, snapshot(instance=space, fields=fields)),
    )
    return space


@transaction.atomic
def publish_space(*, actor: User, space: SpaceModel) -> SpaceModel:
    check_can_manage(actor=actor, space=space)
    space = type(space).objects.select_for_update().get(pk=space.pk)
    if not space.is_published:
        space.published_at = timezone.now()
        space.save(update_fields=["published_at", "updated_at"])
        forget_serving(space.organization_id)
        core_events.published(organization=space.organization, actor=actor, target=space)
    return space


@transaction.atomic
def unpublish_space(*, actor: User, space: SpaceModel) -> SpaceModel:
    check_can_manage(actor=actor, space=space)
    space = type(space).objects.select_for_update().get(pk=space.pk)
    if space.published_at is not None:
        space.published_at = None
        space.save(update_fields=["published_at", "updated_at"])
        forget_serving(space.organization_id)
        core_events.unpublished(organization=space.organization, actor=actor, target=space)
    return space


@transaction.atomic
def delete_space(*, actor: User, space: SpaceModel) -> None:
    check_org_admin(actor=actor, organization=space.organization)
    # Blocks and files first, so their stored files go too; the database cascades
    # the rest (components, categories, members, invitations, roles, moderation).
    delete_space_blocks(space=space)
    core_events.deleted(
        organization=space.organization,
        actor=actor,
        target=space,
        changes={"slug": space.slug, "title": space.title},
    )
    space.delete()
    forget_serving(space.organization_id)
