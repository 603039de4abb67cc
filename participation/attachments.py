"""What files may be attached to, and who may fetch them (``participation.models.Attachment``).

A model takes attachments once declared with ``attachable``: components in their
manifest's ``attachables``, the core and ``spaces`` with ``register_attachable``. The
declaration says which space an object belongs to (the upload service refuses a file
whose object is not in the space it is filed under) and who may see the object: the
serving view (``participation.media``) answers a file only to them, so a private
space's member who left, a hidden proposal or another person's draft stops being
reachable at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Attachable:
    model: type[Model]
    # (request, object) -> whether the visitor sees the object, hence its files.
    can_view: Callable[[Any, Any], bool]
    # object -> the id of its space (files are filed under it).
    space_id: Callable[[Any], int | None]
    # Loaded with the object when a file is served (what ``can_view`` and ``space_id`` read).
    select_related: tuple[str, ...] = ()


def attachable(
    model: type[Model],
    *,
    can_view: Callable[[Any, Any], bool],
    space_id: Callable[[Any], int | None],
    select_related: tuple[str, ...] = (),
) -> Attachable:
    """The declaration that ``model`` takes attachments (for a manifest's ``attachables``)."""
    return Attachable(
        model=model, can_view=can_view, space_id=space_id, select_related=select_related
    )


_attachables: dict[str, Attachable] = {}


def register_attachable(model: type[Model], **declaration) -> Attachable:
    """For the core's and spaces' own objects; components declare theirs in their manifest."""
    entry = attachable(model, **declaration)
    _attachables[model._meta.label_lower] = entry
    return entry


def attachables() -> dict[str, Attachable]:
    """The core's, then every component manifest's, by model label."""
    from participation.components.registry import declared

    merged = dict(_attachables)
    for entry in declared("attachables"):
        merged[entry.model._meta.label_lower] = entry
    return merged


def attached_model(model: type[Model]) -> type[Model]:
    """The model files of ``model``'s objects are filed under: a space of any type is a
    ``Space`` (one row in the core's table whatever its type)."""
    from participation.models import Space

    return Space if issubclass(model, Space) else model._meta.concrete_model


def content_type_of(target: Model | type[Model]) -> ContentType:
    model = target if isinstance(target, type) else type(target)
    return ContentType.objects.get_for_model(attached_model(model))


def declaration_of(target: Model) -> Attachable | None:
    return attachables().get(attached_model(type(target))._meta.label_lower)


def attachments_of(target: Model) -> QuerySet:
    """The files attached to ``target``, in their order."""
    from participation.models import Attachment

    return Attachment.objects.filter(
        organization_id=target.organization_id,
        content_type=content_type_of(target),
        object_id=target.pk,
    )


def attachments_by_object(targets: Iterable[Model]) -> dict[int, list]:
    """The files of several objects of one model, by object id: one query."""
    from participation.models import Attachment

    targets = list(targets)
    found: dict[int, list] = defaultdict(list)
    if not targets:
        return found
    rows = Attachment.objects.filter(
        content_type=content_type_of(targets[0]), object_id__in=[t.pk for t in targets]
    )
    for row in rows:
        found[row.object_id].append(row)
    return found


def images_and_documents(attachments: Iterable[Any]) -> tuple[list, list]:
    """The images (shown) and the documents (linked) of a list of files, in their order
    (what ``includes/attachments.html`` takes)."""
    attachments = list(attachments)
    return (
        [a for a in attachments if a.is_image],
        [a for a in attachments if not a.is_image],
    )


def can_view_attachment(request, attachment) -> bool:
    """Whoever sees the object the file is attached to (as its declaration says)."""
    content_type = ContentType.objects.get_for_id(attachment.content_type_id)
    entry = attachables().get(f"{content_type.app_label}.{content_type.model}")
    if entry is None:
        return False
    targets = entry.model._default_manager.filter(
        pk=attachment.object_id, organization_id=attachment.organization_id
    )
    if entry.select_related:  # (none given: none, not every foreign key)
        targets = targets.select_related(*entry.select_related)
    target = targets.first()
    if target is None or entry.space_id(target) != attachment.space_id:
        return False
    return bool(entry.can_view(request, target))
