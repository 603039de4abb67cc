"""Checks shared by the space services."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from participation.errors import ErrorCode, ServiceError
from spaces.models import Space
from spaces.permissions import can_manage_space

if TYPE_CHECKING:
    from participation.models import Organization, User


def check_can_manage(*, actor: User, space: Space) -> None:
    if not can_manage_space(actor, space):
        raise ServiceError(
            _("You are not allowed to change this space."), ErrorCode.PERMISSION_DENIED
        )


def check_org_admin(*, actor: User, organization: Organization) -> None:
    if not actor.is_admin_of(organization):
        raise ServiceError(
            _("Only the organisation's administrators can do this."), ErrorCode.PERMISSION_DENIED
        )


def full_clean(*, instance: models.Model, exclude: Collection[str] | None = None) -> None:
    """Model validation, re-raised with the stable ``invalid`` code kept per field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ServiceError(error.message_dict, ErrorCode.INVALID) from error


def snapshot(*, instance: models.Model, fields: list[str]) -> dict:
    """Plain values of ``fields`` for the action log (files as their name, FKs as their id)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field)  # a column, not a reverse relation
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        values[name] = value
    return values
