"""Attaching files to a proposal, a project, a block, a space: one upload path for all.

Who may attach to an object is the business of the object's own services (a
proposal's author while it is a draft, a space's administrators...): they check it,
then call these functions, inside their transaction. Here, whatever the caller:

- the object must be of a declared model (``participation.attachments``), of the
  actor's organisation and of the space the file is filed under;
- the file's type is read from its bytes (``participation.uploads``): an image
  (decoded as what it claims) or a document of the allow-list, anything else refused
  with a clear message before anything is written;
- it is stored under a random name with the detected type's extension; the browser's
  name is kept as an escaped label only;
- the change is logged (``participation.events`` or the caller's own event).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from participation import events
from participation.attachments import attachments_of, content_type_of, declaration_of
from participation.errors import ErrorCode, ServiceError
from participation.models import Attachment, AttachmentKind, Space, User
from participation.uploads import clean_file_name, validate_document, validate_image

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model

    from participation.events import LoggedEvent


def _refuse_tenant() -> None:
    raise ServiceError(_("You are not allowed to do this here."), ErrorCode.PERMISSION_DENIED)


def _check_target(actor: User, target: Model, space: Space) -> None:
    """The object takes files, is the actor's organisation's and belongs to ``space``."""
    entry = declaration_of(target)
    if entry is None:
        raise ServiceError(_("Files cannot be attached to this."), ErrorCode.INVALID)
    organization_id = getattr(target, "organization_id", None)
    if (
        actor is None
        or not actor.is_authenticated
        or actor.organization_id is None
        or actor.organization_id != space.organization_id
        or organization_id != space.organization_id
        or entry.space_id(target) != space.pk
    ):
        _refuse_tenant()


def file_kind(*, upload: UploadedFile, field: str = "file") -> str:
    """``image`` (a raster image decoding as its type) or ``document`` (office file or
    photo of the allow-list); anything else is refused, nothing written."""
    try:
        validate_image(upload)
        return AttachmentKind.IMAGE
    except ValidationError:
        pass
    try:
        validate_document(upload)
    except ValidationError as error:
        raise ServiceError(error.messages[0], ErrorCode.INVALID, field=field) from error
    return AttachmentKind.DOCUMENT


@transaction.atomic
def add_attachment(
    *,
    actor: User,
    target: Model,
    space: Space,
    upload: UploadedFile,
    title: str = "",
    description: str = "",
    field: str = "file",
    event: LoggedEvent | None = None,
) -> Attachment:
    """Attach ``upload`` to ``target`` (of ``space``); the caller has checked the actor may.

    ``field``: the form field a refusal is shown on; ``event``: the caller's own logged
    event (``events.attachment_added`` otherwise), called with the target.
    """
    _check_target(actor, target, space)
    if upload is None:
        raise ServiceError(_("Choose a file."), ErrorCode.INVALID, field=field)
    kind = file_kind(upload=upload, field=field)
    original_name = clean_file_name(getattr(upload, "name", "") or "", default=_("file"))
    last = attachments_of(target).aggregate(last=Max("position"))["last"]
    attachment = Attachment(
        organization_id=space.organization_id,
        space_id=space.pk,
        content_type=content_type_of(target),
        object_id=target.pk,
        kind=kind,
        original_name=original_name,
        title=" ".join((title or "").split())[:200],
        description=" ".join((description or "").split())[:255],
        size=upload.size or 0,
        position=0 if last is None else last + 1,
    )
    attachment.file.save(original_name, upload, save=False)
    attachment.save()
    changes = {"file": [None, original_name], "kind": [None, str(kind)]}
    if event is None:
        event = events.attachment_added
        changes["title"] = [None, attachment.title]
    event(organization=space.organization, actor=actor, target=target, changes=changes)
    return attachment


@transaction.atomic
def remove_attachment(
    *,
    actor: User,
    attachment: Attachment,
    target: Model,
    event: LoggedEvent | None = None,
) -> None:
    """Delete one file of ``target`` (the caller has checked the actor may change it)."""
    space = Space.objects.filter(pk=attachment.space_id).first()
    if space is None:
        _refuse_tenant()
    assert space is not None
    _check_target(actor, target, space)
    locked = (
        attachments_of(target).select_for_update().filter(pk=attachment.pk).first()
    )  # another object's file (or one already gone) is refused
    if locked is None:
        _refuse_tenant()
    assert locked is not None
    changes = {"file": [locked.original_name, None]}
    if event is None:
        event = events.attachment_removed
        changes["title"] = [locked.title, None]
    event(organization=space.organization, actor=actor, target=target, changes=changes)
    locked.file.delete(save=False)
    locked.delete()


def delete_attachments_of(*, targets: Iterable[Model]) -> int:
    """The files of objects being deleted (by their own services), rows and stored bytes.
    Returns how many files went."""
    by_type: dict[int, list[int]] = {}
    for target in targets:
        by_type.setdefault(content_type_of(target).pk, []).append(target.pk)
    count = 0
    for content_type_id, ids in by_type.items():
        rows = Attachment.objects.filter(content_type_id=content_type_id, object_id__in=ids)
        for row in rows:
            row.file.delete(save=False)
            count += 1
        rows.delete()
    return count
