"""Categories and sub-categories of a space (one level of nesting).

The back-office pages that call these are the spaces app's; areas (``Scope``) are
written with the organisation's other lists by ``spaces.services.taxonomy``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.models import Category, User
from participation.spaces import can_manage_space
from participation.taxonomy import forget_taxonomy

if TYPE_CHECKING:
    from participation.models import Space

FIELDS = ["name", "description", "parent"]


def _check_can_manage(actor: User, space: Space) -> None:
    if not can_manage_space(actor, space):
        raise ServiceError(
            _("You are not allowed to change this space."), ErrorCode.PERMISSION_DENIED
        )


def _snapshot(category: Category) -> dict:
    """Plain values for the action log (the parent as its id)."""
    return {
        "name": category.name,
        "description": category.description,
        "parent": category.parent_id,
    }


def _validate(category: Category) -> None:
    parent = category.parent
    if parent is not None:
        same_space = parent.space_id == category.space_id
        if not same_space or parent.pk == category.pk:
            raise ServiceError(
                _("Choose a value from the list."), ErrorCode.INVALID, field="parent"
            )
        if parent.parent_id is not None:
            raise ServiceError(
                _("A sub-category cannot hold sub-categories: choose a main category."),
                ErrorCode.INVALID,
                field="parent",
            )
        if category.pk and category.children.exists():
            raise ServiceError(
                _("This category has sub-categories, so it must stay a main category."),
                ErrorCode.INVALID,
                field="parent",
            )
    taken = Category.objects.filter(
        space_id=category.space_id,
        parent=parent,
        name__iexact=category.name.strip(),
    )
    if category.pk:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise ServiceError(
            _("A category with this name already exists here."), ErrorCode.NAME_TAKEN, field="name"
        )
    try:
        category.full_clean(exclude=["organization", "space"])
    except ValidationError as error:
        raise ServiceError(error.message_dict, ErrorCode.INVALID) from error


@transaction.atomic
def create_category(*, actor: User, space: Space, data: dict) -> Category:
    _check_can_manage(actor, space)
    category = Category(
        organization=space.organization,
        space=space,
        **{name: data.get(name) or ("" if name != "parent" else None) for name in FIELDS},
    )
    _validate(category)
    category.save()
    forget_taxonomy(category.organization_id)
    core_events.created(organization=space.organization, actor=actor, target=category)
    return category


@transaction.atomic
def update_category(*, actor: User, space: Space, category: Category, data: dict) -> Category:
    _check_can_manage(actor, space)
    category = Category.objects.select_for_update().get(pk=category.pk, space=space)
    before = _snapshot(category)
    for name in FIELDS:
        if name in data:
            setattr(category, name, data[name] if name == "parent" else (data[name] or ""))
    _validate(category)
    category.save()
    forget_taxonomy(category.organization_id)
    core_events.updated(
        organization=space.organization,
        actor=actor,
        target=category,
        changes=diff(before, _snapshot(category)),
    )
    return category


@transaction.atomic
def delete_category(*, actor: User, space: Space, category: Category) -> None:
    _check_can_manage(actor, space)
    if category.space_id != space.pk:
        raise ServiceError(_("No such category here."), ErrorCode.INVALID)
    core_events.deleted(organization=space.organization, actor=actor, target=category)
    category.delete()
    forget_taxonomy(category.organization_id)
