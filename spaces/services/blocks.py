"""Content blocks and attachments of a space, and the organisation's home-page blocks.

Each function checks the actor's right, writes in one transaction (the space
row locked where positions change) and logs the action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.attachments import content_type_of
from participation.errors import ErrorCode, ServiceError
from participation.events import LoggedEvent
from participation.models import Attachment
from participation.services import attachments
from participation.uploads import validate_document, validate_image
from spaces.blocks import block_kind, home_block_kind
from spaces.models import ContentBlock, HomeBlock
from spaces.selectors import space_files
from spaces.services._common import check_can_manage, check_org_admin

if TYPE_CHECKING:
    from django.core.files import File
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model, QuerySet

    from participation.models import Organization, User
    from spaces.models import Space


def _of_space(model: type[ContentBlock], space: Space) -> QuerySet[ContentBlock]:
    return model.objects.filter(organization=space.organization, space=space)


def _lock_space(space: Space) -> Space:
    return type(space).objects.select_for_update().get(pk=space.pk)


def _renumber(items: Sequence[ContentBlock | HomeBlock]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _log(
    space_or_org: Space | Organization,
    actor: User,
    event: LoggedEvent,
    target: Model,
    changes: dict | None = None,
) -> None:
    organization = getattr(space_or_org, "organization", space_or_org)
    event(organization=organization, actor=actor, target=target, changes=changes)


def _check_files(*, image: File | None = None, upload: File | None = None) -> None:
    """Refuse, before anything is written, a file whose detected type the field does not take."""
    for value, validator, field in (
        (image, validate_image, "image"),
        (upload, validate_document, "file"),
    ):
        if value:
            try:
                validator(value)
            except ValidationError as error:
                raise ServiceError(error.messages[0], ErrorCode.INVALID, field=field) from error


def _new_file(
    actor: User,
    space: Space,
    *,
    upload: UploadedFile,
    title: str,
    block: ContentBlock | None = None,
) -> Attachment:
    """A documents block's file (``block``) or one of the space itself."""
    return attachments.add_attachment(
        actor=actor,
        target=block if block is not None else space,
        space=space,
        upload=upload,
        title=(title or "").strip() or (upload.name or ""),
    )


@transaction.atomic
def create_block(
    *,
    actor: User,
    space: Space,
    kind: str,
    data: dict,
    image: UploadedFile | None = None,
    upload: UploadedFile | None = None,
    upload_title: str = "",
) -> ContentBlock:
    check_can_manage(actor=actor, space=space)
    _check_files(image=image, upload=upload)
    if block_kind(kind) is None:
        raise ServiceError(_("Choose a value from the list."), ErrorCode.INVALID, field="kind")
    _lock_space(space)
    last = _of_space(ContentBlock, space).aggregate(last=Max("position"))["last"]
    block = ContentBlock(
        organization=space.organization,
        space=space,
        kind=kind,
        data=data,
        position=0 if last is None else last + 1,
    )
    if image:
        block.image = image
    block.save()
    if upload:
        _new_file(actor, space, upload=upload, title=upload_title, block=block)
    _log(space, actor, core_events.created, block, {"kind": kind})
    return block


@transaction.atomic
def update_block(
    *,
    actor: User,
    space: Space,
    block: ContentBlock,
    data: dict,
    image: UploadedFile | None = None,
    upload: UploadedFile | None = None,
    upload_title: str = "",
) -> ContentBlock:
    check_can_manage(actor=actor, space=space)
    _check_files(image=image, upload=upload)
    block = _of_space(ContentBlock, space).select_for_update().get(pk=block.pk)
    before = block.data
    block.data = data
    if image:
        block.image = image
    block.save()
    if upload:
        _new_file(actor, space, upload=upload, title=upload_title, block=block)
    _log(space, actor, core_events.updated, block, {"data": [before, data]})
    return block


