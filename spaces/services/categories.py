"""Categories and sub-categories of a space (one level of nesting)."""

from django.db import transaction
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.models import User
from spaces.models import Category, Space
from spaces.services._common import check_can_manage, full_clean, snapshot
from spaces.versions import forget_taxonomy

FIELDS = ["name", "description", "parent"]


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
    full_clean(instance=category, exclude=["organization", "space"])


@transaction.atomic
def create_category(*, actor: User, space: Space, data: dict) -> Category:
    check_can_manage(actor=actor, space=space)
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
    check_can_manage(actor=actor, space=space)
    category = Category.objects.select_for_update().get(pk=category.pk, space=space)
    before = snapshot(instance=category, fields=FIELDS)
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
        changes=diff(before, snapshot(instance=category, fields=FIELDS)),
    )
    return category


@transaction.atomic
def delete_category(*, actor: User, space: Space, category: Category) -> None:
    check_can_manage(actor=actor, space=space)
    if category.space_id != space.pk:
        raise ServiceError(_("No such category here."), ErrorCode.INVALID)
    core_events.deleted(organization=space.organization, actor=actor, target=category)
    category.delete()
    forget_taxonomy(category.organization_id)
