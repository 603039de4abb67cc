"""Process groups, types and areas: organisation-wide lists that only its admins edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.models import Scope, User
from participation.taxonomy import forget_taxonomy
from spaces.models import AssemblyType, ProcessGroup, ProcessType
from spaces.services._common import check_org_admin, full_clean, snapshot

if TYPE_CHECKING:
    from participation.models import Organization

# What these services edit: an organisation's process groups, types and areas.
TaxonomyItem = ProcessGroup | ProcessType | AssemblyType | Scope


def _fields(model: type[TaxonomyItem]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in ("id", "organization")]


def _validate(item: TaxonomyItem) -> None:
    taken = type(item).objects.filter(
        organization_id=item.organization_id, title__iexact=item.title.strip()
    )
    if item.pk:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise ServiceError(
            _("This title is already used. Choose another one."),
            ErrorCode.NAME_TAKEN,
            field="title",
        )
    if isinstance(item, Scope) and item.parent is not None:
        if item.parent.organization_id != item.organization_id:
            raise ServiceError(
                _("Choose a value from the list."), ErrorCode.INVALID, field="parent"
            )
        ancestor: Scope | None = item.parent
        while ancestor is not None:
            if ancestor.pk == item.pk:
                raise ServiceError(
                    _("An area cannot be inside itself."), ErrorCode.INVALID, field="parent"
                )
            ancestor = ancestor.parent
    full_clean(instance=item, exclude=["organization"])


def _apply(item: TaxonomyItem, data: dict) -> None:
    for name in _fields(type(item)):
        if name in data:
            setattr(item, name, data[name])


@transaction.atomic
def create_taxonomy_item(
    *, actor: User, organization: Organization, model: type[TaxonomyItem], data: dict
) -> TaxonomyItem:
    check_org_admin(actor=actor, organization=organization)
    item = model(organization=organization)
    _apply(item, data)
    _validate(item)
    item.save()
    forget_taxonomy(item.organization_id)
    core_events.created(organization=organization, actor=actor, target=item)
    return item


@transaction.atomic
def update_taxonomy_item(*, actor: User, item: TaxonomyItem, data: dict) -> TaxonomyItem:
    check_org_admin(actor=actor, organization=item.organization)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    fields = _fields(type(item))
    before = snapshot(instance=item, fields=fields)
    _apply(item, data)
    _validate(item)
    item.save()
    forget_taxonomy(item.organization_id)
    core_events.updated(
        organization=item.organization,
        actor=actor,
        target=item,
        changes=diff(before, snapshot(instance=item, fields=fields)),
    )
    return item


@transaction.atomic
def delete_taxonomy_item(*, actor: User, item: TaxonomyItem) -> None:
    # Spaces keep existing: their foreign key is set to empty (on_delete=SET_NULL).
    check_org_admin(actor=actor, organization=item.organization)
    core_events.deleted(organization=item.organization, actor=actor, target=item)
    item.delete()
    forget_taxonomy(item.organization_id)