@transaction.atomic
def move_block(*, actor: User, space: Space, block: ContentBlock, direction: str) -> None:
    check_can_manage(actor=actor, space=space)
    if direction not in ("up", "down"):
        raise ServiceError(_("Unknown direction."), ErrorCode.INVALID)
    _lock_space(space)
    ordered = list(_of_space(ContentBlock, space).order_by("position", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == block.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered)
        _log(space, actor, core_events.moved, block, {"direction": direction})


@transaction.atomic
def set_block_published(
    *, actor: User, space: Space, block: ContentBlock, published: bool
) -> ContentBlock:
    check_can_manage(actor=actor, space=space)
    block = _of_space(ContentBlock, space).select_for_update().get(pk=block.pk)
    if block.published != published:
        block.published = published
        block.save(update_fields=["published", "updated_at"])
        _log(space, actor, core_events.published if published else core_events.unpublished, block)
    return block


@transaction.atomic
def delete_block(*, actor: User, space: Space, block: ContentBlock) -> None:
    check_can_manage(actor=actor, space=space)
    _lock_space(space)
    _log(space, actor, core_events.deleted, block, {"kind": block.kind, "data": block.data})
    attachments.delete_attachments_of(targets=[block])
    if block.image:
        block.image.delete(save=False)
    block.delete()
    _renumber(list(_of_space(ContentBlock, space).order_by("position", "id")))


@transaction.atomic
def add_attachment(*, actor: User, space: Space, upload: UploadedFile, title: str) -> Attachment:
    """A file of the space itself (its public page's "Attachments")."""
    check_can_manage(actor=actor, space=space)
    _check_files(upload=upload)
    return _new_file(actor, space, upload=upload, title=title)


@transaction.atomic
def delete_space_file(*, actor: User, space: Space, file: Attachment) -> None:
    """Delete an attachment of the space or a document of one of its documents blocks."""
    check_can_manage(actor=actor, space=space)
    file = space_files(space).select_for_update().get(pk=file.pk)
    block = _of_space(ContentBlock, space).filter(pk=file.object_id).first()
    in_block = file.content_type_id == content_type_of(ContentBlock).pk
    target: Space | ContentBlock = block if in_block and block is not None else space
    attachments.remove_attachment(actor=actor, attachment=file, target=target)


def delete_space_blocks(*, space: Space) -> None:
    """Called when a space is deleted: its blocks go, and every file filed under it (its
    own, its blocks', its components' proposals' and projects'), stored bytes included."""
    files = Attachment.objects.filter(organization_id=space.organization_id, space_id=space.pk)
    for file in files:
        file.file.delete(save=False)
    files.delete()
    _of_space(ContentBlock, space).delete()


# ---- Home page ---------------------------------------------------------------------


def _lock_org(organization: Organization) -> Organization:
    from participation.models import Organization

    return Organization.objects.select_for_update().get(pk=organization.pk)


@transaction.atomic
def create_home_block(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    data: dict,
    image: UploadedFile | None = None,
) -> HomeBlock:
    check_org_admin(actor=actor, organization=organization)
    _check_files(image=image)
    if home_block_kind(kind) is None:
        raise ServiceError(_("Choose a value from the list."), ErrorCode.INVALID, field="kind")
    _lock_org(organization)
    last = HomeBlock.objects.filter(organization=organization).aggregate(last=Max("position"))
    block = HomeBlock(
        organization=organization,
        kind=kind,
        data=data,
        position=0 if last["last"] is None else last["last"] + 1,
    )
    if image:
        block.image = image
    block.save()
    _log(organization, actor, core_events.created, block, {"kind": kind})
    return block


@transaction.atomic
def update_home_block(
    *,
    actor: User,
    organization: Organization,
    block: HomeBlock,
    data: dict,
    image: UploadedFile | None = None,
) -> HomeBlock:
    check_org_admin(actor=actor, organization=organization)
    _check_files(image=image)
    block = HomeBlock.objects.select_for_update().get(pk=block.pk, organization=organization)
    before = block.data
    block.data = data
    if image:
        block.image = image
    block.save()
    _log(organization, actor, core_events.updated, block, {"data": [before, data]})
    return block


@transaction.atomic
def move_home_block(
    *, actor: User, organization: Organization, block: HomeBlock, direction: str
) -> None:
    check_org_admin(actor=actor, organization=organization)
    if direction not in ("up", "down"):
        raise ServiceError(_("Unknown direction."), ErrorCode.INVALID)
    _lock_org(organization)
    ordered = list(HomeBlock.objects.filter(organization=organization).order_by("position", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == block.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered)
        _log(organization, actor, core_events.moved, block, {"direction": direction})


@transaction.atomic
def set_home_block_enabled(
    *, actor: User, organization: Organization, block: HomeBlock, enabled: bool
) -> HomeBlock:
    check_org_admin(actor=actor, organization=organization)
    block = HomeBlock.objects.select_for_update().get(pk=block.pk, organization=organization)
    if block.enabled != enabled:
        block.enabled = enabled
        block.save(update_fields=["enabled"])
        _log(organization, actor, core_events.enabled if enabled else core_events.disabled, block)
    return block


@transaction.atomic
def delete_home_block(*, actor: User, organization: Organization, block: HomeBlock) -> None:
    check_org_admin(actor=actor, organization=organization)
    _lock_org(organization)
    _log(organization, actor, core_events.deleted, block, {"kind": block.kind, "data": block.data})
    if block.image:
        block.image.delete(save=False)
    block.delete()
    _renumber(list(HomeBlock.objects.filter(organization=organization).order_by("position", "id")))
